"""Each failure of the flow in the words table: a title (what happened, in short), what happened, and what to do
next, written as the guidance screen shows them; the voice says the title and the next step (`spoken`). Keyed by
the flow's `Failure` value, plus two variants the screen words differently (a locked PIN when face authentication
is not offered either; a check kept to be sent later)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from kiosk.flow import Failure

from .words import Phrase

PIN_BLOCKED_NO_FACE = "pin_blocked.no_face"
BACKEND_QUEUED = "backend_unavailable.queued"


@dataclass(frozen=True)
class FailureWords:
    title: Phrase
    happened: Phrase
    next_step: Phrase

    def spoken(self, language: str) -> str:
        """What went wrong and what to do: the title and the next step, as read aloud."""
        return self.title.spoken(language) + (" " if language == "en" else "") + self.next_step.spoken(language)

    def as_phrase(self) -> Phrase:
        """The title as shown, with the whole utterance as its spoken form."""
        return Phrase(self.title.ja, self.title.en, self.spoken("ja"), self.spoken("en"))


def failure_key(failure: Failure, *, queued: bool = False, face_available: bool = True) -> str:
    """Which entry of `FAILURES` a failure screen shows (and says)."""
    if failure is Failure.PIN_BLOCKED and not face_available:
        return PIN_BLOCKED_NO_FACE
    if failure is Failure.BACKEND_UNAVAILABLE and queued:
        return BACKEND_QUEUED
    return failure.value


FAILURES: Mapping[str, FailureWords] = MappingProxyType({
    "pin_blocked.no_face": FailureWords(
        Phrase("係員が本人確認をします",
               "Staff will confirm who you are"),
        Phrase("顔認証ができず、暗証番号はロックされているため使えません",
               "Face recognition did not succeed, and the PIN is locked"),
        Phrase("「係員を呼ぶ」を押してください。係員がカードの写真とお顔を確かめます",
               "Press \"Call staff\". Staff will compare your face with the card photo")),
    "backend_unavailable.queued": FailureWords(
        Phrase("資格確認は後ほど行います",
               "Your insurance will be checked later"),
        Phrase("通信の不具合のため、受付内容を記録しました",
               "Because of a network problem, your check-in was recorded"),
        Phrase("受付窓口にお申し出ください。係員が確認して受付します",
               "Please go to the reception desk. Staff will check and complete your check-in")),
    "not_my_number_card": FailureWords(
        Phrase("マイナンバーカードではありません",
               "This is not a My Number card"),
        Phrase("置かれたカードはマイナンバーカードとして読み取れませんでした",
               "The card could not be read as a My Number Card"),
        Phrase("カードをケースやカバーから出して、マイナンバーカードだけを置き直してください。読めない場合は「係員を呼ぶ」を押してください",
               "Take the card out of its case or cover and place only your My Number Card. If it still cannot be read"
               ", press \"Call staff\"")),
    "card_unreadable": FailureWords(
        Phrase("カードを読み取れませんでした",
               "The card could not be read"),
        Phrase("カードがずれているか、読み取りに失敗しました",
               "The card moved or reading failed"),
        Phrase("カードをケースやカバーから出して、置き直してください。続けて読めない場合は「係員を呼ぶ」を押してください",
               "Take the card out of its case or cover and place it again. If it still cannot be read, press \"Call s"
               "taff\"")),
    "cert_expired": FailureWords(
        Phrase("マイナンバーカードの更新が必要です",
               "Your My Number Card needs renewing"),
        Phrase("本人確認に使うカードの電子証明書の有効期限が切れています",
               "The card's electronic certificate, used to confirm who you are, has expired"),
        Phrase("お住まいの市区町村の窓口で更新できます（無料）。今日の受付は、カードをお取りになり受付窓口にお申し出ください",
               "You can renew it free of charge at your city office. For today, please take your card and go to the r"
               "eception desk")),
    "cert_revoked": FailureWords(
        Phrase("このカードはご利用いただけません",
               "This card cannot be used"),
        Phrase("紛失などの届出により、電子証明書が停止されています",
               "The certificate was suspended after a loss report"),
        Phrase("カードをお取りになり、資格確認書をお持ちの方はそれを、ない場合は受付窓口にお申し出ください",
               "Please take your card. Show your eligibility certificate if you have one; otherwise go to the recepti"
               "on desk")),
    "pin_blocked": FailureWords(
        Phrase("暗証番号がロックされています",
               "Your PIN is locked"),
        Phrase("暗証番号を続けて間違えたため、このカードでは暗証番号が使えません",
               "The PIN was entered wrongly too many times, so it cannot be used on this card"),
        Phrase("顔認証か係員による確認で受付できます。ロックの解除はお住まいの市区町村の窓口で行えます",
               "You can check in with face recognition or a staff check. Your city office can unlock the PIN")),
    "identity_not_confirmed": FailureWords(
        Phrase("ご本人の確認ができませんでした",
               "Your identity could not be confirmed"),
        Phrase("係員による確認が完了しませんでした",
               "The staff check was not completed"),
        Phrase("カードをお取りになり、受付窓口にお申し出ください",
               "Please take your card and go to the reception desk")),
    "not_registered": FailureWords(
        Phrase("保険証の利用登録がされていません",
               "Not registered for health-insurance use"),
        Phrase("このカードは健康保険証として登録されていません",
               "This card is not registered as a health-insurance card"),
        Phrase("カードをお取りになり、受付窓口にお申し出ください。資格情報のお知らせがあればご提示ください",
               "Please take your card and go to the reception desk. Show your qualification notice if you have one")),
    "qualification_invalid": FailureWords(
        Phrase("この保険の資格は無効になっています",
               "This insurance is no longer valid"),
        Phrase("退職や転居などで、この保険の資格を失っています",
               "Your coverage under this insurance has ended (for example after leaving a job or moving)"),
        Phrase("受付窓口で、新しい保険の資格情報のお知らせか資格確認書をご提示ください。ない場合は申立書をご記入いただきます",
               "Please show the reception desk the notice or eligibility certificate of your new insurance. If you ha"
               "ve none, you will fill in a self-declaration")),
    "qualification_superseded": FailureWords(
        Phrase("新しい保険の資格があります",
               "You have a newer insurance"),
        Phrase("このカードでは古い資格情報しか確認できませんでした",
               "Only old insurance information was found for this card"),
        Phrase("受付窓口にお申し出ください。新しい保険の情報を係員が確認します",
               "Please go to the reception desk. Staff will check your new insurance")),
    "no_qualification": FailureWords(
        Phrase("有効な保険の資格が確認できませんでした",
               "No valid insurance could be confirmed"),
        Phrase("転職などで保険が切り替わった場合に起こります",
               "This happens when your insurance changed, for example after a job change"),
        Phrase("受付窓口で、資格情報のお知らせか資格確認書をご提示ください。ない場合は申立書をご記入いただきます",
               "At the reception desk, show your qualification notice or eligibility certificate. Without one, you wi"
               "ll fill in a self-declaration")),
    "several_candidates": FailureWords(
        Phrase("保険の資格を確定できませんでした",
               "Your insurance could not be determined"),
        Phrase("複数の資格情報が見つかりました",
               "Several insurance records were found"),
        Phrase("受付窓口にお申し出ください。係員が確認します",
               "Please go to the reception desk. Staff will check")),
    "backend_unavailable": FailureWords(
        Phrase("ただいま資格確認ができません",
               "Insurance cannot be checked right now"),
        Phrase("通信または国のシステムに障害が発生しています",
               "The network or the national system has a problem"),
        Phrase("受付窓口にお申し出ください。係員が確認して受付します",
               "Please go to the reception desk. Staff will check and complete your check-in")),
    "backend_rejected": FailureWords(
        Phrase("資格確認ができませんでした",
               "Your insurance could not be checked"),
        Phrase("資格確認の問い合わせが受け付けられませんでした",
               "The insurance check request was refused"),
        Phrase("受付窓口にお申し出ください。係員が確認します",
               "Please go to the reception desk. Staff will check")),
    "registration_failed": FailureWords(
        Phrase("保険証の利用登録ができませんでした",
               "The card could not be registered"),
        Phrase("登録の手続きが受け付けられませんでした",
               "The registration was not accepted"),
        Phrase("受付窓口にお申し出ください。係員が確認します",
               "Please go to the reception desk. Staff will check")),
    "registration_unavailable": FailureWords(
        Phrase("ただいま利用登録ができません",
               "Registration is not possible right now"),
        Phrase("通信または国のシステムに障害が発生しています",
               "The network or the national system has a problem"),
        Phrase("後ほど受付機、マイナポータル、または市区町村の窓口で登録できます。今回は受付窓口にお申し出ください",
               "You can register later at a kiosk, on Mynaportal or at your municipal office. For today, please go to"
               " the reception desk.")),
    "disaster_not_declared": FailureWords(
        Phrase("カードなしでの資格確認はできません",
               "Insurance cannot be checked without a card here"),
        Phrase("この地域は災害時の特別な確認の対象になっていません",
               "This area is not covered by the disaster arrangements"),
        Phrase("受付窓口にお申し出ください。係員が確認します",
               "Please go to the reception desk. Staff will check")),
})
