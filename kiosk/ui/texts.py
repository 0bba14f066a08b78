"""Words for the flow's notices, failures and face prompts (the flow names them; only the UI says them)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication

from kiosk.flow import Notice

from .screens.face import FacePrompt

FACE_PROMPTS: dict[str, FacePrompt] = {prompt.value: prompt for prompt in FacePrompt}


GOOD_NEWS = frozenset({Notice.IDENTITY_CONFIRMED})


def notice_text(notice: Notice | None) -> str | None:
    """A hint for the current screen; PIN_WRONG is shown by the PIN screen itself."""
    if notice is None or notice is Notice.PIN_WRONG:
        return None
    translate = QCoreApplication.translate
    texts = {
        Notice.PIN_FORMAT: translate("Notice", "暗証番号は数字4桁です"),
        Notice.FACE_RETRY: translate("Notice", "照合できませんでした。もう一度カメラを見てください"),
        Notice.FACE_FAILED_USE_PIN: translate("Notice", "顔認証ができませんでした。暗証番号で受付できます"),
        Notice.CAMERA_LOST_USE_PIN: translate("Notice", "カメラが使えません。暗証番号で受付できます"),
        Notice.CARD_FRONT_UNREAD_USE_PIN: translate(
            "Notice", "カードの券面を読み取れませんでした。暗証番号で受付できます"),
        Notice.FACE_LOCKED_USE_PIN: translate(
            "Notice", "このカードは顔認証が続けて合わなかったため、顔認証を止めています。暗証番号で受付できます"),
        Notice.CERT_GRACE_NO_CONSENT: translate(
            "Notice", "電子証明書の期限切れ（猶予期間中）：今回は資格確認のみ行います。市区町村で更新してください"),
        Notice.CERT_EXPIRING_SOON: translate(
            "Notice", "電子証明書の有効期限が近づいています。市区町村の窓口で更新してください"),
        Notice.IDENTITY_CONFIRMED: translate("Notice", "本人確認ができました"),
        Notice.CANCELLED_CARD_REMOVED: translate(
            "Notice", "カードが取り出されたため、受付を中止しました"),
        Notice.STAFF_CALLED: translate("Notice", "係員を呼んでいます。そのままお待ちください"),
        Notice.DECLARATION_NOT_SAVED: translate(
            "Notice", "申立書を記録できませんでした。もう一度「記録する」を押すか、受付窓口にお申し出ください"),
    }
    return texts.get(notice)


def format_date(day: date) -> str:
    """A date as people write it: 2026年3月31日 in Japanese, 2026-03-31 in English."""
    pattern = QCoreApplication.translate("Date", "{year}年{month}月{day}日")
    return pattern.format(year=day.year, month=day.month, day=day.day, mm=f"{day.month:02d}", dd=f"{day.day:02d}")
