"""The JPKI session against byte-level fakes: malformed answers, PIN counters, APDU economy."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.serialization import Encoding

from hardware_sim.personas import get_persona
from hardware_sim.personas.pki import auth_ca_certificate, user_auth_certificate
from kiosk.reader.apdu import Aid
from kiosk.reader.errors import ApduError, BadResponseError, NotMyNumberCardError, PinBlockedError, WrongPinError
from kiosk.reader.jpki import ChainStatus, JpkiSession, check_auth_certificate
from kiosk.reader.reading import read_card

from .fakes import OK, FileCard, ScriptedConnection

TOKEN = b"JPKIAPICCTOKEN2".ljust(32, b" ")  # noqa: S105 - the public token of every My Number card


def _card(**overrides: bytes) -> FileCard:
    persona = get_persona("normal")
    files = {
        0x0006: TOKEN,
        0x000A: user_auth_certificate(persona).public_bytes(Encoding.DER),
        0x000B: auth_ca_certificate().public_bytes(Encoding.DER),
    }
    files.update({int(key[3:], 16): value for key, value in overrides.items()})
    return FileCard(files, (Aid.JPKI.value,))


def test_select_answered_6a82_means_not_a_my_number_card() -> None:
    with pytest.raises(NotMyNumberCardError) as raised:
        JpkiSession(ScriptedConnection((b"", 0x6A82)))
    assert raised.value.status_word == 0x6A82


@pytest.mark.parametrize("sw", [0x6A81, 0x6D00, 0x6E00])
def test_a_card_that_does_not_speak_select_is_not_a_my_number_card(sw: int) -> None:
    with pytest.raises(NotMyNumberCardError):
        JpkiSession(ScriptedConnection((b"", sw)))


@pytest.mark.parametrize("sw", [0x6F00, 0x6581, 0x6400])
def test_a_select_that_fails_otherwise_is_a_card_error_not_the_wrong_card(sw: int) -> None:
    # A genuine card that glitched must be read again, not turned away as "not a My Number card".
    with pytest.raises(ApduError) as raised:
        JpkiSession(ScriptedConnection((b"", sw)))
    assert not isinstance(raised.value, NotMyNumberCardError) and raised.value.status_word == sw


def test_a_token_without_the_jpki_prefix_is_not_a_my_number_card() -> None:
    with pytest.raises(NotMyNumberCardError):
        JpkiSession(_card(fid0006=b"SOMEOTHERTOKEN".ljust(32, b" "))).read_token()


def test_certificate_is_read_in_256_byte_chunks_sized_by_its_der_header() -> None:
    card = _card()
    der = card.files[0x000A]
    certificate = JpkiSession(card).read_auth_certificate()
    assert certificate.public_bytes(Encoding.DER) == der
    reads = [apdu for apdu in card.sent if apdu[1] == 0xB0]
    assert len(reads) == -(-len(der) // 256)  # no probe read, no read past the end
    assert all(apdu[4] in (0, len(der) % 256) for apdu in reads)


def test_card_read_checks_the_certificate_against_its_ca_and_counts_apdus() -> None:
    card = _card()
    reading = read_card(card, trusted_ca=auth_ca_certificate())
    assert reading.chain.status is ChainStatus.VERIFIED
    assert reading.token == TOKEN.decode().rstrip()
    assert reading.pin_tries_left == 3
    assert reading.apdu_count == len(card.sent)
    assert card.verifies_with_data() == 0


def test_a_certificate_shorter_than_its_header_claims_is_a_bad_response() -> None:
    der = _card().files[0x000A]
    with pytest.raises(BadResponseError):
        JpkiSession(_card(fid000A=der[:600])).read_auth_certificate()


def test_garbage_after_a_valid_header_is_a_bad_response_caused_by_the_der_parser() -> None:
    garbage = bytes.fromhex("308203E8") + b"\xa5" * 1000
    with pytest.raises(BadResponseError) as raised:
        JpkiSession(_card(fid000A=garbage)).read_auth_certificate()
    assert raised.value.__cause__ is not None


@pytest.mark.parametrize("content", [b"\x30", b"\x30\x82\x04", b"\x30\x84\x00\x00\x00\x10"])
def test_truncated_or_unsupported_headers_are_bad_responses(content: bytes) -> None:
    with pytest.raises(BadResponseError):
        JpkiSession(_card(fid000A=content)).read_auth_certificate()


def test_a_truncated_response_to_the_token_read_is_a_bad_response() -> None:
    conn = ScriptedConnection((b"", OK), (b"", OK), (TOKEN[:10], OK))
    with pytest.raises(BadResponseError):
        JpkiSession(conn).read_token()


def test_wrong_pin_counts_down_then_blocks_and_no_pin_is_sent_to_a_blocked_card() -> None:
    card = _card()
    session = JpkiSession(card)
    for expected in (2, 1):
        with pytest.raises(WrongPinError) as raised:
            session.verify_pin("0000")
        assert raised.value.tries_left == expected
    with pytest.raises(PinBlockedError):
        session.verify_pin("0000")
    assert card.verifies_with_data() == 3
    with pytest.raises(PinBlockedError):
        session.verify_pin("1234")
    assert card.verifies_with_data() == 3
    assert session.pin_tries_left() == 0


@pytest.mark.parametrize("blocked_sw", [0x6984, 0x6983], ids=["reference data not usable", "method blocked"])
def test_a_card_that_blocks_during_verify_is_a_blocked_pin_whichever_iso_word_it_uses(blocked_sw: int) -> None:
    conn = ScriptedConnection((b"", OK), (b"", OK), (b"", 0x63C1), (b"", blocked_sw))
    with pytest.raises(PinBlockedError):
        JpkiSession(conn).verify_pin("1234")
    assert len(conn.sent) == 4


@pytest.mark.parametrize("pin", ["123", "12345", "１２３４", "12a4", ""])
def test_a_malformed_pin_is_refused_before_anything_is_sent(pin: str) -> None:
    conn = ScriptedConnection((b"", OK))
    session = JpkiSession(conn)
    with pytest.raises(ValueError):
        session.verify_pin(pin)
    assert len(conn.sent) == 1  # only the SELECT of the constructor


def test_pin_errors_never_carry_the_pin() -> None:
    session = JpkiSession(_card())
    with pytest.raises(WrongPinError) as raised:
        session.verify_pin("9087")
    assert "9087" not in str(raised.value) and "9087" not in repr(raised.value.args)
    with pytest.raises(ValueError) as invalid:
        session.verify_pin("98765")
    assert "98765" not in str(invalid.value)


def test_a_certificate_from_another_ca_fails_the_chain_check() -> None:
    persona = get_persona("normal")
    certificate = user_auth_certificate(persona)
    assert check_auth_certificate(certificate, certificate).status is not ChainStatus.VERIFIED
    assert check_auth_certificate(certificate, auth_ca_certificate(), certificate).status is ChainStatus.UNTRUSTED_CA
