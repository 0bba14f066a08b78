"""The desk page's words, Japanese first, English switchable: one table per language, checked complete by a test."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from kiosk.domain import CATALOGUE
from kiosk.flow import StaffAlert

LANGUAGES = ("ja", "en")

_JA = {
    "title": "受付デスク", "sign_in": "サインイン", "staff_id": "職員ID", "password": "パスワード",
    "sign_out": "サインアウト", "calls": "係員呼び出し", "no_calls": "呼び出しはありません",
    "acknowledge": "対応します",
    "receptions": "本日の受付", "none_yet": "まだ受付はありません", "time": "時刻", "kiosk": "端末", "name": "氏名",
    "method": "確認方法", "result": "結果", "consents": "同意", "prescription": "処方箋", "flags": "注意",
    "health": "端末の状態", "expired": "セッションの有効期限が切れました。もう一度サインインしてください",
    "refused_password": "職員IDまたはパスワードが違います", "refused_name": "職員IDは英数字32文字までです",
    "refused_locked": "失敗が続いたため一時的にロックされています", "live": "自動更新中", "offline": "接続が切れました",
    "burden": "負担", "stale": "応答なし", "waiting_files": "未送信の結果ファイル", "language": "English",
    "validity.1": "有効", "validity.2": "無効", "validity.3": "無効（新しい資格あり）", "validity.4": "該当資格なし",
    "validity.5": "複数該当", "validity.6": "有効（医療扶助）",
    "method.face": "顔認証", "method.pin": "暗証番号", "method.staff": "目視確認", "method.number": "資格確認書",
    "method.disaster": "災害時", "prescription.1": "電子処方箋", "prescription.2": "紙の処方箋",
    "flag.name_outside_jis": "●外字あり", "flag.card_mismatch": "カードと資格情報の不一致",
    "flag.abnormal_end": "照会エラー", "flag.not_valid": "有効な資格なし",
    "alert.staff_check_requested": "目視確認の依頼", "alert.card_left_on_reader": "カードの取り忘れ",
    "alert.backend_unavailable": "資格確認システムに接続できません", "alert.failsafe": "端末エラー",
    "alert.paper_certificate": "資格確認書の患者さん", "alert.verbal_consent_needed": "災害時の口頭同意",
    "alert.declaration_recorded": "資格申立書の確認", "alert.declaration_not_saved": "資格申立書が保存できません",
    "alert.patient_asks_for_help": "患者さんが係員を呼んでいます",
    "health.reader": "リーダー", "health.card": "カード", "health.camera": "カメラ", "health.backend": "資格確認",
    "health.outbox": "送信待ち", "health.face_locks": "顔認証ロック", "health.pin_locks": "暗証番号の回数上限",
    "items": "要対応（資格申立書・資格確認書）", "no_items": "対応待ちはありません", "since": "受付時刻",
    "item_kind": "種類", "missing": "不足しているもの", "action": "操作", "resolve": "対応済み",
    "unknown_person": "（氏名不明）", "item.declaration": "資格申立書", "item.paper_check": "資格確認書",
    "missing.national_record": "資格確認システムへの登録", "missing.refused": "登録を拒否されました（内容を確認）",
    "missing.confirmed_qualification": "有効な資格の確認", "missing.check_answer": "照会の回答（再照会）",
    "detail.backend_down": "システム停止中", "detail.qualification_invalid": "資格が無効",
    "detail.card_unusable": "カードが使えない", "detail.other": "その他",
    "audit": "閲覧記録", "show_audit": "表示", "records": "件数",
    "refused_role": "この操作の権限がありません", "role.admin": "管理者", "role.staff": "職員",
    "card.01": "被保険者証（一般）", "card.02": "被保険者証（退職）", "card.03": "短期被保険者証（一般）",
    "card.04": "短期被保険者証（退職）", "card.05": "被保険者資格証明書", "card.06": "特例退職被保険者証",
    "card.07": "自衛官診療証", "preschool": "未就学", "disqualified": "資格喪失日", "limit": "限度額区分",
    "elderly": "高齢受給者",
}
_EN = {
    "title": "Reception desk", "sign_in": "Sign in", "staff_id": "Staff ID", "password": "Password",
    "sign_out": "Sign out", "calls": "Staff calls", "no_calls": "No calls", "acknowledge": "On my way",
    "receptions": "Today's receptions", "none_yet": "No receptions yet", "time": "Time", "kiosk": "Kiosk",
    "name": "Name", "method": "Method", "result": "Result", "consents": "Consents", "prescription": "Prescription",
    "flags": "Flags", "health": "Kiosk health", "expired": "Your session expired. Please sign in again.",
    "refused_password": "Wrong staff ID or password", "refused_name": "Staff ID: up to 32 letters or digits",
    "refused_locked": "Locked for a while after repeated failures", "live": "Live", "offline": "Disconnected",
    "burden": "burden", "stale": "no heartbeat", "waiting_files": "result files waiting", "language": "日本語",
    "validity.1": "Valid", "validity.2": "Invalid", "validity.3": "Invalid (newer exists)",
    "validity.4": "No qualification", "validity.5": "Several candidates", "validity.6": "Valid (medical aid)",
    "method.face": "Face", "method.pin": "PIN", "method.staff": "Staff check", "method.number": "Paper certificate",
    "method.disaster": "Disaster mode", "prescription.1": "Electronic", "prescription.2": "Paper",
    "flag.name_outside_jis": "● characters", "flag.card_mismatch": "Card and record differ",
    "flag.abnormal_end": "Check error", "flag.not_valid": "No valid qualification",
    "alert.staff_check_requested": "Visual check requested", "alert.card_left_on_reader": "Card left on the reader",
    "alert.backend_unavailable": "Backend unreachable", "alert.failsafe": "Kiosk error",
    "alert.paper_certificate": "Patient with a paper certificate", "alert.verbal_consent_needed": "Verbal consent",
    "alert.declaration_recorded": "Self-declaration to confirm", "alert.declaration_not_saved": "Declaration not saved",
    "alert.patient_asks_for_help": "A patient asks for staff",
    "health.reader": "reader", "health.card": "card", "health.camera": "camera", "health.backend": "backend",
    "health.outbox": "outbox", "health.face_locks": "face locks", "health.pin_locks": "PIN tries used up",
    "items": "Waiting for staff (self-declarations, paper certificates)", "no_items": "Nothing waiting",
    "since": "At the kiosk", "item_kind": "Kind", "missing": "Missing", "action": "Action", "resolve": "Done",
    "unknown_person": "(name not known)", "item.declaration": "Self-declaration",
    "item.paper_check": "Paper certificate", "missing.national_record": "Record at the national system",
    "missing.refused": "Refused by the national system (check it)",
    "missing.confirmed_qualification": "A confirmed valid qualification",
    "missing.check_answer": "An answer to the check (check again)", "detail.backend_down": "system down",
    "detail.qualification_invalid": "qualification invalid", "detail.card_unusable": "card unusable",
    "detail.other": "other", "audit": "Audit trail", "show_audit": "Show",
    "records": "Records", "refused_role": "Your role may not do this", "role.admin": "admin", "role.staff": "staff",
    "card.01": "Insurance card (general)", "card.02": "Insurance card (retired)",
    "card.03": "Short-term card (general)", "card.04": "Short-term card (retired)",
    "card.05": "Certificate of insured status", "card.06": "Special retiree card",
    "card.07": "SDF medical card", "preschool": "Pre-school", "disqualified": "Lost on", "limit": "Cost ceiling",
    "elderly": "Elderly recipient",
}


def _with_consents(table: dict[str, str], language: str) -> Mapping[str, str]:
    words = {f"consent.{spec.wire_name}": spec.words[language].name for spec in CATALOGUE.values()}
    return MappingProxyType({**table, **words})


TEXTS: Mapping[str, Mapping[str, str]] = MappingProxyType({"ja": _with_consents(_JA, "ja"),
                                                           "en": _with_consents(_EN, "en")})
ALERT_KEYS = tuple(f"alert.{alert.value}" for alert in StaffAlert)


def texts(language: str) -> Mapping[str, str]:
    return TEXTS.get(language, TEXTS["ja"])
