"""The local test CA of the TLS side: server certificate and one client certificate per kiosk (mutual TLS).

Every kiosk certificate is bound to one facility (医療機関コード, in the subject's organizational unit): the backend
answers and accepts only that facility's receptions on its connections. The service signs its answers with its own
answer key (`answer.pem`, CN `eligibility answers`), so that a kiosk can tell the backend's refusal from a proxy's.

Beside them, `operator-token`: the simulated national system's own operators (the tester declaring a disaster)
present it as a bearer token; a kiosk certificate alone does not open the operator endpoints.
"""

from __future__ import annotations

import ipaddress
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from kiosk.atomic_file import write_atomically

DEFAULT_KIOSK_FACILITY = "1310000001"  # the facility of `kiosk.pem` (the simulated kiosk's default code)
ANSWER_SIGNER_NAME = "eligibility answers"
CA_NAME = x509.Name([
    x509.NameAttribute(NameOID.ORGANIZATION_NAME, "mynakiosk test"),
    x509.NameAttribute(NameOID.COMMON_NAME, "eligibility test CA"),
])


@dataclass(frozen=True)
class PkiPaths:
    """The PEM files a tester needs to call the backend with curl."""

    directory: Path

    @property
    def ca(self) -> Path:
        return self.directory / "ca.pem"

    @property
    def ca_key(self) -> Path:
        return self.directory / "ca-key.pem"

    @property
    def server(self) -> Path:
        return self.directory / "server.pem"

    @property
    def server_key(self) -> Path:
        return self.directory / "server-key.pem"

    @property
    def kiosk(self) -> Path:
        return self.directory / "kiosk.pem"

    @property
    def kiosk_key(self) -> Path:
        return self.directory / "kiosk-key.pem"

    @property
    def answer(self) -> Path:
        return self.directory / "answer.pem"

    @property
    def answer_key(self) -> Path:
        return self.directory / "answer-key.pem"

    @property
    def operator_token(self) -> Path:
        return self.directory / "operator-token"


def _write_secret(path: Path, data: bytes) -> None:
    """Written whole (replace) and readable by the owner only."""
    write_atomically(path, data, mode=0o600)


def _write_private(path: Path, key: ec.EllipticCurvePrivateKey) -> None:
    _write_secret(path, key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))


def _write_cert(path: Path, cert: x509.Certificate) -> None:
    write_atomically(path, cert.public_bytes(serialization.Encoding.PEM))


def _load_key(path: Path) -> ec.EllipticCurvePrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise TypeError(f"{path} is not an EC key")
    return key


def kiosk_facility(certificate: x509.Certificate) -> str | None:
    """The facility code a kiosk certificate is bound to (None: not a kiosk certificate of this PKI)."""
    units = certificate.subject.get_attributes_for_oid(NameOID.ORGANIZATIONAL_UNIT_NAME)
    value = str(units[0].value) if len(units) == 1 else ""
    return value if len(value) == 10 and value.isascii() and value.isdigit() else None


def _issue(subject: str, public_key: ec.EllipticCurvePublicKey, ca_key: ec.EllipticCurvePrivateKey,
           *, server: bool, facility: str | None = None) -> x509.Certificate:
    now = datetime.now(UTC)
    names = [x509.NameAttribute(NameOID.COMMON_NAME, subject)]
    if facility is not None:
        names.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, facility))
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name(names))
        .issuer_name(CA_NAME).public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=825))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage(
            [ExtendedKeyUsageOID.SERVER_AUTH if server else ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
    )
    if server:
        builder = builder.add_extension(x509.SubjectAlternativeName([
            x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
        ]), critical=False)
    return builder.sign(ca_key, hashes.SHA256())


def issue_kiosk_certificate(paths: PkiPaths, kiosk_id: str, cert_path: Path, key_path: Path,
                            facility_code: str = DEFAULT_KIOSK_FACILITY) -> None:
    """Issue one more kiosk client certificate (CN = kiosk id, OU = its facility code) from the test CA."""
    if len(facility_code) != 10 or not facility_code.isdigit():
        raise ValueError("a facility code is 10 digits")
    key = ec.generate_private_key(ec.SECP256R1())
    _write_private(key_path, key)
    _write_cert(cert_path, _issue(kiosk_id, key.public_key(), _load_key(paths.ca_key), server=False,
                                  facility=facility_code))


def _bound_to_a_facility(path: Path) -> bool:
    return kiosk_facility(x509.load_pem_x509_certificate(path.read_bytes())) is not None


def ensure_pki(directory: Path) -> PkiPaths:
    """Create whichever of the CA, server and kiosk files are missing; keep the ones that exist."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = PkiPaths(directory)
    if not paths.ca.exists() or not paths.ca_key.exists():
        ca_key = ec.generate_private_key(ec.SECP256R1())
        now = datetime.now(UTC)
        ca = (
            x509.CertificateBuilder().subject_name(CA_NAME).issuer_name(CA_NAME)
            .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256())
        )
        _write_private(paths.ca_key, ca_key)
        _write_cert(paths.ca, ca)
        for stale in (paths.server, paths.kiosk, paths.answer):  # issued by a CA that no longer exists
            stale.unlink(missing_ok=True)
    if not paths.server.exists() or not paths.server_key.exists():
        key = ec.generate_private_key(ec.SECP256R1())
        _write_private(paths.server_key, key)
        _write_cert(paths.server, _issue("localhost", key.public_key(), _load_key(paths.ca_key), server=True))
    if not paths.kiosk.exists() or not paths.kiosk_key.exists() or not _bound_to_a_facility(paths.kiosk):
        issue_kiosk_certificate(paths, "kiosk-01", paths.kiosk, paths.kiosk_key)
    if not paths.answer.exists() or not paths.answer_key.exists():
        key = ec.generate_private_key(ec.SECP256R1())
        _write_private(paths.answer_key, key)
        _write_cert(paths.answer, _issue(ANSWER_SIGNER_NAME, key.public_key(), _load_key(paths.ca_key), server=False))
    if not paths.operator_token.exists():
        _write_secret(paths.operator_token, (secrets.token_urlsafe(32) + "\n").encode())
    return paths


def read_operator_token(directory: Path) -> str:
    """The operator token kept in the PKI directory (made by `ensure_pki`).

    Raises:
        FileNotFoundError: the directory has no token (not prepared by `ensure_pki`).
    """
    token = PkiPaths(directory).operator_token.read_text().strip()
    if not token:
        raise FileNotFoundError(f"empty operator token in {directory}")
    return token
