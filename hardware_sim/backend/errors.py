"""Error codes of the backend API: each with its HTTP status and whether a client may simply retry."""

from __future__ import annotations

from enum import StrEnum

from kiosk.domain import forms


class ErrorCode(StrEnum):
    # Malformed input: never stored, never a 500.
    INVALID_JSON = "INVALID_JSON"
    INVALID_REQUEST = "INVALID_REQUEST"
    INVALID_BASE64 = "INVALID_BASE64"
    INVALID_CERTIFICATE = "INVALID_CERTIFICATE"
    BODY_TOO_LARGE = "BODY_TOO_LARGE"
    NOT_FOUND = "NOT_FOUND"
    METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"
    # Freshness and replay.
    CHALLENGE_UNKNOWN = "CHALLENGE_UNKNOWN"
    CHALLENGE_USED = "CHALLENGE_USED"
    CHALLENGE_EXPIRED = "CHALLENGE_EXPIRED"
    DEFERRED_TOO_OLD = "DEFERRED_TOO_OLD"
    IDEMPOTENCY_CONFLICT = "IDEMPOTENCY_CONFLICT"
    ATTESTATION_INVALID = "ATTESTATION_INVALID"
    SEQUENCE_REQUIRED = "SEQUENCE_REQUIRED"
    SEQUENCE_REUSED = "SEQUENCE_REUSED"
    # Who is calling: every kiosk certificate is bound to one facility.
    KIOSK_UNKNOWN = "KIOSK_UNKNOWN"
    FACILITY_MISMATCH = "FACILITY_MISMATCH"
    RATE_LIMITED = "RATE_LIMITED"
    # Final decisions about the patient: stored for audit and replayed for the same idempotency key.
    CERT_UNTRUSTED = "CERT_UNTRUSTED"
    CERT_EXPIRED = "CERT_EXPIRED"
    CERT_REVOKED = "CERT_REVOKED"
    SIGNATURE_INVALID = "SIGNATURE_INVALID"
    FACE_NOT_MATCHED = "FACE_NOT_MATCHED"
    CARD_FACE_UNVERIFIED = "CARD_FACE_UNVERIFIED"
    PERSON_UNKNOWN = "PERSON_UNKNOWN"
    NOT_REGISTERED = "NOT_REGISTERED"
    # Insurance-use registration, number check, disaster mode, self-declaration (form problems: FORM_CODES).
    TERMS_NOT_AGREED = "TERMS_NOT_AGREED"
    TERMS_UNKNOWN = "TERMS_UNKNOWN"
    ALREADY_REGISTERED = "ALREADY_REGISTERED"
    REQUEST_STALE = "REQUEST_STALE"
    DISASTER_NOT_DECLARED = "DISASTER_NOT_DECLARED"
    NAME_REQUIRED = "NAME_REQUIRED"
    NAME_TOO_LONG = "NAME_TOO_LONG"
    NAME_INVALID_CHARACTERS = "NAME_INVALID_CHARACTERS"
    KANA_REQUIRED = "KANA_REQUIRED"
    KANA_TOO_LONG = "KANA_TOO_LONG"
    KANA_NOT_KATAKANA = "KANA_NOT_KATAKANA"
    BIRTH_DATE_REQUIRED = "BIRTH_DATE_REQUIRED"
    BIRTH_DATE_IN_FUTURE = "BIRTH_DATE_IN_FUTURE"
    BIRTH_DATE_TOO_OLD = "BIRTH_DATE_TOO_OLD"
    INSURER_OR_EMPLOYER_REQUIRED = "INSURER_OR_EMPLOYER_REQUIRED"
    INSURER_OR_EMPLOYER_TOO_LONG = "INSURER_OR_EMPLOYER_TOO_LONG"
    PHONE_REQUIRED = "PHONE_REQUIRED"
    PHONE_INVALID = "PHONE_INVALID"
    INSURER_NUMBER_FORMAT = "INSURER_NUMBER_FORMAT"
    INSURER_NUMBER_CHECK_DIGIT = "INSURER_NUMBER_CHECK_DIGIT"
    SYMBOL_INVALID = "SYMBOL_INVALID"
    NUMBER_INVALID = "NUMBER_INVALID"
    BRANCH_INVALID = "BRANCH_INVALID"
    STAFF_ID_INVALID = "STAFF_ID_INVALID"
    VERBAL_CONSENT_MISSING = "VERBAL_CONSENT_MISSING"
    # The simulated national system's operator endpoints (/v1/admin/...).
    OPERATOR_ONLY = "OPERATOR_ONLY"
    INTERNAL = "INTERNAL"


