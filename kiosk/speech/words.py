"""What the kiosk tells a patient, written and spoken, in one table: the screens show `written`, the voice says
`spoken`. Where the ear needs other words than the eye (the options a blind patient cannot see, a number read
out), the spoken form is stated beside the written one in the same entry and says at least what the screen says;
otherwise it is derived (`for_the_ear`). A test renders every patient screen and fails when they diverge.

Fixed words only: never a name, a PIN, a date or a number read from a card.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from kiosk.domain import ConsentItem
from kiosk.flow import Notice, State

LANGUAGES = ("ja", "en")
_KANJI_DIGITS = "〇一二三四五六七八九"
_ENGLISH_DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _digits_as_words(text: str, language: str) -> str:
    """Single digits as words (「4桁」 → 「四桁」, "4 digits" → "four digits"): no digit is ever spoken as a code."""
    if language == "en":
        return re.sub(r"\d", lambda m: _ENGLISH_DIGITS[int(m.group())], text)
    return re.sub(r"\d", lambda m: _KANJI_DIGITS[int(m.group())], text)


def for_the_ear(written: str, language: str) -> str:
    """The written words as read aloud: quoted button names and brackets become pauses, digits words, and the
    utterance ends as a sentence."""
    text = _digits_as_words(written, language).replace("\n", "。" if language == "ja" else ". ")
    if language == "ja":
        text = text.replace("「", "").replace("」", "、").replace("（", "、").replace("）", "、").replace("：", "、")
        text = text.replace("、、", "、").replace("、。", "。")
        return text if text.endswith(("。", "？", "！")) else text.rstrip("、") + "。"
    text = text.replace("“", "").replace("”", "").replace('"', "")
    return text if text.endswith((".", "?", "!")) else text + "."


def as_heard(text: str, language: str) -> str:
    """Words only (no punctuation, spacing or case; digits as words): to compare what is shown with what is said."""
    return re.sub(r"[\W_]+", "", _digits_as_words(text, language).lower())


@dataclass(frozen=True)
class Phrase:
    """One thing the kiosk tells a patient, in both languages."""

    ja: str
    en: str
    spoken_ja: str | None = None  # stated where the ear needs more than the eye (None: derived)
    spoken_en: str | None = None

    def written(self, language: str) -> str:
        return self.en if language == "en" else self.ja

    def spoken(self, language: str) -> str:
        stated = self.spoken_en if language == "en" else self.spoken_ja
        return stated if stated is not None else for_the_ear(self.written(language), language)


_CHECKING_INSURANCE = Phrase("保険の資格を確認しています", "Checking your insurance",
                             "保険の資格を確認しています。しばらくお待ちください。",
                             "Checking your insurance. Please wait a moment.")

#: Each patient screen's instruction, by the flow's state (FAILED, PIN_BLOCKED and TAKE_CARD speak their failure
#: or ending instead, below).
STATES: Mapping[State, Phrase] = MappingProxyType({
    State.IDLE: Phrase("マイナ保険証を置いてください", "Please place your My Number card",
                       "マイナ保険証を置いてください。受付が終わるまで、置いたままにしてください。",
                       "Please place your My Number card on the card reader, and leave it there until you are "
                       "checked in."),
    State.READING_CARD: Phrase("カードを動かさないでください", "Please do not move the card",
                               "カードを読み取っています。カードを動かさないでください。",
                               "Reading your card. Please do not move the card."),
    State.CHOOSE_METHOD: Phrase("どちらで本人確認しますか", "Choose how to confirm it is you",
                                "どちらで本人確認しますか。顔認証か、暗証番号を選べます。係員を呼ぶこともできます。",
                                "Choose how to confirm it is you: face recognition or your PIN. "
                                "You can also call a staff member."),
    State.FACE: Phrase("カメラを見てください", "Please look at the camera",
                       "顔認証をします。カメラを見てください。自動で撮影します。",
                       "Face recognition. Please look at the camera. The picture is taken automatically."),
    State.PIN_ENTRY: Phrase("暗証番号（数字4桁）を入力してください", "Enter your PIN (4 digits)",
                            "暗証番号、数字四桁を入力してください。入力したら、確定を押してください。"
                            "入力した数字は、声では読み上げません。",
                            "Enter your PIN, four digits, then press OK. The digits are never read aloud."),
    State.VERIFYING_PIN: Phrase("暗証番号を確認しています", "Checking your PIN"),
    State.STAFF_CHECK: Phrase("係員がまいります。そのままお待ちください", "A staff member is coming. Please wait here"),
    State.CONSENT: Phrase("医師・薬剤師への情報提供に同意しますか",
                          "May your doctor and pharmacist see this information?",
                          "医師・薬剤師への情報提供に同意しますか。提供するのは、次の情報です。",
                          "May your doctor and pharmacist see this information? It is the following."),
    State.CONSENT_ITEMS: Phrase("項目ごとに、同意するか選んでください", "For each item, choose whether you agree",
                                "項目ごとに、同意するか選んでください。同意する、か、同意しない、を押してください。"
                                "選んだら、次へ、を押してください。",
                                "For each item, choose whether you agree: press Agree or Do not agree. "
                                "Then press Next."),
    State.PRESCRIPTION: Phrase("お薬が出る場合の処方箋の受け取り方を選んでください",
                               "If you are prescribed medicine, how would you like the prescription?",
                               "お薬が出る場合の処方箋の受け取り方を選んでください。電子処方箋か、紙の処方箋を選べます。",
                               "If you are prescribed medicine, how would you like the prescription? "
                               "Electronic or paper."),
    State.CONFIRM: Phrase("この内容で登録しますか", "Register these choices?",
                          "この内容で登録しますか。よろしければ、登録する、を押してください。",
                          "Register these choices? If they are right, press Register."),
    State.SUBMITTING: _CHECKING_INSURANCE,
    State.RESULT: Phrase("受付が完了しました", "Check-in complete"),
    State.FAILSAFE: Phrase("エラーが発生したため、受付を中止しました", "An error occurred, so the check-in was stopped",
                           "申し訳ありません。エラーが発生したため、受付を中止しました。"
                           "カードをお取りになり、受付窓口にお声がけください。",
                           "We are sorry. An error occurred, so the check-in was stopped. "
                           "Please take your card and speak to the reception desk."),
    State.REGISTER_TERMS: Phrase("下の内容をお読みになり、同意される場合は「同意して登録する」を押してください",
                                 'Please read the terms below. If you agree, press "Agree and register".',
                                 "保険証として使う登録をします。下の内容をお読みになり、同意される場合は、"
                                 "同意して登録する、を押してください。",
                                 "Registering your card for health insurance use. Please read the terms below. "
                                 "If you agree, press Agree and register."),
    State.REGISTERING: Phrase("保険証の利用登録をしています", "Registering your card",
                              "保険証の利用登録をしています。しばらくお待ちください。",
                              "Registering your card. Please wait a moment."),
    State.PAPER_STAFF_AUTH: Phrase("係員が番号を入力して、保険の資格を確認します",
                                   "A staff member will enter the numbers and check your insurance",
                                   "係員がまいります。係員が番号を入力して、保険の資格を確認します。",
                                   "A staff member is coming. A staff member will enter the numbers and check "
                                   "your insurance."),
    State.PAPER_FORM: Phrase("係員が資格確認書などを入力します", "A staff member enters your paper certificate",
                             "係員が資格確認書などを入力します。そのままお待ちください。",
                             "A staff member enters your paper certificate. Please wait."),
    State.PAPER_CHECKING: _CHECKING_INSURANCE,
    State.DECLARATION_FORM: Phrase("加入している健康保険について、わかる範囲で入力してください",
                                   "Please fill in what you know about your health insurance",
                                   "申立書の記入です。加入している健康保険について、わかる範囲で入力してください。",
                                   "Self-declaration form. Please fill in what you know about your health "
                                   "insurance."),
    State.DECLARATION_CONFIRM: Phrase("この内容で申立書を記録します。よろしければ「記録する」を押してください",
                                      'The declaration will be recorded as shown. If it is right, press "Record".'),
    State.DECLARATION_SUBMITTING: Phrase("申立書を記録しています", "Recording your declaration",
                                         "申立書を記録しています。しばらくお待ちください。",
                                         "Recording your declaration. Please wait a moment."),
    State.DECLARATION_DONE: Phrase("申立書を記録しました", "Your self-declaration is recorded",
                                   "申立書を記録しました。受付窓口にお声がけください。",
                                   "Your self-declaration is recorded. Please speak to the reception desk."),
    State.DISASTER_CONSENT: Phrase("カードがなくても、お名前と生年月日で保険の資格を確認できます。"
                                   "係員が、確認してよいか口頭でおうかがいします",
                                   "Without a card, your insurance can be checked by your name and date of birth. "
                                   "A staff member will ask whether you agree",
                                   "災害時の資格確認です。カードがなくても、お名前と生年月日で保険の資格を確認できます。"
                                   "係員が、確認してよいか口頭でおうかがいします。",
                                   "Insurance check for disasters. Without a card, your insurance can be checked by "
                                   "your name and date of birth. A staff member will ask whether you agree."),
    State.DISASTER_FORM: Phrase("フリガナと生年月日を入力してください",
                                "Your name in katakana and date of birth",
                                "お名前のフリガナと、生年月日を入力してください。",
                                "Please enter: your name in katakana and date of birth."),
    State.DISASTER_LOOKUP: _CHECKING_INSURANCE,
})

NOTICES: Mapping[Notice, Phrase] = MappingProxyType({
    Notice.PIN_WRONG: Phrase("暗証番号が違います。もう一度入力してください", "Wrong PIN. Please enter it again"),
    Notice.PIN_FORMAT: Phrase("暗証番号は数字4桁です", "The PIN has 4 digits"),
    Notice.FACE_RETRY: Phrase("照合できませんでした。もう一度カメラを見てください",
                              "Not recognised. Please look at the camera again"),
    Notice.FACE_FAILED_USE_PIN: Phrase("顔認証ができませんでした。暗証番号で受付できます",
                                       "Face recognition did not succeed. You can check in with your PIN"),
    Notice.CAMERA_LOST_USE_PIN: Phrase("カメラが使えません。暗証番号で受付できます",
                                       "The camera is not available. You can check in with your PIN"),
    Notice.CARD_FRONT_UNREAD_USE_PIN: Phrase("カードの券面を読み取れませんでした。暗証番号で受付できます",
                                             "The front of your card could not be read. You can check in with "
                                             "your PIN"),
    Notice.CERT_GRACE_NO_CONSENT: Phrase(
        "電子証明書の期限が切れています（猶予期間中）。今回は資格確認のみ行います。市区町村で更新してください",
        "Your certificate has expired (grace period). Only your insurance is checked this time. "
        "Please renew it at your city office"),
    Notice.CERT_EXPIRING_SOON: Phrase("電子証明書の有効期限が近づいています。市区町村の窓口で更新してください",
                                      "Your certificate expires soon. Please renew it at your city office"),
    Notice.DECLARATION_NOT_SAVED: Phrase(
        "申立書を記録できませんでした。もう一度「記録する」を押すか、受付窓口にお申し出ください",
        'The declaration could not be recorded. Press "Record" again or go to the reception desk.'),
    Notice.FACE_LOCKED_USE_PIN: Phrase(
        "このカードは顔認証が続けて合わなかったため、顔認証を止めています。暗証番号で受付できます",
        "Face recognition failed too often with this card and is off for it. You can use your PIN"),
    Notice.CANCELLED_CARD_REMOVED: Phrase("カードが取り出されたため、受付を中止しました",
                                          "The card was taken away, so the reception was stopped"),
    Notice.IDENTITY_CONFIRMED: Phrase("本人確認ができました", "Identity confirmed"),
    Notice.STAFF_CALLED: Phrase("係員を呼んでいます。そのままお待ちください",
                                "Staff have been called. Please wait here"),
})

#: The face step's prompts, by the value the flow names (kiosk.faceauth's coaching and liveness prompts): the
#: patient's own left and right, since the preview is a mirror.
FACE_PROMPTS: Mapping[str, Phrase] = MappingProxyType({
    "come_closer": Phrase("もう少し近づいてください", "Please come a little closer"),
    "more_light": Phrase("明るい所へ移動してください", "Please move somewhere brighter"),
    "face_the_camera": Phrase("カメラの正面で、そのまま止まってください", "Please face the camera and hold still"),
    "remove_mask": Phrase("マスクを外してください", "Please take off your mask"),
    "remove_glasses": Phrase("眼鏡を外してください", "Please take off your glasses"),
    "turn_left": Phrase("顔をゆっくり、ご自分から見て左に向けてください", "Slowly turn your head to your own left"),
    "turn_right": Phrase("顔をゆっくり、ご自分から見て右に向けてください", "Slowly turn your head to your own right"),
})

#: The PIN's tries left, from the flow's own counter (0..3): shown with a digit, said as a word.
TRIES_LEFT: Mapping[int, Phrase] = MappingProxyType({
    0: Phrase("もう入力できません", "No tries left"),
    1: Phrase("あと1回入力できます", "1 try left"),
    2: Phrase("あと2回入力できます", "2 tries left"),
    3: Phrase("あと3回入力できます", "3 tries left"),
})

#: How a visit ended, on the take-card screen (its title; the voice adds what to do).
TAKE_CARD: Mapping[str, Phrase] = MappingProxyType({
    "completed": Phrase("ありがとうございました", "Thank you",
                        "ありがとうございました。カードをお取りください。", "Thank you. Please take your card."),
    "not_done": Phrase("受付はできていません", "You are not checked in",
                       "受付はできていません。カードをお取りになり、受付窓口にお申し出ください。",
                       "You are not checked in. Please take your card and speak to the reception desk."),
    "stopped": Phrase("受付を中止しました", "Reception stopped",
                      "受付を中止しました。カードをお取りください。", "Reception stopped. Please take your card."),
})

def consent_item(item: ConsentItem) -> Phrase:
    """One line of the first consent screen's list, said too: what would be shared, from the consent catalogue."""
    ja, en = item.words("ja"), item.words("en")
    return Phrase(f"{ja.name}（{ja.description}）", f"{en.name} ({en.description})")


