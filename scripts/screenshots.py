"""Render every kiosk screen in Japanese and English to docs/screenshots/*.png (1280x800).

Run with `make screenshots` (QT_QPA_PLATFORM=offscreen). Screens are filled with the values the controller would
show; the face preview uses a frame from the webcam simulator.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication  # noqa: E402
from PySide6.QtGui import QImage  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from kiosk.config import KioskSettings  # noqa: E402
from kiosk.domain import DEFAULT_ASKED_ITEMS, ConsentItem, PrescriptionIssue, with_insurer_check_digit  # noqa: E402
from kiosk.domain.forms import FieldProblem, FormProblem  # noqa: E402
from kiosk.domain.notices import CertificateNotice, NoticeKind  # noqa: E402
from kiosk.flow import DeclarationDraft, DisasterQuery, Failure, OutcomeKind, PaperCertificate  # noqa: E402
from kiosk.flow.model import DECLARATION_FAILURES, PaperDocument  # noqa: E402
from kiosk.reception.staff_view import DeclarationEntry, DiagnosticItem  # noqa: E402
from kiosk.reception_log import ReceptionLog  # noqa: E402
from kiosk.staff_credentials import Role, StaffAccount  # noqa: E402
from kiosk.ui.language import LanguageSwitcher  # noqa: E402
from kiosk.ui.main_window import KioskWindow, Screens  # noqa: E402
from kiosk.ui.screens.face import FacePrompt  # noqa: E402
from kiosk.ui.screens.guidance import Action  # noqa: E402
from kiosk.ui.screens.submitting import Stage  # noqa: E402
from kiosk.ui.style import Metrics, base_font, kiosk_palette, stylesheet  # noqa: E402
from kiosk.ui.texts import notice_text  # noqa: E402
from kiosk.ui.workers import frame_to_qimage  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
SIZE = (1280, 800)
FAILURE_ACTIONS: dict[Failure, tuple[Action, ...]] = {
    Failure.PIN_BLOCKED: (Action.FACE, Action.STAFF, Action.FINISH),
    **{failure: (Action.DECLARE, Action.CALL_STAFF, Action.FINISH) for failure in DECLARATION_FAILURES},
}


def camera_frame() -> tuple[QImage, tuple[float, float, float, float] | None]:
    """One frame of the simulated webcam (persona 'normal'), and where the kiosk's matcher finds the face."""
    try:
        from hardware_sim.camera import SimulatedCamera
        from hardware_sim.personas import get_persona

        camera = SimulatedCamera(get_persona("normal"), "live", realtime=False)
        frame = None
        for _ in range(5):
            frame = camera.read()
        camera.close()
    except Exception as error:  # noqa: BLE001 - a screenshot without a frame is still useful
        print(f"no camera frame: {error}", file=sys.stderr)
        return QImage(), None
    if frame is None:
        return QImage(), None
    box = None
    try:
        from kiosk.faceauth.dlib_backend import DlibFaceMatcher

        faces = DlibFaceMatcher().analyse(frame, encode=False).faces
        if faces:  # as the face screen gets it: fractions of the frame
            height, width = frame.shape[:2]
            f = faces[0]
            box = (f.left / width, f.top / height, f.width / width, f.height / height)
    except Exception as error:  # noqa: BLE001 - the frame without its box is still useful
        print(f"no face box: {error}", file=sys.stderr)
    return frame_to_qimage(frame), box