# Problems of typed forms: kiosk.domain.forms.FormProblem says which codes they are (422, nothing stored).
# Each is also a member above, so the API's codes stay one typed enum; ErrorCode(...) fails at import if one is not.
FORM_CODES = frozenset(ErrorCode(problem.value) for problem in forms.FormProblem)

HTTP_STATUS: dict[ErrorCode, int] = {
    ErrorCode.INVALID_JSON: 400,
    ErrorCode.INVALID_REQUEST: 422,
    ErrorCode.INVALID_BASE64: 422,
    ErrorCode.INVALID_CERTIFICATE: 422,
    ErrorCode.BODY_TOO_LARGE: 413,
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.METHOD_NOT_ALLOWED: 405,
    ErrorCode.OPERATOR_ONLY: 401,
    ErrorCode.CHALLENGE_UNKNOWN: 409,
    ErrorCode.CHALLENGE_USED: 409,
    ErrorCode.CHALLENGE_EXPIRED: 409,
    ErrorCode.DEFERRED_TOO_OLD: 422,
    ErrorCode.IDEMPOTENCY_CONFLICT: 409,
    ErrorCode.ATTESTATION_INVALID: 401,
    ErrorCode.SEQUENCE_REQUIRED: 422,
    ErrorCode.SEQUENCE_REUSED: 409,
    ErrorCode.KIOSK_UNKNOWN: 401,
    ErrorCode.FACILITY_MISMATCH: 403,
    ErrorCode.RATE_LIMITED: 429,
    ErrorCode.CERT_UNTRUSTED: 403,
    ErrorCode.CERT_EXPIRED: 403,
    ErrorCode.CERT_REVOKED: 403,
    ErrorCode.SIGNATURE_INVALID: 401,
    ErrorCode.FACE_NOT_MATCHED: 403,
    ErrorCode.CARD_FACE_UNVERIFIED: 403,
    ErrorCode.PERSON_UNKNOWN: 404,
    ErrorCode.NOT_REGISTERED: 403,
    ErrorCode.TERMS_NOT_AGREED: 422,
    ErrorCode.TERMS_UNKNOWN: 422,
    ErrorCode.ALREADY_REGISTERED: 409,
    ErrorCode.REQUEST_STALE: 422,
    ErrorCode.DISASTER_NOT_DECLARED: 403,
    **{code: 422 for code in FORM_CODES},
    ErrorCode.INTERNAL: 500,
}

