"""Every spoken prompt and tone, as data: an id, Japanese and English words, and which screen or event uses it.

Prompts hold fixed words only: never a name, a PIN, a date or a number read from a card. The one count that is
spoken, the PIN tries left, comes from the flow's counter as one of four fixed prompts (zero to three), written
as number words so that no digit appears in any prompt.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from kiosk.domain.pin import USER_AUTH_PIN_TRIES
from kiosk.flow import Failure, Notice, OutcomeKind, State

LANGUAGES = ("ja", "en")


@dataclass(frozen=True)
class Prompt:
    """Words spoken in one of the two screen languages."""

    id: str
    ja: str
    en: str

    def text(self, language: str) -> str:
        return self.en if language == "en" else self.ja


@dataclass(frozen=True)
class Tone:
    """A short synthetic sound: notes played one after another (Hz, seconds), without words."""

    id: str
    notes: tuple[tuple[float, float], ...]
    level: float = 0.35  # peak amplitude, 0..1, before the volume setting


CHIME = Tone("tone.chime", ((880.0, 0.12), (1318.5, 0.22)))  # the card was read
CLICK = Tone("tone.click", ((1500.0, 0.025),), level=0.3)  # a PIN key, the same for every digit
ERROR = Tone("tone.error", ((330.0, 0.18), (262.0, 0.3)))  # a wrong PIN, a failure screen
TONES: tuple[Tone, ...] = (CHIME, CLICK, ERROR)

_STATES: dict[State, tuple[str, str]] = {
    State.IDLE: ("マイナ保険証を、カードリーダーに置いてください。",
                 "Please place your My Number health insurance card on the card reader."),
    State.READING_CARD: ("カードを読み取っています。カードを動かさないでください。",
                         "Reading your card. Please do not move the card."),
    State.CHOOSE_METHOD: ("本人確認の方法を選んでください。顔認証か、暗証番号を選べます。係員を呼ぶこともできます。",
                          "Please choose how to confirm your identity: face recognition or your PIN. "
                          "You can also call a staff member."),
    State.FACE: ("顔認証をします。カメラを見てください。自動で撮影します。",
                 "Face recognition. Please look at the camera. The picture is taken automatically."),
    State.PIN_ENTRY: ("暗証番号、数字四桁を入力して、確定を押してください。入力した数字は、声では読み上げません。",
                      "Please enter your four digit PIN, then press OK. The digits are never read aloud."),
    State.VERIFYING_PIN: ("暗証番号を確認しています。", "Checking your PIN."),
    State.STAFF_CHECK: ("係員がまいります。そのままお待ちください。",
                        "A staff member is coming. Please wait here."),
    State.CONSENT: ("医療情報を、医師や薬剤師に提供してよいか、項目ごとに選んでください。",
                    "Please choose, item by item, whether your doctor and pharmacist may see your medical "
                    "information."),
    State.PRESCRIPTION: ("処方箋の受け取り方を、電子処方箋か、紙の処方箋から選んでください。",
                         "Please choose how to receive your prescription: electronic or paper."),
    State.CONFIRM: ("内容を確認して、よろしければ、登録するを押してください。",
                    "Please check your choices. If they are right, press Register."),
    State.SUBMITTING: ("保険の資格を確認しています。しばらくお待ちください。",
                       "Checking your insurance. Please wait a moment."),
    State.RESULT: ("受付が完了しました。", "Your reception is complete."),
    State.FAILSAFE: ("申し訳ありません。エラーが発生したため、受付を中止しました。"
                     "カードをお取りになり、受付窓口にお声がけください。",
                     "We are sorry. An error occurred and the reception was stopped. "
                     "Please take your card and speak to the reception desk."),
    State.REGISTER_TERMS: ("保険証として使う登録をします。内容をお読みになり、同意される場合は、"
                           "同意して登録する、を押してください。",
                           "Registering your card for health insurance use. Please read the terms. "
                           "If you agree, press Agree and register."),
    State.REGISTERING: ("保険証の利用登録をしています。しばらくお待ちください。",
                        "Registering your card. Please wait a moment."),
    State.PAPER_STAFF_AUTH: ("係員がまいります。番号は係員が入力します。",
                             "A staff member is coming and will enter the numbers."),
    State.PAPER_FORM: ("係員が入力しています。そのままお待ちください。",
                       "A staff member is entering the details. Please wait."),
    State.PAPER_CHECKING: ("保険の資格を確認しています。しばらくお待ちください。",
                           "Checking your insurance. Please wait a moment."),
    State.DECLARATION_FORM: ("申立書の記入です。加入している健康保険について、わかる範囲で入力してください。",
                             "Self-declaration form. Please enter what you know about your health insurance."),
    State.DECLARATION_CONFIRM: ("入力内容を確認して、よろしければ、記録するを押してください。",
                                "Please check what you entered. If it is right, press Record."),
    State.DECLARATION_SUBMITTING: ("申立書を記録しています。しばらくお待ちください。",
                                   "Recording your declaration. Please wait a moment."),
    State.DECLARATION_DONE: ("申立書を記録しました。受付窓口にお声がけください。",
                             "Your declaration is recorded. Please speak to the reception desk."),
    State.DISASTER_CONSENT: ("災害時の資格確認です。係員がまいります。",
                             "Insurance check for disasters. A staff member is coming."),
    State.DISASTER_FORM: ("お名前のフリガナと、生年月日を入力してください。",
                          "Please enter your name in katakana and your date of birth."),
    State.DISASTER_LOOKUP: ("保険の資格を確認しています。しばらくお待ちください。",
                            "Checking your insurance. Please wait a moment."),
}

# Each failure: what happened and what to do next, as one utterance (the guidance screen's words, for the ear).
_FAILURES: dict[Failure, tuple[str, str]] = {
    Failure.PIN_BLOCKED: ("暗証番号がロックされています。係員による確認で受付できます。"
                          "ロックの解除は、お住まいの市区町村の窓口で行えます。",
                          "Your PIN is locked. A staff member can confirm your identity instead. "
                          "The lock can be reset at your city office."),
    Failure.CERT_EXPIRED: ("電子証明書の有効期限が切れています。カードをお取りになり、受付窓口にお申し出ください。"
                           "証明書の更新は、市区町村の窓口で行えます。",
                           "The certificate on your card has expired. Please take your card and speak to the "
                           "reception desk. You can renew it at your city office."),
    Failure.CERT_REVOKED: ("このカードはご利用いただけません。カードをお取りになり、受付窓口にお申し出ください。",
                           "This card cannot be used. Please take your card and speak to the reception desk."),
    Failure.NOT_MY_NUMBER_CARD: ("マイナンバーカードではありません。カードをお取りになり、ケースから出して、"
                                 "マイナンバーカードを置き直してください。",
                                 "This is not a My Number card. Please take it, remove your My Number card "
                                 "from its case, and place it again."),
    Failure.CARD_UNREADABLE: ("カードを読み取れませんでした。カードをお取りになり、置き直してください。",
                              "The card could not be read. Please take your card and place it again."),
    Failure.NOT_REGISTERED: ("このカードは、健康保険証として登録されていません。",
                             "This card is not registered for health insurance use."),
    Failure.QUALIFICATION_SUPERSEDED: ("新しい保険の資格があります。受付窓口にお申し出ください。",
                                       "There is a newer insurance record. Please speak to the reception desk."),
    Failure.IDENTITY_NOT_CONFIRMED: ("ご本人の確認ができませんでした。"
                                     "カードをお取りになり、受付窓口にお申し出ください。",
                                     "Your identity could not be confirmed. Please take your card and speak to "
                                     "the reception desk."),
    Failure.BACKEND_REJECTED: ("資格確認ができませんでした。受付窓口にお申し出ください。",
                               "Your insurance could not be checked. Please speak to the reception desk."),
    Failure.SEVERAL_CANDIDATES: ("保険の資格を確定できませんでした。受付窓口にお申し出ください。",
                                 "Your insurance could not be determined. Please speak to the reception desk."),
    Failure.BACKEND_UNAVAILABLE: ("ただいま資格確認ができません。受付窓口にお申し出ください。",
                                  "Insurance checks are not available right now. Please speak to the reception "
                                  "desk."),
    Failure.REGISTRATION_FAILED: ("保険証の利用登録ができませんでした。受付窓口にお申し出ください。",
                                  "The registration did not succeed. Please speak to the reception desk."),
    Failure.REGISTRATION_UNAVAILABLE: ("ただいま利用登録ができません。今回は受付窓口にお申し出ください。",
                                       "Registration is not available right now. Please speak to the reception "
                                       "desk."),
    Failure.DISASTER_NOT_DECLARED: ("カードなしでの資格確認はできません。受付窓口にお申し出ください。",
                                    "Insurance cannot be checked without a card here. Please speak to the "
                                    "reception desk."),
    Failure.NO_QUALIFICATION: ("有効な保険の資格が確認できませんでした。受付窓口にお申し出ください。",
                               "No valid insurance was found. Please speak to the reception desk."),
    Failure.QUALIFICATION_INVALID: ("この保険の資格は無効になっています。受付窓口にお申し出ください。",
                                    "This insurance is no longer valid. Please speak to the reception desk."),
}

_NOTICES: dict[Notice, tuple[str, str]] = {
    Notice.PIN_WRONG: ("暗証番号が違います。", "The PIN is not correct."),
    Notice.PIN_FORMAT: ("暗証番号は、数字四桁です。", "The PIN has four digits."),
    Notice.FACE_RETRY: ("照合できませんでした。もう一度カメラを見てください。",
                        "Not recognised. Please look at the camera again."),
    Notice.FACE_FAILED_USE_PIN: ("顔認証ができませんでした。暗証番号で受付できます。",
                                 "Face recognition did not succeed. You can use your PIN instead."),
    Notice.CAMERA_LOST_USE_PIN: ("カメラが使えません。暗証番号で受付できます。",
                                 "The camera is not available. You can use your PIN instead."),
    Notice.CARD_FRONT_UNREAD_USE_PIN: ("カードの券面を読み取れませんでした。暗証番号で受付できます。",
                                       "The front of your card could not be read. You can use your PIN instead."),
    Notice.CERT_GRACE_NO_CONSENT: ("電子証明書の期限が切れています。今回は保険の資格確認のみ行います。",
                                   "Your card's certificate has expired. This time only your insurance is checked."),
    Notice.CERT_EXPIRING_SOON: ("電子証明書の有効期限が近づいています。市区町村の窓口で更新してください。",
                                "Your card's certificate expires soon. Please renew it at your city office."),
    Notice.DECLARATION_NOT_SAVED: ("申立書を記録できませんでした。"
                                   "もう一度、記録するを押すか、受付窓口にお申し出ください。",
                                   "The declaration could not be recorded. Press Record again, or speak to the "
                                   "reception desk."),
    Notice.FACE_LOCKED_USE_PIN: ("このカードは顔認証を止めています。暗証番号で受付できます。",
                                 "Face recognition is off for this card. You can use your PIN."),
    Notice.CANCELLED_CARD_REMOVED: ("カードが取り出されたため、受付を中止しました。",
                                    "The card was taken away, so the reception was stopped."),
    Notice.IDENTITY_CONFIRMED: ("本人確認ができました。", "Your identity is confirmed."),
    Notice.STAFF_CALLED: ("係員を呼んでいます。そのままお待ちください。", "Staff have been called. Please wait here."),
}

# The face step's prompts (kiosk.faceauth.model LivenessPrompt and Coaching values): the patient's own left/right.
_FACE: dict[str, tuple[str, str]] = {
    "turn_left": ("顔を、ゆっくり、ご自分から見て左に向けてください。",
                  "Please turn your head slowly to your own left."),
    "turn_right": ("顔を、ゆっくり、ご自分から見て右に向けてください。",
                   "Please turn your head slowly to your own right."),
    "come_closer": ("もう少し近づいてください。", "Please come a little closer."),
    "more_light": ("明るい所へ移動してください。", "Please move somewhere brighter."),
    "face_the_camera": ("カメラの正面で、そのまま止まってください。", "Please face the camera and hold still."),
}

_TRIES_LEFT: dict[int, tuple[str, str]] = {
    0: ("もう入力できません。", "No tries left."),
    1: ("あと一回入力できます。", "One try left."),
    2: ("あと二回入力できます。", "Two tries left."),
    3: ("あと三回入力できます。", "Three tries left."),
}

_TAKE_CARD: dict[str, tuple[str, str]] = {
    "completed": ("ありがとうございました。カードをお取りください。", "Thank you. Please take your card."),
    "not_done": ("受付はできていません。カードをお取りになり、受付窓口にお申し出ください。",
                 "You are not checked in. Please take your card and speak to the reception desk."),
    "stopped": ("受付を中止しました。カードをお取りください。", "The reception was stopped. Please take your card."),
}

_OTHER: dict[str, tuple[str, str]] = {
    "pin.last_try": ("次に間違えるとロックされます。わからない場合は、係員を呼んでください。",
                     "One more wrong PIN will lock it. If you are not sure, please call a staff member."),
    "result.take_card": ("カードをお取りになり、お呼びするまで待合室でお待ちください。",
                         "Please take your card and wait in the waiting room until you are called."),
    "result.wait": ("お呼びするまで待合室でお待ちください。", "Please wait in the waiting room until you are called."),
    "offer.face": ("顔認証でも受付できます。", "You can also use face recognition."),
    "offer.register": ("今すぐ登録する、を押すと、この場で登録して受付を続けられます。"
                       "カードは置いたままにしてください。",
                       "Press Register now to register here and continue. Please leave your card on the reader."),
    "offer.declare": ("申立書を記入する、を押すと、この場で申立書を記入できます。",
                      "Press Fill in a declaration to fill in a self-declaration here."),
    "failure.backend_unavailable.queued": ("資格確認は後ほど行います。受付内容を記録しました。"
                                           "受付窓口にお申し出ください。",
                                           "Your insurance will be checked later; your reception is recorded. "
                                           "Please speak to the reception desk."),
    "still_there": ("まだお使いですか？続ける場合は、画面の、続けるを押してください。",
                    "Are you still there? To continue, press Continue on the screen."),
    "staff.called": ("係員を呼んでいます。しばらくお待ちください。", "A staff member has been called. Please wait."),
}


def state_prompt_id(state: State) -> str:
    return f"state.{state.value}"


def failure_prompt_id(failure: Failure) -> str:
    return f"failure.{failure.value}"


def notice_prompt_id(notice: Notice) -> str:
    return f"notice.{notice.value}"


def face_prompt_id(prompt: str) -> str:
    return f"face.{prompt}"


def tries_left_prompt_id(tries_left: int) -> str:
    """The prompt for the flow's own counter, clamped to the PIN's 0..3: never a number from anywhere else."""
    return f"pin.tries_left.{max(0, min(USER_AUTH_PIN_TRIES, tries_left))}"


def take_card_prompt_id(outcome: OutcomeKind | None) -> str:
    """Thanks, not checked in, or stopped: the same three endings as the take-card screen."""
    if outcome in (OutcomeKind.COMPLETED, OutcomeKind.DECLARATION_RECORDED):
        return "take_card.completed"
    if outcome in (OutcomeKind.FAILED, OutcomeKind.FAILSAFE):
        return "take_card.not_done"
    return "take_card.stopped"


def _catalogue() -> dict[str, Prompt]:
    prompts: dict[str, Prompt] = {}
    for state, (ja, en) in _STATES.items():
        prompts[state_prompt_id(state)] = Prompt(state_prompt_id(state), ja, en)
    for failure, (ja, en) in _FAILURES.items():
        prompts[failure_prompt_id(failure)] = Prompt(failure_prompt_id(failure), ja, en)
    for notice, (ja, en) in _NOTICES.items():
        prompts[notice_prompt_id(notice)] = Prompt(notice_prompt_id(notice), ja, en)
    for face, (ja, en) in _FACE.items():
        prompts[face_prompt_id(face)] = Prompt(face_prompt_id(face), ja, en)
    for count, (ja, en) in _TRIES_LEFT.items():
        prompts[tries_left_prompt_id(count)] = Prompt(tries_left_prompt_id(count), ja, en)
    for ending, (ja, en) in _TAKE_CARD.items():
        prompts[f"take_card.{ending}"] = Prompt(f"take_card.{ending}", ja, en)
    for prompt_id, (ja, en) in _OTHER.items():
        prompts[prompt_id] = Prompt(prompt_id, ja, en)
    return prompts


#: Every prompt by id (read-only).
PROMPTS: Mapping[str, Prompt] = MappingProxyType(_catalogue())
