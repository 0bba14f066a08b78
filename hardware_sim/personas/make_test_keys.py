"""Creates the committed simulation keys that are missing (`python -m hardware_sim.personas.make_test_keys`).

Run it after adding a persona. The keys exist only to make the simulated JPKI deterministic across processes.
"""

from __future__ import annotations

from datetime import date

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from . import all_personas
from .pki import KEYS_DIR


def main() -> None:
    names = ["ca-auth", "ca-sign", "card-face-issuer", "ca-reader", "certified-reader"]
    for persona in all_personas(date.today()).values():
        if persona.is_my_number_card:
            names += [f"{persona.key}-auth", f"{persona.key}-sign"]
    KEYS_DIR.mkdir(exist_ok=True)
    for name in names:
        path = KEYS_DIR / f"{name}.pem"
        if path.exists():
            continue
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        path.write_bytes(key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ))
        print(f"created {path}")


if __name__ == "__main__":
    main()
