"""Issue 11, the PIN counter is the card's and ours: VERIFY is never re-sent by the APDU layer, tries are clamped,
the kiosk never sends more PIN VERIFYs to a card than its maximum, and fuzzed card answers crash nothing."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from hardware_sim.card import VirtualCard
from hardware_sim.personas import get_persona
from hardware_sim.personas.pki import (
    auth_ca_certificate,
    certified_reader_certificate,
    certified_reader_key,
    user_auth_certificate,
)
from kiosk.domain.card_interface import Aid, Instruction
from kiosk.domain.pin import USER_AUTH_PIN_TRIES
from kiosk.flow import events as ev
from kiosk.reader import BadResponseError, FixedCardSurface, InProcessReader, JpkiSession, PrintedCardFace
from kiosk.reader.card_counts import CardCounts, card_key
from kiosk.reader.pin_ledger import PIN_COUNT_KEPT_HOURS, PinLedger
from kiosk.reader.reader_auth import ReaderCredential
from kiosk.reader.trust_anchors import TrustAnchors
from kiosk.reception.card import ReaderCardService
from kiosk.reception.compose import PIN_COUNT_FILE
from kiosk.reception.session import ChipPhotoReader, PatientSession

from .fakes import OK, ScriptedConnection

JPKI_SELECT = (b"", OK)


def test_a_6cxx_answer_to_verify_is_not_answered_with_a_second_verify() -> None:
    card = ScriptedConnection(JPKI_SELECT, (b"", OK), (b"", 0x63C3), (b"", 0x6C04))
    with pytest.raises(BadResponseError):
        JpkiSession(card).verify_pin("1234")
    assert [apdu[1] for apdu in card.sent].count(Instruction.VERIFY) == 2  # the counter query and one VERIFY
    assert sum(1 for apdu in card.sent if apdu[1] == Instruction.VERIFY and len(apdu) > 5) == 1


@pytest.mark.parametrize("reported", [0x63C4, 0x63CA, 0x63CC, 0x63CF])
def test_tries_left_above_the_maximum_are_clamped(reported: int) -> None:
    card = ScriptedConnection(JPKI_SELECT, (b"", OK), (b"", reported))
    assert JpkiSession(card).pin_tries_left() == USER_AUTH_PIN_TRIES


class LyingCard:
    """The normal persona's card, except that its PIN counter never counts down and always reports 3."""

    def __init__(self) -> None:
        self.inner = VirtualCard.for_persona(get_persona("normal"))
        self.atr = self.inner.atr
        self.pin_verifies = 0

    def power_on(self) -> bytes:
        return self.inner.power_on()

    def power_off(self) -> None:
        self.inner.power_off()

    def transmit(self, apdu: bytes) -> bytes:
        if len(apdu) >= 4 and apdu[1] == Instruction.VERIFY:
            if len(apdu) > 5:
                self.pin_verifies += 1
                return b"\x63\xc3"
            return b"\x63\xc3"
        return self.inner.transmit(apdu)


def _service(reader: InProcessReader, trust: TrustAnchors | None = None, pins: PinLedger | None = None
             ) -> ReaderCardService:
    trust = trust or TrustAnchors()
    printed = get_persona("normal").card_face_print
    surface = FixedCardSurface(PrintedCardFace(printed.birth_date, printed.card_expiry, printed.security_code))
    return ReaderCardService(reader, reader.name, PatientSession(), ChipPhotoReader(surface, trust), trust,
                             pins or PinLedger(CardCounts(None)))


def test_a_card_that_never_counts_gets_no_more_verifies_than_its_maximum() -> None:
    reader = InProcessReader()
    card = LyingCard()
    reader.insert(card)
    service = _service(reader)
    answers = []
    for _ in range(11):
        assert isinstance(service.read_card(), ev.CardRead)  # placed again: the kiosk still remembers the card
        answers.append(service.verify_pin("0000"))
    assert card.pin_verifies == USER_AUTH_PIN_TRIES
    assert [type(a) for a in answers[:2]] == [ev.PinRejected, ev.PinRejected]
    assert all(isinstance(a, ev.PinBlocked) for a in answers[2:])
    summary = service.read_card()
    assert isinstance(summary, ev.CardRead) and summary.card.pin_tries_left == 0


