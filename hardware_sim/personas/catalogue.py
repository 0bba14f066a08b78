"""The test patients: each defined once, with dates relative to the day the simulation runs."""

from __future__ import annotations

from datetime import date, timedelta

from kiosk.domain import (
    PersonalFamily,
    QualificationValidity,
    Sex,
    add_months,
    my_number_check_digit,
    with_insurer_check_digit,
)
from kiosk.domain.insurance import InsuredCardClassification, LimitCertificateKind, ReasonOfLoss

from .model import ElderlyRecipientInfo, InsuranceRecord, LimitCertificateInfo, Persona


def _my_number(body: str) -> str:
    return body + str(my_number_check_digit(body))


def _years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


def _insurance(today: date, **overrides: object) -> InsuranceRecord:
    fields: dict[str, object] = {
        "insurer_number": with_insurer_check_digit("0613001"),
        "insurer_name": "テスト健康保険組合",
        "symbol": "1234",
        "number": "5678",
        "branch": "00",
        "burden_ratio_percent": 30,
        "personal_family": PersonalFamily.INSURED,
        "validity": QualificationValidity.VALID,
        "qualification_date": _years(today, -8),
        "valid_until": None,
    }
    fields.update(overrides)
    return InsuranceRecord(**fields)  # type: ignore[arg-type]