def scenes(screens: Screens, frame: QImage,
           face_box: tuple[float, float, float, float] | None = None) -> list[tuple[str, QWidget, Callable[[], None]]]:
    """(file name, screen, how to fill it) for every screen."""
    s = screens
    offered = DEFAULT_ASKED_ITEMS
    chosen = frozenset({ConsentItem.TREATMENT, ConsentItem.MEDICATION})
    log = ReceptionLog()
    for method, outcome, failure in [("pin", "completed", ""), ("face", "completed", ""),
                                     ("staff", "completed", ""), ("pin", "failed", "pin_blocked"),
                                     ("", "cancelled_card_removed", "")]:
        log.add(method, outcome, failure)
    diagnostics = [DiagnosticItem("reader", True, "Simulated reader 00 (simulated)"),
                   DiagnosticItem("card", True, "present"), DiagnosticItem("camera", True, "simulated, scenario live"),
                   DiagnosticItem("backend", False, "network cable pulled"),
                   DiagnosticItem("outbox", False, "1 pending")]

    def face() -> None:
        s.face.reset(pin_available=True, attempts_left=3)
        if not frame.isNull():
            s.face.preview.show_frame(frame, face_box, face_box is not None)
        s.face.set_prompt(FacePrompt.TURN_LEFT)

    accounts = [StaffAccount("admin", "管理者", Role.ADMIN), StaffAccount("staff-01", "山田 太郎", Role.STAFF)]

    def maintenance(page: QWidget) -> Callable[[], None]:
        def fill() -> None:
            s.maintenance.settings.load(KioskSettings())
            s.maintenance.diagnostics.show_items(diagnostics, "10:42:07")
            s.maintenance.receptions.show_entries(log.today())
            s.maintenance.staff_check.set_patient(True, _photo())
            s.maintenance.accounts.show_accounts(accounts)
            s.maintenance.accounts.set_admin(True)
            s.maintenance.show_signed_in("admin")
            s.maintenance.open_tab(page)
        return fill

    def guidance(failure: Failure, queued: bool = False) -> Callable[[], None]:
        actions = FAILURE_ACTIONS.get(failure, (Action.CALL_STAFF, Action.FINISH))
        return lambda: s.guidance.show_failure(failure, actions, queued=queued)

    items: list[tuple[str, QWidget, Callable[[], None]]] = [
        ("01_idle", s.idle, lambda: None),
        ("02_reading", s.reading, lambda: None),
        ("03_choose_method", s.choose_method, lambda: s.choose_method.set_availability(True, False)),
        ("04_face", s.face, face),
        ("05_pin", s.pin, lambda: s.pin.reset(3)),
        ("06_pin_wrong_last_try", s.pin, lambda: (s.pin.reset(1, wrong=True), s.pin.press_digit("1"))),
        ("07_checking_pin", s.submitting, lambda: s.submitting.show_stage(Stage.CHECKING_PIN)),
        ("08_staff_wait", s.staff_wait, lambda: None),
        ("09_consent", s.consent, lambda: s.consent.show_offer(offered)),
        ("10_consent_items", s.consent_items, lambda: s.consent_items.reset(
            offered, frozenset({ConsentItem.MEDICATION}))),
        ("11_confirm", s.confirm, lambda: s.confirm.show_choices(offered, chosen)),
        ("11_prescription", s.prescription, lambda: s.prescription.show_choice(None, can_go_back=True)),
        ("11_confirm_prescription", s.confirm, lambda: s.confirm.show_choices(
            offered, chosen, PrescriptionIssue.ELECTRONIC)),
        ("09_consent_electronic_records", s.consent, lambda: s.consent.show_offer(
            (*offered, ConsentItem.DIAGNOSIS_NAMES, ConsentItem.DRUG_ALLERGIES, ConsentItem.TEST_RESULTS))),
        ("10_consent_items_electronic_records", s.consent_items, lambda: s.consent_items.reset(
            (*offered, ConsentItem.DIAGNOSIS_NAMES, ConsentItem.DRUG_ALLERGIES, ConsentItem.TEST_RESULTS),
            frozenset({ConsentItem.MEDICATION}))),
        ("12_submitting", s.submitting, lambda: s.submitting.show_stage(Stage.CHECKING_ELIGIBILITY)),
        ("13_result", s.result, lambda: s.result.show_result(30, "全国健康保険協会 大阪支部")),
        ("14_take_card", s.take_card, lambda: s.take_card.set_outcome(OutcomeKind.COMPLETED)),
        ("14_take_card_cancelled", s.take_card, lambda: s.take_card.set_outcome(OutcomeKind.TIMED_OUT)),
        ("14_take_card_failed", s.take_card, lambda: s.take_card.set_outcome(OutcomeKind.FAILED)),
        ("15_failsafe", s.failsafe, lambda: None),
        ("16_maintenance_login", s.login, lambda: (s.login.reset(), s.login.show_wrong_password(2))),
        ("17_maintenance_diagnostics", s.maintenance, maintenance(s.maintenance.diagnostics)),
        ("18_maintenance_staff_check", s.maintenance, maintenance(s.maintenance.staff_check)),
        ("19_maintenance_settings", s.maintenance, maintenance(s.maintenance.settings)),
        ("20_maintenance_receptions", s.maintenance, maintenance(s.maintenance.receptions)),
    ]
    items += [(f"30_failure_{failure.value}", s.guidance, guidance(failure)) for failure in Failure]
    items += [("30_failure_backend_queued", s.guidance, guidance(Failure.BACKEND_UNAVAILABLE, queued=True))]
    items += [("30_failure_pin_blocked_face_failed", s.guidance, lambda: s.guidance.show_failure(
        Failure.PIN_BLOCKED, (Action.STAFF, Action.FINISH), face_available=False))]
    items += paths_beside_the_card_scenes(s)
    return items


