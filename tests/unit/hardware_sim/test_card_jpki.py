"""The virtual card's JPKI AP, command by command, against docs/card-interface.md."""

from __future__ import annotations

import hashlib

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from hardware_sim.card import CONTACT_ATR, Aid, StatusWord, VirtualCard
from hardware_sim.personas import get_persona
from hardware_sim.personas.pki import auth_ca_certificate, signature_certificate, user_auth_certificate

SHA256_PREFIX = bytes.fromhex("3031300D060960864801650304020105000420")


def apdu(text: str) -> bytes:
    return bytes.fromhex(text.replace(" ", ""))


def select_ap(aid: Aid) -> bytes:
    return bytes([0x00, 0xA4, 0x04, 0x0C, len(aid.value)]) + aid.value


def select_ef(fid: int) -> bytes:
    return bytes([0x00, 0xA4, 0x02, 0x0C, 0x02]) + fid.to_bytes(2, "big")


def verify(pin: str) -> bytes:
    return bytes([0x00, 0x20, 0x00, 0x80, len(pin)]) + pin.encode()


def sw(response: bytes) -> int:
    return int.from_bytes(response[-2:], "big")


def read_all(card: VirtualCard, chunk: int = 0) -> bytes:
    """Read the current EF in short-APDU chunks until the card says 6B00."""
    data = b""
    while True:
        response = card.transmit(bytes([0x00, 0xB0, len(data) >> 8, len(data) & 0xFF, chunk]))
        if sw(response) == StatusWord.WRONG_OFFSET:
            return data
        assert sw(response) == StatusWord.OK
        data += response[:-2]


@pytest.fixture
def card() -> VirtualCard:
    return VirtualCard.for_persona(get_persona("normal"))


def test_atr_is_the_real_contact_atr(card: VirtualCard) -> None:
    assert card.atr == CONTACT_ATR == apdu("3B DA 13 FF 81 31 FB 46 80 12 39 2F 31 C1 73 C6 01 C0 3B")


def test_token_is_jpkiapicctoken2_padded_to_32_bytes(card: VirtualCard) -> None:
    assert card.transmit(select_ap(Aid.JPKI)) == b"\x90\x00"
    assert card.transmit(select_ef(0x0006)) == b"\x90\x00"
    assert card.transmit(apdu("00 B0 00 00 20")) == b"JPKIAPICCTOKEN2" + b" " * 17 + b"\x90\x00"


def test_select_with_p2_00_is_accepted(card: VirtualCard) -> None:
    assert card.transmit(apdu("00 A4 04 00 0A D3 92 F0 00 26 01 00 00 00 01 00")) == b"\x90\x00"


def test_certificates_read_like_opensc_and_chain_to_the_ca(card: VirtualCard) -> None:
    persona = get_persona("normal")
    card.transmit(select_ap(Aid.JPKI))
    card.transmit(select_ef(0x000A))
    head = card.transmit(apdu("00 B0 00 00 04"))
    assert head[:2] == b"\x30\x82" and sw(head) == StatusWord.OK
    size = int.from_bytes(head[2:4], "big") + 4
    der = b"".join(card.transmit(bytes([0, 0xB0, off >> 8, off & 0xFF, min(256, size - off) & 0xFF]))[:-2]
                   for off in range(0, size, 256))
    certificate = x509.load_der_x509_certificate(der)
    assert certificate == user_auth_certificate(persona)
    card.transmit(select_ef(0x000B))
    ca = x509.load_der_x509_certificate(read_all(card))
    assert ca == auth_ca_certificate()
    certificate.verify_directly_issued_by(ca)


def test_read_crossing_the_end_returns_the_rest_and_reading_past_it_says_6b00(card: VirtualCard) -> None:
    card.transmit(select_ap(Aid.JPKI))
    card.transmit(select_ef(0x0006))
    assert card.transmit(apdu("00 B0 00 1E 10")) == b"  \x90\x00"
    assert sw(card.transmit(apdu("00 B0 00 20 01"))) == StatusWord.WRONG_OFFSET
    assert sw(card.transmit(apdu("00 B0 01 00 00"))) == StatusWord.WRONG_OFFSET


def test_read_binary_by_short_file_identifier(card: VirtualCard) -> None:
    card.transmit(select_ap(Aid.JPKI))
    assert card.transmit(apdu("00 B0 86 00 0F")) == b"JPKIAPICCTOKEN2\x90\x00"
    # the SFI read also made EF 0006 current
    assert card.transmit(apdu("00 B0 00 00 04")) == b"JPKI\x90\x00"


def test_extended_le_reads_a_whole_certificate_in_one_apdu(card: VirtualCard) -> None:
    card.transmit(select_ap(Aid.JPKI))
    card.transmit(select_ef(0x000A))
    response = card.transmit(apdu("00 B0 00 00 00 00 00"))
    assert sw(response) == StatusWord.OK
    assert response[:-2] == read_all(card)
    assert len(response) - 2 > 256