MESSAGES: dict[ErrorCode, str] = {
    ErrorCode.INVALID_JSON: "the body is not valid JSON",
    ErrorCode.INVALID_REQUEST: "the request does not match the schema",
    ErrorCode.INVALID_BASE64: "a binary field is not valid base64",
    ErrorCode.INVALID_CERTIFICATE: "a certificate is not valid DER",
    ErrorCode.BODY_TOO_LARGE: "the body is larger than allowed",
    ErrorCode.NOT_FOUND: "no such resource",
    ErrorCode.METHOD_NOT_ALLOWED: "method not allowed",
    ErrorCode.CHALLENGE_UNKNOWN: "the challenge was not issued by this service",
    ErrorCode.CHALLENGE_USED: "the challenge was already used",
    ErrorCode.CHALLENGE_EXPIRED: "the challenge has expired",
    ErrorCode.DEFERRED_TOO_OLD: "the deferred reception is too old or lies in the future",
    ErrorCode.IDEMPOTENCY_CONFLICT: "the idempotency key was already used for a different reception",
    ErrorCode.ATTESTATION_INVALID: "the kiosk attestation does not verify",
    ErrorCode.SEQUENCE_REQUIRED: "a deferred reception needs the kiosk's sequence number (and no challenge)",
    ErrorCode.SEQUENCE_REUSED: "this kiosk already used the sequence number for another reception",
    ErrorCode.KIOSK_UNKNOWN: "no kiosk certificate of the kiosk CA, bound to a facility, on this connection",
    ErrorCode.FACILITY_MISMATCH: "a kiosk may only send and read its own facility's receptions",
    ErrorCode.RATE_LIMITED: "too many requests from this kiosk: wait and retry",
    ErrorCode.CERT_UNTRUSTED: "the user-authentication certificate does not chain to the JPKI CA",
    ErrorCode.CERT_EXPIRED: "the user-authentication certificate has expired",
    ErrorCode.CERT_REVOKED: "the user-authentication certificate is revoked",
    ErrorCode.SIGNATURE_INVALID: "the card's signature does not verify",
    ErrorCode.FACE_NOT_MATCHED: "the face match or liveness check did not pass",
    ErrorCode.CARD_FACE_UNVERIFIED: "the card-face data signature was not verified",
    ErrorCode.PERSON_UNKNOWN: "no insured person holds this certificate",
    ErrorCode.NOT_REGISTERED: "the card is not registered for health-insurance use",
    ErrorCode.TERMS_NOT_AGREED: "the patient has not agreed to the terms of insurance use",
    ErrorCode.TERMS_UNKNOWN: "this version of the terms is not known to the service",
    ErrorCode.ALREADY_REGISTERED: "the card is already registered for health-insurance use",
    ErrorCode.REQUEST_STALE: "captured_at is too far from the service's clock",
    ErrorCode.DISASTER_NOT_DECLARED: "no disaster is declared for this facility: lookup without a card refused",
    ErrorCode.NAME_REQUIRED: "the name is required",
    ErrorCode.NAME_TOO_LONG: "the name is longer than 50 characters",
    ErrorCode.NAME_INVALID_CHARACTERS: "the name contains control characters",
    ErrorCode.KANA_REQUIRED: "the name in katakana is required",
    ErrorCode.KANA_TOO_LONG: "the name in katakana is longer than 50 characters",
    ErrorCode.KANA_NOT_KATAKANA: "the name in katakana contains other characters",
    ErrorCode.BIRTH_DATE_REQUIRED: "the birth date is required",
    ErrorCode.BIRTH_DATE_IN_FUTURE: "the birth date lies in the future",
    ErrorCode.BIRTH_DATE_TOO_OLD: "the birth date is before 1900",
    ErrorCode.INSURER_OR_EMPLOYER_REQUIRED: "the insurer or employer is required",
    ErrorCode.INSURER_OR_EMPLOYER_TOO_LONG: "the insurer or employer is longer than 60 characters",
    ErrorCode.PHONE_REQUIRED: "a contact phone number is required",
    ErrorCode.PHONE_INVALID: "the phone number needs 10 or 11 digits starting with 0",
    ErrorCode.INSURER_NUMBER_FORMAT: "the insurer number needs 6 or 8 digits",
    ErrorCode.INSURER_NUMBER_CHECK_DIGIT: "the insurer number's check digit is wrong",
    ErrorCode.SYMBOL_INVALID: "the symbol (記号) needs 1 to 20 characters",
    ErrorCode.NUMBER_INVALID: "the number (番号) needs 1 to 20 letters or digits",
    ErrorCode.BRANCH_INVALID: "the branch number (枝番) needs 2 digits",
    ErrorCode.STAFF_ID_INVALID: "the staff id needs 1 to 32 letters, digits, _ or -",
    ErrorCode.VERBAL_CONSENT_MISSING: "staff did not record the patient's verbal consent",
    ErrorCode.OPERATOR_ONLY: "operators of the national system only: send the operator token as a bearer token",
    ErrorCode.INTERNAL: "internal error",
}

# Decisions about the patient that are stored and replayed under the idempotency key.
FINAL_CODES = frozenset({
    ErrorCode.CERT_UNTRUSTED, ErrorCode.CERT_EXPIRED, ErrorCode.CERT_REVOKED, ErrorCode.SIGNATURE_INVALID,
    ErrorCode.FACE_NOT_MATCHED, ErrorCode.CARD_FACE_UNVERIFIED, ErrorCode.PERSON_UNKNOWN, ErrorCode.NOT_REGISTERED,
    ErrorCode.ALREADY_REGISTERED, ErrorCode.DISASTER_NOT_DECLARED,
})


class ApiError(Exception):
    """A documented API error; the app turns it into `{"code", "message", "retryable"}`."""

    def __init__(self, code: ErrorCode, detail: str | None = None) -> None:
        super().__init__(code.value)
        self.code = code
        self.detail = detail

    @property
    def status(self) -> int:
        return HTTP_STATUS[self.code]

    def body(self) -> dict[str, object]:
        message = MESSAGES[self.code] + (f": {self.detail}" if self.detail else "")
        return {"code": self.code.value, "message": message,
                "retryable": self.status >= 500 or self.code is ErrorCode.RATE_LIMITED}