# The staff screens: the login and every maintenance tab (no language button; held to the layout test as staff's).
STAFF_SCENES = ("16_", "17_", "18_", "19_", "20_", "54_", "55_", "57_")
DISASTER_SCENES = ("48_", "49_", "50_", "55_", "56_")
STAFF_CALL_SCENES = ("08_",)  # the header badge while staff have been called (kiosk.ui.staff_calls)


def paths_beside_the_card_scenes(s: Screens) -> list[tuple[str, QWidget, Callable[[], None]]]:
    """Registration, paper certificate, self-declaration, disaster mode, certificate notices, their staff pages."""
    good = with_insurer_check_digit("0613001")
    wrong = good[:-1] + str((int(good[-1]) + 1) % 10)
    paper = PaperCertificate(PaperDocument.ELIGIBILITY_CERTIFICATE, wrong, "1234", "5678", "0", date(1980, 4, 12))
    draft = DeclarationDraft("山田 太郎", "yamada", date(1980, 4, 12), "テスト健康保険組合", "090-1234")
    entries = [DeclarationEntry("2026-11-22T09:12:03", "pending", 2, "BACKEND_UNAVAILABLE", "山田 太郎",
                                "ヤマダ タロウ", "1980-04-12", "テスト健康保険組合", "09012345678"),
               DeclarationEntry("2026-11-22T10:40:51", "rejected", 1, "INVALID_INPUT", "佐藤 花子", "サトウ ハナコ",
                                "1975-09-03", "△△株式会社", "0312345678"),
               DeclarationEntry("2026-11-22T08:05:44", "done", 1, "OK")]

    def paper_form() -> None:
        s.paper_form.show_form(paper, "staff01")
        s.paper_form.show_problems((FieldProblem("insurer_number", FormProblem.INSURER_NUMBER_CHECK_DIGIT),
                                    FieldProblem("branch", FormProblem.BRANCH_INVALID)))

    def declaration_form() -> None:
        s.declaration_form.show_draft(draft)
        s.declaration_form.show_problems((FieldProblem("name_kana", FormProblem.KANA_NOT_KATAKANA),
                                          FieldProblem("phone", FormProblem.PHONE_INVALID)))
        s.declaration_form.keyboard.set_target(s.declaration_form.name_kana.edit)

    def maintenance(page: QWidget) -> Callable[[], None]:
        def fill() -> None:
            s.maintenance.declarations.show_entries(entries)
            s.maintenance.disaster.show_mode(True)
            s.maintenance.open_tab(page)
        return fill

    expiring = CertificateNotice(NoticeKind.EXPIRING, date(2027, 1, 31), None)
    grace = CertificateNotice(NoticeKind.GRACE, date(2026, 10, 31), date(2027, 1, 31))
    return [
        ("40_register_terms", s.register_terms, lambda: s.register_terms.show_terms("2024.12")),
        ("41_registering", s.submitting, lambda: s.submitting.show_stage(Stage.REGISTERING)),
        ("42_paper_staff_auth", s.paper_staff_auth, lambda: None),
        ("43_paper_form_problems", s.paper_form, paper_form),
        ("44_paper_checking", s.submitting, lambda: s.submitting.show_stage(Stage.CHECKING_NUMBER)),
        ("45_declaration_form_problems", s.declaration_form, declaration_form),
        ("46_declaration_confirm", s.declaration_confirm, lambda: s.declaration_confirm.show_draft(
            DeclarationDraft("山田 太郎", "ヤマダ タロウ", date(1980, 4, 12), "テスト健康保険組合", "090-1234-5678"))),
        ("47_declaration_done", s.declaration_done, lambda: s.declaration_done.show_recorded(False)),
        ("48_disaster_idle", s.idle, lambda: s.idle.set_disaster_lookup(True)),
        ("49_disaster_consent", s.disaster_consent, lambda: None),
        ("50_disaster_form", s.disaster_form, lambda: s.disaster_form.show_query(
            DisasterQuery("ヤマダ タロウ", date(1980, 4, 12)))),
        ("51_result_certificate_expiring", s.result, lambda: s.result.show_result(30, "テスト健康保険組合", expiring)),
        ("52_result_certificate_grace", s.result, lambda: s.result.show_result(30, "テスト健康保険組合", grace)),
        ("53_failure_not_registered_offers", s.guidance, lambda: s.guidance.show_failure(
            Failure.NOT_REGISTERED, (Action.REGISTER, Action.DECLARE, Action.CALL_STAFF, Action.FINISH))),
        ("54_maintenance_declarations", s.maintenance, maintenance(s.maintenance.declarations)),
        ("55_maintenance_disaster", s.maintenance, maintenance(s.maintenance.disaster)),
        ("57_maintenance_accounts", s.maintenance, maintenance(s.maintenance.accounts)),
        ("56_disaster_lookup", s.submitting, lambda: s.submitting.show_stage(Stage.DISASTER_LOOKUP)),
    ]