@pytest.mark.parametrize(("command", "status"), [
    ("00 A4 04 0C 0A A0 00 00 00 03 00 00 00 00 00", StatusWord.FILE_NOT_FOUND),  # a foreign AID (PIV-ish)
    ("00 A4 04 0C 07 A0 00 00 02 47 10 01", StatusWord.FILE_NOT_FOUND),  # ICAO eMRTD
    ("00 A4 02 0C 02 00 06", StatusWord.FILE_NOT_FOUND),  # EF without an AP
    ("00 A4 08 0C 02 3F 00", StatusWord.INCORRECT_P1_P2),  # path selection
    ("00 A4 04 04 0A D3 92 F0 00 26 01 00 00 00 01", StatusWord.INCORRECT_P1_P2),
    ("00 CA 00 6E 00", StatusWord.INS_NOT_SUPPORTED),  # GET DATA
    ("00 84 00 00 08", StatusWord.INS_NOT_SUPPORTED),  # GET CHALLENGE
    ("00 B0 00 00 00", StatusWord.NO_CURRENT_EF),
    ("00 B0", StatusWord.WRONG_LENGTH),
    ("00 A4 04 0C 0A D3 92", StatusWord.WRONG_LENGTH),  # Lc says 10, 2 bytes follow
])
def test_status_words_on_a_fresh_card(card: VirtualCard, command: str, status: StatusWord) -> None:
    assert card.transmit(apdu(command)) == status.to_bytes(2, "big")


def test_unknown_ef_inside_the_ap_is_6a82_and_keeps_the_current_ef(card: VirtualCard) -> None:
    card.transmit(select_ap(Aid.JPKI))
    card.transmit(select_ef(0x0006))
    assert sw(card.transmit(select_ef(0x1234))) == StatusWord.FILE_NOT_FOUND
    assert card.transmit(apdu("00 B0 00 00 04")) == b"JPKI\x90\x00"


def test_empty_verify_reports_tries_then_wrong_pins_count_down_to_blocked(card: VirtualCard) -> None:
    card.transmit(select_ap(Aid.JPKI))
    card.transmit(select_ef(0x0018))
    assert sw(card.transmit(apdu("00 20 00 80"))) == 0x63C3
    assert sw(card.transmit(verify("0000"))) == 0x63C2
    assert sw(card.transmit(verify("0001"))) == 0x63C1
    assert sw(card.transmit(verify("0002"))) == 0x63C0
    assert sw(card.transmit(apdu("00 20 00 80"))) == 0x63C0
    assert sw(card.transmit(verify("1234"))) == StatusWord.REFERENCE_DATA_NOT_USABLE  # right PIN, too late
    assert card.pin_tries_left(Aid.JPKI, 0x0018) == 0


def test_a_right_pin_restores_the_counter(card: VirtualCard) -> None:
    card.transmit(select_ap(Aid.JPKI))
    card.transmit(select_ef(0x0018))
    card.transmit(verify("9999"))
    assert card.transmit(verify("1234")) == b"\x90\x00"
    assert sw(card.transmit(apdu("00 20 00 80"))) == 0x63C3


def test_verify_by_reference_in_p2(card: VirtualCard) -> None:
    card.transmit(select_ap(Aid.JPKI))
    assert sw(card.transmit(apdu("00 20 00 98"))) == 0x63C3  # 80|18: EF 0018 without selecting it
    assert sw(card.transmit(apdu("00 20 00 9B"))) == 0x63C5  # 80|1B: the signature password, 5 tries


def test_verify_without_a_pin_ef_selected(card: VirtualCard) -> None:
    card.transmit(select_ap(Aid.JPKI))
    assert sw(card.transmit(apdu("00 20 00 80"))) == StatusWord.NO_CURRENT_EF
    card.transmit(select_ef(0x0006))
    assert sw(card.transmit(verify("1234"))) == StatusWord.COMMAND_INCOMPATIBLE


def test_blocked_persona_is_blocked_and_one_try_persona_has_one_try() -> None:
    blocked = VirtualCard.for_persona(get_persona("pin_blocked"))
    blocked.transmit(select_ap(Aid.JPKI))
    blocked.transmit(select_ef(0x0018))
    assert sw(blocked.transmit(apdu("00 20 00 80"))) == 0x63C0
    assert sw(blocked.transmit(verify("9753"))) == StatusWord.REFERENCE_DATA_NOT_USABLE
    one = VirtualCard.for_persona(get_persona("pin_one_try"))
    one.transmit(select_ap(Aid.JPKI))
    one.transmit(select_ef(0x0018))
    assert sw(one.transmit(apdu("00 20 00 80"))) == 0x63C1


