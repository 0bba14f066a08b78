"""The exact bytes the card and the kiosk sign, and the backend rebuilds to verify: the wire contract of a reception."""

from __future__ import annotations

import hashlib
import json

CARD_STATEMENT_HEADER = "MYNA-RECEPTION/1"


def card_statement(*, idempotency_key: str, facility_code: str, captured_at: str, certificate_der: bytes,
                   challenge_b64: str | None, sequence: int | None = None) -> bytes:
    """What the card signs with its user-auth key, whatever the identity method: the backend's challenge online,
    or, for a reception kept while the backend could not be reached, the kiosk's sequence number instead."""
    lines = [
        CARD_STATEMENT_HEADER,
        f"key={idempotency_key}",
        f"facility={facility_code}",
        f"captured_at={captured_at}",
        f"certificate_sha256={hashlib.sha256(certificate_der).hexdigest()}",
        f"challenge={challenge_b64 or '-'}",
    ]
    if sequence is not None:
        lines.append(f"sequence={sequence}")
    return "\n".join(lines).encode()


def kiosk_statement(card_part: bytes, *, method: str, method_fields: list[tuple[str, str]],
                    consents: list[str], prescription: int | None = None) -> bytes:
    """What the kiosk signs with its client key: the card statement plus identity evidence, consents (wire names)
    and, when the patient was asked, the prescription choice (a line absent otherwise, so earlier statements hold)."""
    lines = [f"method={method}", *(f"{name}={value}" for name, value in method_fields),
             f"consents={','.join(sorted(consents))}"]
    if prescription is not None:
        lines.append(f"prescription={prescription}")
    return card_part + b"\n" + "\n".join(lines).encode()


def face_fields(distance: float, liveness: bool, card_face_signature_valid: bool,
                card_signature: bytes) -> list[tuple[str, str]]:
    return [("distance", f"{distance:.4f}"), ("liveness", str(int(liveness))),
            ("card_face_signature_valid", str(int(card_face_signature_valid))), *pin_fields(card_signature)]


def pin_fields(card_signature: bytes) -> list[tuple[str, str]]:
    return [("card_signature_sha256", hashlib.sha256(card_signature).hexdigest())]


def staff_fields(staff_id: str, card_signature: bytes) -> list[tuple[str, str]]:
    return [("staff_id", staff_id), *pin_fields(card_signature)]


_FRESHNESS_LINES = (b"challenge=", b"sequence=", b"card_signature_sha256=")


def reception_digest(kiosk_part: bytes) -> str:
    """The reception a kiosk statement describes, without its freshness proof (challenge or sequence, and the card
    signature over it): the online form and the deferred form of one reception share it, another reception cannot."""
    kept = [line for line in kiosk_part.split(b"\n") if not line.startswith(_FRESHNESS_LINES)]
    return hashlib.sha256(b"\n".join(kept)).hexdigest()


REGISTRATION_HEADER = "MYNA-REGISTRATION/1"


def registration_card_statement(*, idempotency_key: str, facility_code: str, captured_at: str,
                                certificate_der: bytes, challenge_b64: str) -> bytes:
    """What the card signs to register for insurance use: like a reception's, under its own header."""
    reception = card_statement(idempotency_key=idempotency_key, facility_code=facility_code, captured_at=captured_at,
                               certificate_der=certificate_der, challenge_b64=challenge_b64)
    return REGISTRATION_HEADER.encode() + reception[len(CARD_STATEMENT_HEADER):]


def registration_statement(card_part: bytes, *, method: str, method_fields: list[tuple[str, str]],
                           terms_version: str, agreed: bool) -> bytes:
    """What the kiosk signs for a registration: the card statement, identity evidence and the agreement."""
    lines = [f"method={method}", *(f"{name}={value}" for name, value in method_fields),
             f"terms_version={terms_version}", f"agreed={int(agreed)}"]
    return card_part + b"\n" + "\n".join(lines).encode()


def request_statement(kind: str, fields: dict[str, str | int | bool | None]) -> bytes:
    """What the kiosk signs for a request without a card (number check, disaster lookup, self-declaration).

    The fields are canonical JSON (sorted keys), so no typed value can forge another field.
    """
    body = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return f"MYNA-{kind.upper()}/1\n{body}".encode()


def answer_message(method: str, path: str, request_sha256: bytes, status: int, body: bytes) -> bytes:
    """What the backend signs with its answer key: the answer (status and body) bound to the request it answers."""
    return (f"MYNA-ANSWER/1\n{method} {path}\nrequest_sha256={request_sha256.hex()}\nstatus={status}\n"
            f"body_sha256={hashlib.sha256(body).hexdigest()}").encode()