def _photo() -> QImage | None:
    """The chip photo as the staff check shows it: the card's monochrome JPEG 2000, decoded in memory."""
    import cv2
    import numpy as np

    from hardware_sim.personas import get_persona
    from hardware_sim.personas.photos import card_photo_jp2

    path = get_persona("normal").card_photo_path
    if path is None:
        return None
    image = cv2.imdecode(np.frombuffer(card_photo_jp2(path), dtype=np.uint8), cv2.IMREAD_COLOR)
    return None if image is None else frame_to_qimage(np.asarray(image, dtype=np.uint8))


MAIN_PATH = ("01_idle", "03_choose_method", "04_face", "09_consent", "13_result", "14_take_card")


def main_path_strip(code: str, width: int = 320) -> None:
    """The face path as one picture for the README: each screen scaled down, side by side, in order."""
    from PIL import Image

    shots = [Image.open(OUT / f"{name}_{code}.png").convert("RGB") for name in MAIN_PATH]
    height = round(shots[0].height * width / shots[0].width)
    gap = 8
    strip = Image.new("RGB", (len(shots) * (width + gap) - gap, height), "white")
    for index, shot in enumerate(shots):
        strip.paste(shot.resize((width, height), Image.Resampling.LANCZOS), (index * (width + gap), 0))
    strip.save(OUT / f"main_path_{code}.png", optimize=True)


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)  # noqa: S101
    metrics = Metrics.for_dpi(96)  # a typical 21.5" 1920x1080 kiosk panel is ~102 dpi
    app.setFont(base_font(metrics))
    app.setStyleSheet(stylesheet(metrics))
    app.setPalette(kiosk_palette(app.palette()))
    language = LanguageSwitcher(app)
    window = KioskWindow(metrics, Screens.build(metrics))
    window.resize(*SIZE)
    window.show()
    frame, face_box = camera_frame()
    OUT.mkdir(parents=True, exist_ok=True)
    written = 0
    for code in ("ja", "en"):
        language.set_language(code)
        window.set_language_label(language.other_language_name())
        QCoreApplication.processEvents()
        for name, screen, fill in scenes(window.screens, frame, face_box):
            fill()
            if isinstance(screen, type(window.screens.choose_method)) or name.startswith("13_"):
                screen.show_notice(None)
            if name == "03_choose_method":
                from kiosk.flow import Notice

                screen.show_notice(notice_text(Notice.CERT_EXPIRING_SOON))
            else:
                getattr(screen, "show_notice", lambda _text: None)(None)
            window.set_language_label(language.other_language_name(),
                                      visible=not name.startswith(STAFF_SCENES))
            window.set_disaster_mode(name.startswith(DISASTER_SCENES))
            window.set_staff_call(name.startswith(STAFF_CALL_SCENES))
            if not name.startswith("48_"):
                window.screens.idle.set_disaster_lookup(False)
            window.show_screen(screen)
            QCoreApplication.processEvents()
            image = window.grab().toImage()
            image.save(str(OUT / f"{name}_{code}.png"), "PNG")
            written += 1
    for code in ("ja", "en"):
        main_path_strip(code)
    print(f"wrote {written} screenshots and the main-path strips to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