def test_a_restart_in_the_middle_of_wrong_pins_gives_no_extra_verifies(tmp_path: Path) -> None:
    counts = tmp_path / "data" / PIN_COUNT_FILE
    reader = InProcessReader()
    card = LyingCard()
    reader.insert(card)
    first = _service(reader, pins=PinLedger(CardCounts(counts)))
    assert isinstance(first.read_card(), ev.CardRead)
    assert isinstance(first.verify_pin("0000"), ev.PinRejected)
    assert isinstance(first.verify_pin("1111"), ev.PinRejected)
    shown = []
    for _ in range(3):  # the kiosk restarts (power cut, kill -9, update) and the card is placed again each time
        restarted = _service(reader, pins=PinLedger(CardCounts(counts)))
        read = restarted.read_card()
        assert isinstance(read, ev.CardRead)
        shown.append(read.card.pin_tries_left)
        restarted.verify_pin("2222")
    assert shown == [1, 0, 0]  # the card always says 3
    assert card.pin_verifies == USER_AUTH_PIN_TRIES
    assert not any(pin in counts.read_text(encoding="utf-8") for pin in ("0000", "1111", "2222"))


def test_a_correct_pin_clears_the_kept_count(tmp_path: Path) -> None:
    counts = tmp_path / PIN_COUNT_FILE
    reader = InProcessReader()
    reader.insert(VirtualCard.for_persona(get_persona("normal")))
    service = _service(reader, pins=PinLedger(CardCounts(counts)))
    assert isinstance(service.read_card(), ev.CardRead)
    assert isinstance(service.verify_pin("0000"), ev.PinRejected)
    key = card_key(user_auth_certificate(get_persona("normal")))
    assert PinLedger(CardCounts(counts)).tries_left(key, 3) == 2  # kept on disk
    assert isinstance(service.verify_pin(get_persona("normal").pin), ev.PinVerified)
    assert PinLedger(CardCounts(counts)).tries_left(key, 3) == 3




class CountingLedger(PinLedger):
    """The kiosk's ledger, also recording the longest run of PIN VERIFYs sent with no success seen between them."""

    def __init__(self) -> None:
        super().__init__(CardCounts(None))
        self.run = 0
        self.worst_run = 0

    def verify_sent(self, card: str) -> None:
        super().verify_sent(card)
        self.run += 1
        self.worst_run = max(self.worst_run, self.run)

    def succeeded(self, card: str) -> None:
        super().succeeded(card)
        self.run = 0


class FuzzedCard:
    """A genuine virtual card whose answers are mutated at random (seeded): cut, padded, garbled, odd status words."""

    SW = [0x6C00, 0x6C04, 0x6100, 0x6110, 0x63C0, 0x63CF, 0x6984, 0x6983, 0x6982, 0x6A82, 0x6F00, 0x9000, 0x6B00]

    def __init__(self, rng: random.Random, rate: float) -> None:
        self.inner = VirtualCard.for_persona(get_persona("normal"))
        self.atr = self.inner.atr
        self.rng = rng
        self.rate = rate
        self.verifies_at_blocked = 0  # PIN VERIFYs that reached the card when its counter was already 0
        self.in_jpki = False

    def power_on(self) -> bytes:
        return self.inner.power_on()

    def power_off(self) -> None:
        self.inner.power_off()

    def transmit(self, apdu: bytes) -> bytes:
        if len(apdu) > 5 and apdu[1] == Instruction.SELECT and apdu[2] == 0x04:
            self.in_jpki = apdu[5:5 + apdu[4]] == Aid.JPKI.value
        pin_verify = self.in_jpki and len(apdu) > 5 and apdu[1] == Instruction.VERIFY
        if pin_verify and self.inner.pin_tries_left(Aid.JPKI, 0x0018) == 0:
            self.verifies_at_blocked += 1
        answer = self.inner.transmit(apdu)
        if self.rng.random() < self.rate:
            answer = self._mutate(answer)
        return answer

    def _mutate(self, answer: bytes) -> bytes:
        rng = self.rng
        match rng.randrange(6):
            case 0:
                return answer[: rng.randrange(len(answer) + 1)]
            case 1:
                return rng.randbytes(rng.randrange(0, 40)) + rng.choice(self.SW).to_bytes(2, "big")
            case 2:
                return rng.choice(self.SW).to_bytes(2, "big")
            case 3:
                data = bytearray(answer)
                for _ in range(rng.randrange(1, 4)):
                    if data:
                        data[rng.randrange(len(data))] = rng.randrange(256)
                return bytes(data)
            case 4:
                return answer[:-2] + rng.randbytes(300) + answer[-2:]
            case _:
                return b""


