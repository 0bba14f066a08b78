"""Serving the desk over HTTPS: the listening address from the settings, a certificate for it (made once, kept in
the desk's folder, when none is configured)."""

from __future__ import annotations

import datetime
import ipaddress
import socket
from dataclasses import dataclass
from pathlib import Path

import uvicorn
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from kiosk.atomic_file import write_atomically

from .app import Desk, create_app


@dataclass(frozen=True)
class Listen:
    host: str
    port: int

    @classmethod
    def parse(cls, text: str) -> Listen:
        """`HOST:PORT` (e.g. 192.168.1.20:8444, 127.0.0.1:0 for any free port).

        Raises:
            ValueError: not HOST:PORT.
        """
        host, _, port = text.rpartition(":")
        if not host or not port.isdigit():
            raise ValueError(f"listening address {text!r} is not HOST:PORT")
        return cls(host.strip("[]"), int(port))


def ensure_certificate(folder: Path, host: str) -> tuple[Path, Path]:
    """A self-signed certificate for `host` in `folder` (desk.pem, desk-key.pem, mode 0600), made if missing.
    A clinic with its own CA configures its certificate instead (`kiosk desk --cert --key`)."""
    cert, key = folder / "desk.pem", folder / "desk-key.pem"
    if cert.exists() and key.exists():
        return cert, key
    folder.mkdir(parents=True, exist_ok=True)
    private = ec.generate_private_key(ec.SECP256R1())
    names: list[x509.GeneralName] = [x509.DNSName("localhost")]
    for name in {host, "127.0.0.1"}:
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(name)))
        except ValueError:
            names.append(x509.DNSName(name))
    now = datetime.datetime.now(datetime.UTC)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "kiosk reception desk")])
    certificate = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
                   .public_key(private.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now - datetime.timedelta(minutes=5))
                   .not_valid_after(now + datetime.timedelta(days=825))
                   .add_extension(x509.SubjectAlternativeName(names), critical=False)
                   .sign(private, hashes.SHA256()))
    write_atomically(key, private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                serialization.NoEncryption()), mode=0o600)
    write_atomically(cert, certificate.public_bytes(serialization.Encoding.PEM))
    return cert, key


def bind(listen: Listen) -> socket.socket:
    family = socket.AF_INET6 if ":" in listen.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((listen.host, listen.port))
    sock.listen(64)
    return sock


def serve(desk: Desk, sock: socket.socket, cert: Path, key: Path) -> None:
    """Run until interrupted (SIGINT/SIGTERM), on an already bound socket (so the caller knows the port)."""
    config = uvicorn.Config(create_app(desk), ssl_certfile=str(cert), ssl_keyfile=str(key), log_level="warning",
                            access_log=False, timeout_graceful_shutdown=1)
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[sock])
    finally:
        desk.close()