def sign_apdu(message: bytes) -> bytes:
    digest_info = SHA256_PREFIX + hashlib.sha256(message).digest()
    return bytes([0x80, 0x2A, 0x00, 0x80, len(digest_info)]) + digest_info + b"\x00"


def test_signature_like_opensc_verifies_with_the_certificate(card: VirtualCard) -> None:
    card.transmit(select_ap(Aid.JPKI))
    card.transmit(select_ef(0x0018))
    assert card.transmit(verify("1234")) == b"\x90\x00"
    card.transmit(select_ef(0x0017))
    response = card.transmit(sign_apdu(b"reception 2026"))
    assert sw(response) == StatusWord.OK and len(response) == 258
    public_key = user_auth_certificate(get_persona("normal")).public_key()
    assert isinstance(public_key, rsa.RSAPublicKey)
    public_key.verify(response[:-2], b"reception 2026", padding.PKCS1v15(), hashes.SHA256())


def test_signing_needs_the_pin_and_the_key_selected(card: VirtualCard) -> None:
    card.transmit(select_ap(Aid.JPKI))
    card.transmit(select_ef(0x0017))
    assert sw(card.transmit(sign_apdu(b"x"))) == StatusWord.SECURITY_STATUS_NOT_SATISFIED
    card.transmit(select_ef(0x0018))
    card.transmit(verify("1234"))
    assert sw(card.transmit(sign_apdu(b"x"))) == StatusWord.COMMAND_INCOMPATIBLE  # the PIN EF is current
    card.transmit(select_ef(0x0017))
    assert sw(card.transmit(bytes([0x80, 0x2A, 0x00, 0x80, 246]) + bytes(246) + b"\x00")) == StatusWord.WRONG_LENGTH
    assert sw(card.transmit(sign_apdu(b"x")[:2] + b"\x9E\x9A" + sign_apdu(b"x")[4:])) == StatusWord.INCORRECT_P1_P2


def test_security_state_is_cleared_by_reselecting_the_ap_and_by_reset(card: VirtualCard) -> None:
    for clear in (lambda: card.transmit(select_ap(Aid.JPKI)), card.reset):
        card.transmit(select_ap(Aid.JPKI))
        card.transmit(select_ef(0x0018))
        card.transmit(verify("1234"))
        card.transmit(select_ef(0x0017))
        assert sw(card.transmit(sign_apdu(b"ok"))) == StatusWord.OK
        clear()
        card.transmit(select_ap(Aid.JPKI))
        card.transmit(select_ef(0x0017))
        assert sw(card.transmit(sign_apdu(b"no"))) == StatusWord.SECURITY_STATUS_NOT_SATISFIED


def test_signature_certificate_is_behind_the_password_and_the_sign_key_works() -> None:
    persona = get_persona("normal")
    card = VirtualCard.for_persona(persona)
    card.transmit(select_ap(Aid.JPKI))
    card.transmit(select_ef(0x0001))
    assert sw(card.transmit(apdu("00 B0 00 00 04"))) == StatusWord.SECURITY_STATUS_NOT_SATISFIED
    card.transmit(select_ef(0x001B))
    assert sw(card.transmit(verify("WRONG1"))) == 0x63C4
    assert card.transmit(verify(persona.signature_password)) == b"\x90\x00"
    card.transmit(select_ef(0x0001))
    assert x509.load_der_x509_certificate(read_all(card)) == signature_certificate(persona)
    card.transmit(select_ef(0x001A))
    signature = card.transmit(sign_apdu(b"contract"))[:-2]
    public_key = signature_certificate(persona).public_key()
    assert isinstance(public_key, rsa.RSAPublicKey)
    public_key.verify(signature, b"contract", padding.PKCS1v15(), hashes.SHA256())


def test_change_reference_data_after_verify(card: VirtualCard) -> None:
    card.transmit(select_ap(Aid.JPKI))
    card.transmit(select_ef(0x0018))
    assert sw(card.transmit(apdu("00 24 01 80 04 35 36 37 38"))) == StatusWord.SECURITY_STATUS_NOT_SATISFIED
    card.transmit(verify("1234"))
    assert sw(card.transmit(apdu("00 24 01 80 03 35 36 37"))) == StatusWord.WRONG_DATA  # 3 digits
    assert card.transmit(apdu("00 24 01 80 04 35 36 37 38")) == b"\x90\x00"
    assert sw(card.transmit(verify("1234"))) == 0x63C2
    assert card.transmit(verify("5678")) == b"\x90\x00"


def test_extended_lc_verify(card: VirtualCard) -> None:
    card.transmit(select_ap(Aid.JPKI))
    card.transmit(select_ef(0x0018))
    assert card.transmit(apdu("00 20 00 80 00 00 04") + b"1234") == b"\x90\x00"
