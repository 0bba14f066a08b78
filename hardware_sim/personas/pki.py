"""The test JPKI: a CA for user-auth certificates, one for signature certificates, and the card-face issuer.

Private keys are committed test keys (`keys/*.pem`, never used outside simulation) so that every process --
the virtual card behind vpcd, the backend, the kiosk -- derives byte-identical certificates and CRLs for a
given day without sharing state. RSA PKCS#1 v1.5 signatures are deterministic, so the DER is too.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from .model import Persona

KEYS_DIR = Path(__file__).parent / "keys"

AUTH_CA_NAME = x509.Name([
    x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
    x509.NameAttribute(NameOID.ORGANIZATION_NAME, "JPKI TEST"),
    x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "JPKI for user authentication (simulation)"),
])
SIGN_CA_NAME = x509.Name([
    x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
    x509.NameAttribute(NameOID.ORGANIZATION_NAME, "JPKI TEST"),
    x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "JPKI for digital signature (simulation)"),
])
_CA_EPOCH = date(2020, 1, 1)
_CA_EXPIRY = date(2045, 12, 31)


def load_key(name: str) -> rsa.RSAPrivateKey:
    """A committed test key by file stem, e.g. `ca-auth` or `normal-auth`."""
    return _load_key_cached(name)


@functools.cache
def _load_key_cached(name: str) -> rsa.RSAPrivateKey:
    key = serialization.load_pem_private_key((KEYS_DIR / f"{name}.pem").read_bytes(), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise TypeError(f"{name} is not an RSA key")
    return key


def _utc(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=UTC)


def _end_of(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59), tzinfo=UTC)


@functools.cache
def _ca_certificate(kind: str) -> x509.Certificate:
    key = load_key(f"ca-{kind}")
    name = AUTH_CA_NAME if kind == "auth" else SIGN_CA_NAME
    return (
        x509.CertificateBuilder()
        .subject_name(name).issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1 if kind == "auth" else 2)
        .not_valid_before(_utc(_CA_EPOCH)).not_valid_after(_end_of(_CA_EXPIRY))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )


def auth_ca_certificate() -> x509.Certificate:
    """The CA certificate of user-auth certificates (JPKI EF 000B)."""
    return _ca_certificate("auth")


def sign_ca_certificate() -> x509.Certificate:
    """The CA certificate of signature certificates (JPKI EF 0002)."""
    return _ca_certificate("sign")


def card_face_issuer_key() -> rsa.RSAPrivateKey:
    """The issuer key that signs the card-face data (DF28)."""
    return load_key("card-face-issuer")


def _leaf(persona: Persona, kind: str, subject: x509.Name, key_usage: x509.KeyUsage) -> x509.Certificate:
    ca_key = load_key(f"ca-{kind}")
    ca = _ca_certificate(kind)
    public_key = load_key(f"{persona.key}-{kind}").public_key()
    return (
        x509.CertificateBuilder()
        .subject_name(subject).issuer_name(ca.subject)
        .public_key(public_key)
        .serial_number(persona.cert_serial if kind == "auth" else persona.cert_serial | 0x80000)
        .not_valid_before(_utc(persona.cert_not_before)).not_valid_after(_end_of(persona.cert_not_after))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(key_usage, critical=True)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )


@functools.cache
def user_auth_certificate(persona: Persona) -> x509.Certificate:
    """利用者証明用電子証明書: carries no name, only an opaque subject (as the real one)."""
    subject = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
        x509.NameAttribute(NameOID.COMMON_NAME, f"JPKI-TEST-{persona.cert_serial:08X}"),
    ])
    usage = x509.KeyUsage(True, False, False, False, False, False, False, False, False)
    return _leaf(persona, "auth", subject, usage)


@functools.cache
def signature_certificate(persona: Persona) -> x509.Certificate:
    """署名用電子証明書: holds name and address (behind the signature password on the card)."""
    subject = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
        x509.NameAttribute(NameOID.COMMON_NAME, persona.name),
        x509.NameAttribute(NameOID.LOCALITY_NAME, persona.address or "-"),
    ])
    usage = x509.KeyUsage(True, True, False, False, False, False, False, False, False)
    return _leaf(persona, "sign", subject, usage)


@dataclass(frozen=True)
class RevocationList:
    der: bytes
    revoked_serials: frozenset[int]


def user_auth_crl(personas: list[Persona], today: date) -> RevocationList:
    """The CA's current CRL of user-auth certificates, listing every revoked persona."""
    ca_key = load_key("ca-auth")
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(auth_ca_certificate().subject)
        .last_update(_utc(today)).next_update(_utc(today + timedelta(days=1)))
    )
    serials = frozenset(p.cert_serial for p in personas if p.cert_revoked and p.is_my_number_card)
    for serial in sorted(serials):
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(_utc(_CA_EPOCH)).build()
        )
    crl = builder.sign(ca_key, hashes.SHA256())
    return RevocationList(crl.public_bytes(serialization.Encoding.DER), serials)


# --- the certified-reader authentication (a model of 特定機関認証; docs/card-interface.md) -------------------------

READER_CA_NAME = x509.Name([
    x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
    x509.NameAttribute(NameOID.ORGANIZATION_NAME, "JPKI TEST"),
    x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "certified readers (simulation of 特定機関認証)"),
])


@functools.cache
def certified_reader_ca_certificate() -> x509.Certificate:
    """The simulated J-LIS CA that issues certified-reader keys; every virtual card trusts it."""
    key = load_key("ca-reader")
    return (
        x509.CertificateBuilder()
        .subject_name(READER_CA_NAME).issuer_name(READER_CA_NAME)
        .public_key(key.public_key()).serial_number(3)
        .not_valid_before(_utc(_CA_EPOCH)).not_valid_after(_end_of(_CA_EXPIRY))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
        .sign(key, hashes.SHA256())
    )


@functools.cache
def certified_reader_certificate() -> x509.Certificate:
    """The simulated kiosk's certified-reader certificate (its key: `certified_reader_key()`)."""
    ca_key = load_key("ca-reader")
    return (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "mynakiosk simulated certified reader")]))
        .issuer_name(READER_CA_NAME).public_key(certified_reader_key().public_key()).serial_number(0x5EAD)
        .not_valid_before(_utc(_CA_EPOCH)).not_valid_after(_end_of(_CA_EXPIRY))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )


def certified_reader_key() -> rsa.RSAPrivateKey:
    return load_key("certified-reader")
