"""Finished checks as the result file and the desk see them: built where the check's answer (or refusal) is known.

One table per boundary: eligibility error categories -> the ErrorMessage clinic staff read in the result file.
"""

from __future__ import annotations

from datetime import datetime

from kiosk.domain import QualificationValidity
from kiosk.eligibility import DeferredReception, EligibilityError, EligibilityResult, ErrorCategory
from kiosk.results import CardIdentity, CheckError, CheckMethod, FinishedCheck, reception_id

from .session import PatientSession

UNREACHABLE = CheckError("BACKEND_UNREACHABLE",
                         "資格確認システムに接続できません。受付は端末に保存され、回復後に照会されます")
CARD_DID_NOT_SIGN = CheckError("CARD_DID_NOT_SIGN", "カードが署名できませんでした（照会は送信されていません）")
_MESSAGES = {
    ErrorCategory.NETWORK_DOWN: UNREACHABLE.message,
    ErrorCategory.TIMEOUT: UNREACHABLE.message,
    ErrorCategory.SERVER_ERROR: "資格確認システムでエラーが発生しました",
    ErrorCategory.CERT_EXPIRED: "利用者証明用電子証明書の有効期限が切れています",
    ErrorCategory.CERT_REVOKED: "利用者証明用電子証明書が失効しています",
    ErrorCategory.CERT_UNTRUSTED: "電子証明書を確認できません",
    ErrorCategory.NOT_REGISTERED: "健康保険証としての利用登録がされていません",
    ErrorCategory.PERSON_UNKNOWN: "該当する資格情報がありません",
    ErrorCategory.IDENTITY_REJECTED: "本人確認が受け付けられませんでした",
    ErrorCategory.DISASTER_NOT_DECLARED: "災害の指定がないため照会できません",
    ErrorCategory.SEVERAL_CANDIDATES: "複数の該当者がいます",
    ErrorCategory.CLOCK_SKEW: "端末の時刻がずれています",
    ErrorCategory.INVALID_INPUT: "入力内容に誤りがあります",
}
_OTHER = "照会が受け付けられませんでした"


def _now() -> datetime:
    return datetime.now().astimezone()


def card_identity(session: PatientSession) -> CardIdentity | None:
    """The card's own birth date and sex, when its card-face AP was read in this session (face, staff check)."""
    card = session.card
    if card is None or card.card_face_identity is None:
        return None
    birth_date, sex = card.card_face_identity
    return CardIdentity(birth_date, sex)


def answered(key: str, method: CheckMethod, facility_code: str, result: EligibilityResult,
             card: CardIdentity | None = None) -> FinishedCheck:
    """The national system answered (any validity, 2-5 included): a normal end."""
    return FinishedCheck(reception_id(key), _now(), method, facility_code, result, card=card)


def refused(key: str, method: CheckMethod, facility_code: str, error: EligibilityError,
            card: CardIdentity | None = None) -> FinishedCheck:
    """A refusal: an answer when it carries one (invalid qualification, several people), else an abnormal end."""
    if error.result is not None:
        return answered(key, method, facility_code, error.result, card)
    if error.category is ErrorCategory.SEVERAL_CANDIDATES:
        return FinishedCheck(reception_id(key), _now(), method, facility_code, None,
                             validity=QualificationValidity.SEVERAL_CANDIDATES)
    failure = CheckError(error.code or error.category.name, _MESSAGES.get(error.category, _OTHER))
    return FinishedCheck(reception_id(key), _now(), method, facility_code, None, failure, card=card)


def deferred(answer: DeferredReception, method: CheckMethod, facility_code: str,
             card: CardIdentity | None = None) -> FinishedCheck:
    """The backend could not be reached: kept in the outbox, an abnormal end for the clinic now."""
    return FinishedCheck(reception_id(answer.idempotency_key), _now(), method, facility_code, None, UNREACHABLE,
                         card=card)


def not_signed(key: str, method: CheckMethod, facility_code: str) -> FinishedCheck:
    return FinishedCheck(reception_id(key), _now(), method, facility_code, None, CARD_DID_NOT_SIGN)
