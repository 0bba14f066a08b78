"""The seam between the kiosk and whatever answers eligibility checks."""

from __future__ import annotations

from typing import Any, Protocol

from .models import CheckRequest, EligibilityResult, Submission
from .paths_models import (
    Declaration,
    DeclarationReceipt,
    DeclarationRecord,
    DisasterLookupRequest,
    NumberCheckRequest,
    RegistrationRequest,
    RegistrationResult,
    TermsInfo,
)


class EligibilityClient(Protocol):
    def issue_challenge(self) -> str:
        """A fresh single-use challenge (base64).

        Raises:
            EligibilityError: retryable when the backend cannot be reached.
        """
        ...

    def prepare(self, request: CheckRequest, challenge: str | None, *, sequence: int | None = None,
                captured_at: str | None = None) -> Submission:
        """Sign the reception (the card for every method, the kiosk key always): online with `challenge`, or, with
        `challenge` None, the deferred form carrying the kiosk's `sequence` number."""
        ...

    def send(self, submission: Submission) -> EligibilityResult:
        """Submit a prepared reception; the same idempotency key always gets the first answer.

        Raises:
            EligibilityError: a refusal (not retryable) or a failure to reach the backend (retryable).
        """
        ...

    def check(self, request: CheckRequest) -> EligibilityResult:
        """Challenge, sign and send online; raises INVALID_QUALIFICATION when the answer is not "valid"."""
        ...

    def today_records(self, facility_code: str | None = None) -> list[dict[str, Any]]:
        """Staff view: today's checks as the backend stored them."""
        ...

    def registration_terms(self) -> TermsInfo:
        """The insurance-use terms versions the backend accepts (show and send `current`)."""
        ...

    def register(self, request: RegistrationRequest) -> RegistrationResult:
        """保険証利用登録: challenge, card signature (PIN) or face evidence, agreement; then check the card as usual.

        Raises:
            EligibilityError: TERMS_NOT_AGREED (not sent), TERMS_OUTDATED, ALREADY_REGISTERED, CERT_*,
                IDENTITY_REJECTED, PERSON_UNKNOWN, CHALLENGE_FAILED, or retryable network trouble.
        """
        ...

    def check_by_number(self, request: NumberCheckRequest) -> EligibilityResult:
        """資格確認書 / 資格情報のお知らせ: staff-entered numbers; consents are 3 (could not be obtained).

        Raises:
            EligibilityError: INVALID_INPUT with `problems` (not sent), PERSON_UNKNOWN, INVALID_QUALIFICATION, ...
        """
        ...

    def disaster_lookup(self, request: DisasterLookupRequest) -> EligibilityResult:
        """災害時モード: by kana and birth date with verbal consent.

        Raises:
            EligibilityError: INVALID_INPUT (not sent), DISASTER_NOT_DECLARED, PERSON_UNKNOWN, SEVERAL_CANDIDATES,
                INVALID_QUALIFICATION, ...
        """
        ...

    def prepare_declaration(self, declaration: Declaration) -> Submission:
        """Validate and sign a self-declaration for the outbox.

        Raises:
            EligibilityError: INVALID_INPUT with `problems`.
        """
        ...

    def send_declaration(self, submission: Submission) -> DeclarationReceipt:
        """Send a prepared self-declaration; the same idempotency key always gets the first answer."""
        ...

    def today_declarations(self, facility_code: str | None = None) -> list[DeclarationRecord]:
        """Staff view: today's self-declarations as the backend stored them."""
        ...

    def close(self) -> None: ...