FUZZ_CASES = 1000


def test_fuzzed_card_answers_crash_nothing_and_never_exceed_the_pin_maximum() -> None:
    rng = random.Random(20260311)
    credential = ReaderCredential.from_key(certified_reader_certificate(), certified_reader_key())
    anchored = TrustAnchors((auth_ca_certificate(),), (), credential)
    crashes: list[str] = []
    worst_run = at_blocked = 0
    outcomes: dict[str, int] = {}
    for case in range(FUZZ_CASES):
        reader = InProcessReader()
        card = FuzzedCard(rng, rate=rng.choice((0.02, 0.1, 0.3)))
        reader.insert(card)
        ledger = CountingLedger()
        trust = anchored if case % 2 else TrustAnchors()
        printed = get_persona("normal").card_face_print
        surface = FixedCardSurface(PrintedCardFace(printed.birth_date, printed.card_expiry, printed.security_code))
        service = ReaderCardService(reader, reader.name, PatientSession(), ChipPhotoReader(surface, trust), trust,
                                    ledger)
        try:
            for _ in range(3):  # the patient places the card again and again, with wrong PINs, as the flow allows
                read = service.read_card()
                outcomes[type(read).__name__] = outcomes.get(type(read).__name__, 0) + 1
                for pin in ("0000", "1111", "2222", "3333"):
                    if not isinstance(read, ev.CardRead):
                        break
                    answer = service.verify_pin(pin)
                    if isinstance(answer, ev.PinVerified | ev.PinBlocked | ev.CardRemoved):
                        break
                service.card_photo()
        except Exception as error:  # noqa: BLE001 - a crash is what this test counts
            crashes.append(f"case {case}: {type(error).__name__}: {error}")
        worst_run = max(worst_run, ledger.worst_run)
        at_blocked += card.verifies_at_blocked
    assert crashes == []
    assert worst_run <= USER_AUTH_PIN_TRIES  # never more in a row than the PIN's maximum without a success
    assert at_blocked == 0  # and never one at a blocked card
    assert outcomes.get("CardRead", 0) > FUZZ_CASES // 10  # the fuzz reaches the PIN, not only the first APDU


def test_the_kept_count_is_forgotten_after_its_window(tmp_path: Path) -> None:
    # A PIN blocked and reset at the city office keeps its certificate: the kiosk must not refuse the card for good.
    now = [1_800_000_000.0]
    counts = tmp_path / PIN_COUNT_FILE

    def ledger() -> PinLedger:
        return PinLedger(CardCounts(counts, forget_after_seconds=PIN_COUNT_KEPT_HOURS * 3600, clock=lambda: now[0]))

    for _ in range(USER_AUTH_PIN_TRIES):
        ledger().verify_sent("card-a")
    assert not ledger().may_verify("card-a") and ledger().tries_left("card-a", 3) == 0
    now[0] += PIN_COUNT_KEPT_HOURS * 3600 - 60
    assert not ledger().may_verify("card-a")  # still inside the window, across a restart
    now[0] += 120
    assert ledger().may_verify("card-a") and ledger().tries_left("card-a", 3) == 3
