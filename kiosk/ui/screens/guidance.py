"""Every failure of the flow gets its own words: what happened and what the patient should do next."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QPushButton, QWidget

from kiosk.flow import Failure

from ..style import Metrics
from ..widgets import Screen, busy_bar, make_button, make_label


class Action(Enum):
    """What the patient can choose on a guidance screen."""

    FACE = "face"
    STAFF = "staff"  # the staff visual check of identity (PIN-blocked screen)
    CALL_STAFF = "call_staff"  # 係員を呼ぶ: help on a failure screen
    REGISTER = "register"  # 保険証利用登録 now (not-registered screen)
    DECLARE = "declare"  # fill in a self-declaration (被保険者資格申立書)
    FINISH = "finish"


def failure_words(failure: Failure, queued: bool = False, face_available: bool = True) -> tuple[str, str, str]:
    """(title, what happened, what to do next) for one of the flow's failures, translated now.

    `queued`: the check could not reach the backend and waits in the outbox (said differently from "down").
    `face_available`: on the PIN-blocked screen, whether face authentication is still offered.
    """
    translate = QCoreApplication.translate
    if failure is Failure.PIN_BLOCKED and not face_available:  # face failed (or no camera) and the PIN is locked
        return (translate("Guidance", "係員が本人確認をします"),
                translate("Guidance", "顔認証ができず、暗証番号はロックされているため使えません"),
                translate("Guidance", "「係員を呼ぶ」を押してください。係員がカードの写真とお顔を確かめます"))
    if failure is Failure.BACKEND_UNAVAILABLE and queued:
        return (translate("Guidance", "資格確認は後ほど行います"),
                translate("Guidance", "通信の不具合のため、受付内容を記録しました"),
                translate("Guidance", "受付窓口にお申し出ください。係員が確認して受付します"))
    words: dict[Failure, tuple[str, str, str]] = {
        Failure.PIN_BLOCKED: (
            translate("Guidance", "暗証番号がロックされています"),
            translate("Guidance", "暗証番号を続けて間違えたため、このカードでは暗証番号が使えません"),
            translate("Guidance", "顔認証か係員による確認で受付できます。ロックの解除はお住まいの市区町村の窓口で行えます")),  # noqa: E501
        Failure.CERT_EXPIRED: (
            translate("Guidance", "マイナンバーカードの更新が必要です"),
            translate("Guidance", "本人確認に使うカードの電子証明書の有効期限が切れています"),
            translate("Guidance", "お住まいの市区町村の窓口で更新できます（無料）。今日の受付は、カードをお取りになり受付窓口にお申し出ください")),  # noqa: E501
        Failure.CERT_REVOKED: (
            translate("Guidance", "このカードはご利用いただけません"),
            translate("Guidance", "紛失などの届出により、電子証明書が停止されています"),
            translate("Guidance", "カードをお取りになり、資格確認書をお持ちの方はそれを、ない場合は受付窓口にお申し出ください")),  # noqa: E501
        Failure.NOT_MY_NUMBER_CARD: (
            translate("Guidance", "マイナンバーカードではありません"),
            translate("Guidance", "置かれたカードはマイナンバーカードとして読み取れませんでした"),
            translate("Guidance", "カードをケースやカバーから出して、マイナンバーカードだけを置き直してください。読めない場合は「係員を呼ぶ」を押してください")),  # noqa: E501
        Failure.CARD_UNREADABLE: (
            translate("Guidance", "カードを読み取れませんでした"),
            translate("Guidance", "カードがずれているか、読み取りに失敗しました"),
            translate("Guidance", "カードをケースやカバーから出して、置き直してください。続けて読めない場合は「係員を呼ぶ」を押してください")),  # noqa: E501
        Failure.NOT_REGISTERED: (
            translate("Guidance", "保険証の利用登録がされていません"),
            translate("Guidance", "このカードは健康保険証として登録されていません"),
            translate("Guidance", "カードをお取りになり、受付窓口にお申し出ください。資格情報のお知らせがあればご提示ください")),  # noqa: E501
        Failure.QUALIFICATION_SUPERSEDED: (
            translate("Guidance", "新しい保険の資格があります"),
            translate("Guidance", "このカードでは古い資格情報しか確認できませんでした"),
            translate("Guidance", "受付窓口にお申し出ください。新しい保険の情報を係員が確認します")),
        Failure.IDENTITY_NOT_CONFIRMED: (
            translate("Guidance", "ご本人の確認ができませんでした"),
            translate("Guidance", "係員による確認が完了しませんでした"),
            translate("Guidance", "カードをお取りになり、受付窓口にお申し出ください")),
        Failure.BACKEND_REJECTED: (
            translate("Guidance", "資格確認ができませんでした"),
            translate("Guidance", "資格確認の問い合わせが受け付けられませんでした"),
            translate("Guidance", "受付窓口にお申し出ください。係員が確認します")),
        Failure.SEVERAL_CANDIDATES: (
            translate("Guidance", "保険の資格を確定できませんでした"),
            translate("Guidance", "複数の資格情報が見つかりました"),
            translate("Guidance", "受付窓口にお申し出ください。係員が確認します")),
        Failure.BACKEND_UNAVAILABLE: (
            translate("Guidance", "ただいま資格確認ができません"),
            translate("Guidance", "通信または国のシステムに障害が発生しています"),
            translate("Guidance", "受付窓口にお申し出ください。係員が確認して受付します")),
        Failure.REGISTRATION_FAILED: (
            translate("Guidance", "保険証の利用登録ができませんでした"),
            translate("Guidance", "登録の手続きが受け付けられませんでした"),
            translate("Guidance", "受付窓口にお申し出ください。係員が確認します")),
        Failure.REGISTRATION_UNAVAILABLE: (
            translate("Guidance", "ただいま利用登録ができません"),
            translate("Guidance", "通信または国のシステムに障害が発生しています"),
            translate("Guidance", "後ほど受付機、マイナポータル、または市区町村の窓口で登録できます。今回は受付窓口にお申し出ください")),  # noqa: E501
        Failure.DISASTER_NOT_DECLARED: (
            translate("Guidance", "カードなしでの資格確認はできません"),
            translate("Guidance", "この地域は災害時の特別な確認の対象になっていません"),
            translate("Guidance", "受付窓口にお申し出ください。係員が確認します")),
        Failure.NO_QUALIFICATION: (
            translate("Guidance", "有効な保険の資格が確認できませんでした"),
            translate("Guidance", "転職などで保険が切り替わった場合に起こります"),
            translate("Guidance", "受付窓口で、資格情報のお知らせか資格確認書をご提示ください。ない場合は申立書をご記入いただきます")),  # noqa: E501
        Failure.QUALIFICATION_INVALID: (
            translate("Guidance", "この保険の資格は無効になっています"),
            translate("Guidance", "退職や転居などで、この保険の資格を失っています"),
            translate("Guidance", "受付窓口で、新しい保険の資格情報のお知らせか資格確認書をご提示ください。ない場合は申立書をご記入いただきます")),  # noqa: E501
    }
    return words[failure]


class GuidanceScreen(Screen):
    screen_id = "guidance"
    action_chosen = Signal(str)  # an Action value

    def __init__(self, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(metrics, parent)
        self.failure = Failure.CARD_UNREADABLE
        self.queued = False
        self.face_available = True
        self.offered: tuple[Action, ...] = ()
        self.next_step = make_label("warning", self)
        self.progress = busy_bar(self)
        self.body.addStretch(1)
        self.body.addWidget(self.next_step)
        self.body.addStretch(1)
        self.body.addWidget(self.progress)
        self.action_buttons: dict[Action, QPushButton] = {}
        for action in Action:
            primary = action in (Action.FINISH, Action.REGISTER)
            button = make_button(metrics, "primary" if primary else "", self)
            button.clicked.connect(lambda _checked=False, chosen=action: self.action_chosen.emit(chosen.value))
            self.action_row.addWidget(button)
            self.action_buttons[action] = button
        self.show_failure(Failure.CARD_UNREADABLE, ())

    def show_failure(self, failure: Failure, actions: tuple[Action, ...], *, queued: bool = False,
                     face_available: bool = True, waiting: bool = False) -> None:
        """`actions` are the buttons offered; `waiting` shows a progress bar (the screen moves on by itself)."""
        self.failure, self.queued, self.face_available = failure, queued, face_available
        self.offered = actions
        for action, button in self.action_buttons.items():
            button.setVisible(action in actions)
        self.progress.setVisible(waiting or not actions)
        self.retranslate()

    def retranslate(self) -> None:
        title, happened, next_step = failure_words(self.failure, self.queued, self.face_available)
        # Where the screen itself offers the way on, it says so first: "take your card" would end the session
        # (and with it the register and declaration buttons) before the patient could press them.
        if Action.REGISTER in self.offered:
            next_step = self.tr("「今すぐ登録する」を押すと、この場で登録して受付を続けられます。"
                                "カードは置いたままにしてください")
        elif Action.DECLARE in self.offered:
            next_step = self.tr("「申立書を記入する」を押すと、この場で申立書を記入できます（カードは置いたまま）。"
                                "記入しない場合は、カードをお取りになり受付窓口にお申し出ください")
        self.title.setText(title)
        self.message.setText(happened)
        self.next_step.setText(next_step)
        labels = {
            Action.FACE: self.tr("顔認証にする"),
            Action.STAFF: self.tr("係員を呼ぶ"),
            Action.CALL_STAFF: self.tr("係員を呼ぶ"),
            Action.REGISTER: self.tr("今すぐ登録する"),
            Action.DECLARE: self.tr("申立書を記入する"),
            Action.FINISH: self.tr("終了"),
        }
        for action, button in self.action_buttons.items():
            button.setText(labels[action])