def build_personas(today: date) -> dict[str, Persona]:
    """All personas, keyed by their command-line name, with certificate dates relative to `today`."""
    normal_cert = {"cert_not_before": _years(today, -2), "cert_not_after": _years(today, 3)}
    personas = [
        Persona(
            key="normal", summary="healthy adult, everything valid (3割, 本人)",
            name="山田 太郎", name_kana="ヤマダ タロウ", birth_date=date(1980, 4, 12), sex=Sex.MALE,
            address="東京都千代田区霞が関1-2-2", my_number=_my_number("12345678901"), post_number="100-8916",
            pin="1234", security_code="4821", card_expiry=_years(today, 7), cert_serial=0x1001,
            card_photo="obama_2012_portrait.jpg", live_photo="obama_2010_blueroom.jpg",
            insurance=_insurance(today, symbol="1234", number="5678"),
            **normal_cert,  # type: ignore[arg-type]
        ),
        Persona(
            key="pin_one_try", summary="user-auth PIN has one try left",
            name="佐藤 花子", name_kana="サトウ ハナコ", birth_date=date(1975, 9, 3), sex=Sex.FEMALE,
            address="大阪府大阪市北区中之島1-3-20", post_number="530-8201", my_number=_my_number("23456789012"),
            pin="2580", pin_tries_left=1, security_code="1357", card_expiry=_years(today, 6), cert_serial=0x1002,
            card_photo="hopper_1984.jpg",
            insurance=_insurance(today, insurer_number=with_insurer_check_digit("0127001"),
                                 insurer_name="全国健康保険協会 大阪支部", symbol="2001", number="77"),
            **normal_cert,  # type: ignore[arg-type]
        ),
        Persona(
            key="pin_blocked", summary="user-auth PIN blocked (like the face-auth-only card)",
            name="鈴木 一郎", name_kana="スズキ イチロウ", birth_date=date(1962, 1, 30), sex=Sex.MALE,
            address="愛知県名古屋市中区三の丸3-1-2", post_number="460-8508", my_number=_my_number("34567890123"),
            pin="9753", pin_tries_left=0, security_code="2468", card_expiry=_years(today, 5), cert_serial=0x1003,
            card_photo="biden_2010_blueroom.jpg",
            insurance=_insurance(today, symbol="3003", number="1203"),
            **normal_cert,  # type: ignore[arg-type]
        ),
        Persona(
            key="cert_expired", summary="user-auth certificate expired, past the grace period",
            name="高橋 美咲", name_kana="タカハシ ミサキ", birth_date=date(1988, 6, 21), sex=Sex.FEMALE,
            address="福岡県福岡市中央区天神1-8-1", post_number="810-8620", my_number=_my_number("45678901234"),
            pin="1357", security_code="8642", card_expiry=_years(today, 4), cert_serial=0x1004,
            cert_not_before=add_months(today, -66), cert_not_after=add_months(today, -6),
            card_photo="collins_nasa.jpg",
            insurance=_insurance(today, symbol="4004", number="21"),
        ),
        Persona(
            key="cert_grace", summary="user-auth certificate expired last month: inside the 3-month grace window",
            name="田中 次郎", name_kana="タナカ ジロウ", birth_date=date(1970, 11, 2), sex=Sex.MALE,
            address="北海道札幌市中央区北1条西2", post_number="060-8611", my_number=_my_number("56789012345"),
            pin="4680", security_code="9753", card_expiry=_years(today, 4), cert_serial=0x1005,
            cert_not_before=add_months(today, -61), cert_not_after=add_months(today, -1),
            card_photo="obama_2009_congress.jpg", live_photo="obama_2012_portrait.jpg",
            insurance=_insurance(today, symbol="5005", number="88"),
        ),
        Persona(
            key="cert_expiring", summary="user-auth certificate expires in about six weeks",
            name="伊藤 京子", name_kana="イトウ キョウコ", birth_date=date(1983, 3, 14), sex=Sex.FEMALE,
            address="京都府京都市中京区寺町通御池上る", post_number="604-8571", my_number=_my_number("67890123456"),
            pin="3690", security_code="3141", card_expiry=_years(today, 5), cert_serial=0x1006,
            cert_not_before=add_months(today, -59) - timedelta(days=15),
            cert_not_after=today + timedelta(days=45),
            card_photo="hopper_1984.jpg",
            insurance=_insurance(today, symbol="6006", number="314"),
        ),
        Persona(
            key="revoked", summary="certificate revoked: the card was reported lost",
            name="渡辺 健", name_kana="ワタナベ ケン", birth_date=date(1991, 8, 8), sex=Sex.MALE,
            address="宮城県仙台市青葉区本町3-8-1", post_number="980-8570", my_number=_my_number("78901234567"),
            pin="8520", security_code="2718", card_expiry=_years(today, 8), cert_serial=0x1007, cert_revoked=True,
            card_photo="biden_2010_blueroom.jpg",
            insurance=_insurance(today, symbol="7007", number="45"),
            **normal_cert,  # type: ignore[arg-type]
        ),
        Persona(
            key="not_registered", summary="card not registered for insurance use (保険証利用登録 not done)",
            name="小林 さくら", name_kana="コバヤシ サクラ", birth_date=date(1995, 4, 1), sex=Sex.FEMALE,
            address="神奈川県横浜市中区日本大通1", post_number="231-8588", my_number=_my_number("89012345678"),
            pin="1470", security_code="1618", card_expiry=_years(today, 9), cert_serial=0x1008,
            card_photo="collins_nasa.jpg",
            insurance=_insurance(today, symbol="8008", number="12", registered_for_insurance_use=False),
            **normal_cert,  # type: ignore[arg-type]
        ),
        Persona(
            key="qualification_lost", summary="changed jobs: old qualification lost, no new one yet",
            name="加藤 誠", name_kana="カトウ マコト", birth_date=date(1985, 12, 24), sex=Sex.MALE,
            address="広島県広島市中区基町10-52", post_number="730-8511", my_number=_my_number("90123456789"),
            pin="3579", security_code="5772", card_expiry=_years(today, 6), cert_serial=0x1009,
            card_photo="obama_2010_blueroom.jpg", live_photo="obama_2009_congress.jpg",
            insurance=_insurance(today, symbol="9009", number="3", validity=QualificationValidity.INVALID,
                                 valid_until=today - timedelta(days=20), reason_of_loss=ReasonOfLoss.OTHER,  # 退職
                                 disqualification_date=today - timedelta(days=19)),
            **normal_cert,  # type: ignore[arg-type]
        ),
        Persona(
            key="qualification_superseded", summary="old qualification invalid, a newer one exists (資格有効性 3)",
            name="木村 直樹", name_kana="キムラ ナオキ", birth_date=date(1979, 7, 7), sex=Sex.MALE,
            address="静岡県静岡市葵区追手町9-6", post_number="420-8601", my_number=_my_number("33445566778"),
            pin="1593", security_code="7071", card_expiry=_years(today, 6), cert_serial=0x100C,
            card_photo="obama_2012_portrait.jpg", live_photo="obama_2010_blueroom.jpg",
            insurance=_insurance(today, symbol="1010", number="42", validity=QualificationValidity.INVALID_NEWER_EXISTS,
                                 valid_until=today - timedelta(days=3), reason_of_loss=ReasonOfLoss.OTHER_INSURANCE,
                                 disqualification_date=today - timedelta(days=2),
                                 card_classification=InsuredCardClassification.SHORT_TERM_GENERAL),
            **normal_cert,  # type: ignore[arg-type]
        ),
        Persona(
            key="no_qualification", summary="no qualification on record for this card (資格有効性 4)",
            name="林 美和", name_kana="ハヤシ ミワ", birth_date=date(1992, 2, 29), sex=Sex.FEMALE,
            address="岡山県岡山市北区内山下2-4-6", post_number="700-8570", my_number=_my_number("44556677889"),
            pin="7412", security_code="2929", card_expiry=_years(today, 7), cert_serial=0x100D,
            card_photo="hopper_1984.jpg",
            insurance=_insurance(today, symbol="1111", number="9", validity=QualificationValidity.NO_QUALIFICATION),
            **normal_cert,  # type: ignore[arg-type]
        ),
        Persona(
            key="several_candidates", summary="the national system finds several qualifications (資格有効性 5)",
            name="清水 亮", name_kana="シミズ リョウ", birth_date=date(1968, 10, 10), sex=Sex.MALE,
            address="新潟県新潟市中央区新光町4-1", post_number="950-8570", my_number=_my_number("55667788990"),
            pin="8529", security_code="1010", card_expiry=_years(today, 4), cert_serial=0x100E,
            card_photo="biden_2010_blueroom.jpg",
            insurance=_insurance(today, symbol="1212", number="68", validity=QualificationValidity.SEVERAL_CANDIDATES),
            **normal_cert,  # type: ignore[arg-type]
        ),
        Persona(
            key="medical_aid", summary="医療扶助 (public assistance), valid but not yet registered (資格有効性 6)",
            name="森 和子", name_kana="モリ カズコ", birth_date=date(1958, 5, 20), sex=Sex.FEMALE,
            address="熊本県熊本市中央区水前寺6-18-1", post_number="862-8570", my_number=_my_number("66778899001"),
            pin="3571", security_code="5205", card_expiry=_years(today, 5), cert_serial=0x100F,
            card_photo="collins_nasa.jpg",
            # 公費負担者番号 (法別番号 12 = 生活保護) and 受給者番号; no co-payment under 医療扶助.
            insurance=_insurance(today, insurer_number=with_insurer_check_digit("1243101"),
                                 insurer_name="熊本市福祉事務所（医療扶助）", symbol="", number="4310207",
                                 burden_ratio_percent=0, validity=QualificationValidity.VALID_MEDICAL_AID_UNREGISTERED),
            **normal_cert,  # type: ignore[arg-type]
        ),
        Persona(
            key="child", summary="pre-school child, dependent family member (2割)",
            name="山田 ひなた", name_kana="ヤマダ ヒナタ",
            birth_date=add_months(today, -12 * 4 - 5).replace(day=1), sex=Sex.FEMALE,
            address="東京都千代田区霞が関1-2-2", my_number=_my_number("11223344556"), post_number="100-8916",
            pin="2468", security_code="6180", card_expiry=_years(today, 1), cert_serial=0x100A,
            card_photo="hopper_1984.jpg",
            insurance=_insurance(today, symbol="1234", number="5678", branch="02", burden_ratio_percent=20,
                                 personal_family=PersonalFamily.FAMILY),
            **normal_cert,  # type: ignore[arg-type]
        ),
        Persona(
            key="elderly", summary="aged 72 with an elderly recipient certificate (2割) and a limit category",
            name="中村 トメ", name_kana="ナカムラ トメ", birth_date=add_months(today, -12 * 72 - 3).replace(day=10),
            sex=Sex.FEMALE, address="長野県長野市大字南長野字幅下692-2", post_number="380-8570",
            my_number=_my_number("22334455667"),
            pin="7531", security_code="4142", card_expiry=_years(today, 5), cert_serial=0x100B,
            card_photo="collins_nasa.jpg",
            insurance=_insurance(
                today, insurer_number=with_insurer_check_digit("01200"), insurer_name="長野市国民健康保険",
                symbol="長野", number="40312", branch="00", burden_ratio_percent=20,
                limit_certificate=LimitCertificateInfo(LimitCertificateKind.LIMIT, "A03", add_months(today, -4),
                                                       add_months(today, -3), add_months(today, 9)),
                elderly_recipient=ElderlyRecipientInfo(20, add_months(today, -26), add_months(today, 10),
                                                       add_months(today, -27)),
            ),
            **normal_cert,  # type: ignore[arg-type]
        ),
        Persona(
            key="not_mynumber", summary="a contactless card that is not a My Number card (a transit IC card)",
            name="(交通系ICカード)", name_kana="", birth_date=date(2000, 1, 1), sex=Sex.NOT_KNOWN,
            address="", my_number="", is_my_number_card=False,
        ),
    ]
    return {persona.key: persona for persona in personas}