#: Words a screen shows beside its instruction that the voice says too.
OTHER: Mapping[str, Phrase] = MappingProxyType({
    # After the list of what would be shared: the two answers (the button's words, and what to press).
    "consent.answers": Phrase("すべて同意する", "Agree to all",
                              "すべて同意する、か、項目ごとに選ぶ、を押してください。",
                              "Press Agree to all, or Choose item by item."),
    # What a failure screen offers, said after the failure (the screen shows it as the next step).
    "offer.register": Phrase("「今すぐ登録する」を押すと、この場で登録して受付を続けられます。"
                             "カードは置いたままにしてください",
                             "Press “Register now” to register here and go on with your reception. Please leave "
                             "your card on the reader."),
    "offer.declare": Phrase("「申立書を記入する」を押すと、この場で申立書を記入できます（カードは置いたまま）。"
                            "記入しない場合は、カードをお取りになり受付窓口にお申し出ください",
                            "Press “Fill in a self-declaration” to fill it in here (leave your card on the reader). "
                            "Otherwise, please take your card and go to the reception desk."),
    "pin.last_try": Phrase("次に間違えるとロックされ、市区町村の窓口でしか解除できません。"
                           "わからない場合は顔認証か係員をご利用ください",
                           "One more wrong PIN locks it, and only your city office can unlock it. "
                           "If unsure, use face recognition or call staff"),
    "result.take_card": Phrase("カードをお取りください", "Please take your card",
                               "カードをお取りください。お呼びするまで、待合室でお待ちください。",
                               "Please take your card. Then wait in the waiting room until you are called."),
    "result.wait": Phrase("お呼びするまで待合室でお待ちください",
                          "Please wait in the waiting room until you are called"),
    "still_there": Phrase("まだお使いですか？", "Are you still there?",
                          "まだお使いですか？続ける場合は、画面の、続けるを押してください。",
                          "Are you still there? To continue, press Continue on the screen."),
    "staff.called": Phrase("係員を呼んでいます。しばらくお待ちください", "A staff member has been called. Please wait"),
})
