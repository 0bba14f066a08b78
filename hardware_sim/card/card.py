"""The virtual My Number card: a small card OS with a dispatch table, file system and PIN objects."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import rsa

from hardware_sim.personas import Persona
from hardware_sim.personas.pki import certified_reader_ca_certificate
from kiosk.domain.card_interface import Aid, Instruction, StatusWord, verify_failed_status

from .apdu import CommandApdu, redacted_hex
from .content import build_applications
from .faults import CardRemovedError, Faults
from .files import Application, BinaryFile, CardFile, KeyFile, PinFile
from .reader_auth import ReaderAuthentication
from .state import PinState, StateStore
from .status import CONTACT_ATR, FELICA_ATR, CardStatusError

logger = logging.getLogger(__name__)

TRAFFIC = 5  # below DEBUG: raw APDUs, with PIN payloads redacted
logging.addLevelName(TRAFFIC, "TRAFFIC")

_ISO = 0x00
_PROPRIETARY = 0x80

Handler = Callable[["VirtualCard", CommandApdu], bytes]


class CardPoweredOffError(RuntimeError):
    """An APDU was sent to a card that is not powered (call `power_on()` first)."""


def _pin_key(aid: Aid, fid: int) -> str:
    return f"{aid.name}/{fid:04X}"


class VirtualCard:
    """A persona's card; created powered on. `transmit(apdu)` returns response data followed by SW1 SW2."""

    def __init__(self, persona: Persona, applications: list[Application], atr: bytes, store: StateStore) -> None:
        self.persona = persona
        self.atr = atr
        self.faults = Faults()
        self._applications = {app.aid.value: app for app in applications}
        self._store = store
        self._factory = {
            _pin_key(app.aid, pin.fid): (pin.value, pin.tries_left) for app in applications for pin in app.pins()
        }
        self._powered = True
        self._app: Application | None = None
        self._ef: CardFile | None = None
        self._verified: set[int] = set()
        self._reader = ReaderAuthentication(certified_reader_ca_certificate())
        self._load_state()

    @classmethod
    def for_persona(cls, persona: Persona, state_file: Path | StateStore | None = None, *,
                    atr: bytes | None = None) -> VirtualCard:
        """The card of `persona`; retry counters persist in `state_file` (JSON), or only in memory if None.

        A `StateStore` may be passed instead: a card placed again on the same store (in memory too) keeps the
        counters it had, like the real card's chip.
        """
        default_atr = CONTACT_ATR if persona.is_my_number_card else FELICA_ATR
        store = state_file if isinstance(state_file, StateStore) else StateStore(state_file)
        return cls(persona, build_applications(persona), atr or default_atr, store)

    # --- power and reset -------------------------------------------------------------------------------

    @property
    def powered(self) -> bool:
        """Whether the card is powered (and so answers APDUs)."""
        return self._powered

    def power_on(self) -> bytes:
        """Power the card up (cold reset) and return its ATR."""
        self._powered = True
        self._clear_session()
        return self.atr

    def power_off(self) -> None:
        """Cut the power: the security state is lost, retry counters are not."""
        self._powered = False
        self._clear_session()

    def reset(self) -> bytes:
        """Warm reset: back to no AP selected, no PIN verified; return the ATR."""
        return self.power_on()

    def restore_factory_state(self) -> None:
        """Give the card back its persona's initial PINs and retry counters (and forget the saved state)."""
        self._store.forget(self.persona.key)
        for app in self._applications.values():
            for pin in app.pins():
                pin.value, pin.tries_left = self._factory[_pin_key(app.aid, pin.fid)]
        self._clear_session()

    def pin_tries_left(self, aid: Aid, fid: int) -> int:
        """The retry counter of one PIN (for tests and the simulator's own status line)."""
        pin = self._applications[aid.value].files[fid]
        if not isinstance(pin, PinFile):
            raise TypeError(f"{aid.name}/{fid:04X} is not a PIN")
        return pin.tries_left

    # --- APDU processing -------------------------------------------------------------------------------

    def transmit(self, apdu: bytes) -> bytes:
        """Process one command APDU.

        Raises:
            CardPoweredOffError: the card is not powered.
            CardRemovedError: an injected removal fault fired (the card is then powered off).
        """
        if not self._powered:
            raise CardPoweredOffError("card is not powered")
        traffic = logger.isEnabledFor(TRAFFIC)
        if traffic:
            logger.log(TRAFFIC, "> %s", redacted_hex(apdu))
        ins = apdu[1] if len(apdu) > 1 else -1
        try:
            self.faults.check_removal(ins)
        except CardRemovedError:
            self.power_off()
            raise
        try:
            response = self._dispatch(CommandApdu.parse(apdu)) + StatusWord.OK.to_bytes(2, "big")
        except CardStatusError as error:
            response = error.status.to_bytes(2, "big")
        except Exception:
            logger.exception("card OS error on INS %02X", ins)
            response = StatusWord.UNKNOWN_ERROR.to_bytes(2, "big")
        response = self.faults.apply(ins, response)
        if traffic:
            logger.log(TRAFFIC, "< %d data bytes, SW %s", max(len(response) - 2, 0), response[-2:].hex().upper())
        return response

    def _dispatch(self, command: CommandApdu) -> bytes:
        handler = _HANDLERS.get((command.cla, command.ins))
        if handler is not None:
            return handler(self, command)
        if any(ins == command.ins for _, ins in _HANDLERS):
            raise CardStatusError(StatusWord.CLA_NOT_SUPPORTED)
        raise CardStatusError(StatusWord.INS_NOT_SUPPORTED)

    def _select(self, command: CommandApdu) -> bytes:
        if command.p2 not in (0x00, 0x0C):
            raise CardStatusError(StatusWord.INCORRECT_P1_P2)
        if command.p1 == 0x04:
            app = self._applications.get(command.data)
            if app is None:
                raise CardStatusError(StatusWord.FILE_NOT_FOUND)
            self._app, self._ef = app, None
            self._verified.clear()
            self._reader.clear()
            return b""
        if command.p1 == 0x02:
            if len(command.data) != 2:
                raise CardStatusError(StatusWord.WRONG_LENGTH)
            self._ef = self._current_app().find(int.from_bytes(command.data, "big"))
            return b""
        raise CardStatusError(StatusWord.INCORRECT_P1_P2)

    def _read_binary(self, command: CommandApdu) -> bytes:
        if command.p1 & 0x80:
            if command.p1 & 0x60 or not command.p1 & 0x1F:
                raise CardStatusError(StatusWord.INCORRECT_P1_P2)
            self._ef = self._current_app().find(command.p1 & 0x1F)
            offset = command.p2
        else:
            offset = command.p1 << 8 | command.p2
        if command.data or command.ne == 0:
            raise CardStatusError(StatusWord.WRONG_LENGTH)
        ef = self._current_ef()
        if not isinstance(ef, BinaryFile):
            raise CardStatusError(StatusWord.COMMAND_INCOMPATIBLE)
        if ef.read_requires and not ef.read_requires & self._verified:
            raise CardStatusError(StatusWord.SECURITY_STATUS_NOT_SATISFIED)
        assert self._app is not None  # noqa: S101 - an EF is only current inside an AP
        data = self.faults.file_overrides.get((self._app.aid, ef.fid), ef.data)
        if offset >= len(data):
            raise CardStatusError(StatusWord.WRONG_OFFSET)
        return data[offset : offset + command.ne]

    def _verify(self, command: CommandApdu) -> bytes:
        if command.p1 != 0x00:
            raise CardStatusError(StatusWord.INCORRECT_P1_P2)
        pin = self._referenced_pin(command.p2)
        if not command.data:
            raise CardStatusError(verify_failed_status(pin.tries_left))
        before = pin.tries_left
        self._verified.discard(pin.fid)
        try:
            pin.verify(command.data)
        finally:
            if pin.tries_left != before:
                self._save_state()
        self._verified.add(pin.fid)
        return b""

    def _change_reference_data(self, command: CommandApdu) -> bytes:
        if command.p1 != 0x01:
            raise CardStatusError(StatusWord.INCORRECT_P1_P2)
        pin = self._referenced_pin(command.p2)
        if not command.data:
            raise CardStatusError(StatusWord.WRONG_LENGTH)
        if pin.fid not in self._verified:
            raise CardStatusError(StatusWord.SECURITY_STATUS_NOT_SATISFIED)
        pin.change(command.data)
        self._save_state()
        return b""

    def _compute_signature(self, command: CommandApdu) -> bytes:
        if (command.p1, command.p2) != (0x00, 0x80):
            raise CardStatusError(StatusWord.INCORRECT_P1_P2)
        ef = self._current_ef()
        if not isinstance(ef, KeyFile):
            raise CardStatusError(StatusWord.COMMAND_INCOMPATIBLE)
        if ef.use_requires not in self._verified and not (ef.certified_reader and self._reader.authenticated):
            raise CardStatusError(StatusWord.SECURITY_STATUS_NOT_SATISFIED)
        return pkcs1_type1_sign(ef.key, command.data)

    def _get_challenge(self, command: CommandApdu) -> bytes:
        if self._app is None or self._app.aid is not Aid.JPKI:  # only the JPKI AP knows the reader authentication
            raise CardStatusError(StatusWord.INS_NOT_SUPPORTED)
        if (command.p1, command.p2) != (0, 0) or command.data:
            raise CardStatusError(StatusWord.INCORRECT_P1_P2)
        return self._reader.challenge(command.ne)

    def _external_authenticate(self, command: CommandApdu) -> bytes:
        if self._app is None or self._app.aid is not Aid.JPKI:
            raise CardStatusError(StatusWord.INS_NOT_SUPPORTED)
        if (command.p1, command.p2) != (0, 0):
            raise CardStatusError(StatusWord.INCORRECT_P1_P2)
        self._reader.authenticate(command.data)
        return b""

    # --- helpers ---------------------------------------------------------------------------------------

    def _current_app(self) -> Application:
        if self._app is None:
            raise CardStatusError(StatusWord.FILE_NOT_FOUND)
        return self._app

    def _current_ef(self) -> CardFile:
        if self._ef is None:
            raise CardStatusError(StatusWord.NO_CURRENT_EF)
        return self._ef

    def _referenced_pin(self, p2: int) -> PinFile:
        """The PIN named by P2: `80` = the current EF, `80|n` = EF 00nn of the current AP."""
        if not p2 & 0x80 or p2 & 0x60:
            raise CardStatusError(StatusWord.INCORRECT_P1_P2)
        if p2 == 0x80:
            ef = self._current_ef()
            if not isinstance(ef, PinFile):
                raise CardStatusError(StatusWord.COMMAND_INCOMPATIBLE)
            return ef
        if self._app is None:
            raise CardStatusError(StatusWord.NO_CURRENT_EF)
        referenced = self._app.files.get(p2 & 0x1F)
        if not isinstance(referenced, PinFile):
            raise CardStatusError(StatusWord.REFERENCED_DATA_NOT_FOUND)
        return referenced

    def _clear_session(self) -> None:
        self._app, self._ef = None, None
        self._verified.clear()
        self._reader.clear()

    def _load_state(self) -> None:
        state = self._store.load(self.persona.key)
        if state is None:
            return
        for app in self._applications.values():
            for pin in app.pins():
                key = _pin_key(app.aid, pin.fid)
                pin.tries_left = state.tries_left.get(key, pin.tries_left)
                pin.value = state.values.get(key, pin.value)

    def _save_state(self) -> None:
        state = PinState()
        for app in self._applications.values():
            for pin in app.pins():
                key = _pin_key(app.aid, pin.fid)
                state.tries_left[key] = pin.tries_left
                if pin.value != self._factory[key][0]:
                    state.values[key] = pin.value
        self._store.save(self.persona.key, state)


_HANDLERS: dict[tuple[int, int], Handler] = {
    (_ISO, Instruction.SELECT): VirtualCard._select,
    (_ISO, Instruction.READ_BINARY): VirtualCard._read_binary,
    (_ISO, Instruction.VERIFY): VirtualCard._verify,
    (_ISO, Instruction.CHANGE_REFERENCE_DATA): VirtualCard._change_reference_data,
    (_PROPRIETARY, Instruction.COMPUTE_DIGITAL_SIGNATURE): VirtualCard._compute_signature,
    (_ISO, Instruction.GET_CHALLENGE): VirtualCard._get_challenge,
    (_ISO, Instruction.EXTERNAL_AUTHENTICATE): VirtualCard._external_authenticate,
}


def pkcs1_type1_sign(key: rsa.RSAPrivateKey, data: bytes) -> bytes:
    """Raw RSA over EMSA-PKCS1-v1_5 type-1 padding of `data` (a DigestInfo), as the card computes it.

    Raises:
        CardStatusError: 6700 when `data` is empty or too long for the key.
    """
    size = key.key_size // 8
    if not data or len(data) > size - 11:
        raise CardStatusError(StatusWord.WRONG_LENGTH)
    encoded = b"\x00\x01" + b"\xff" * (size - 3 - len(data)) + b"\x00" + data
    p, q, dp, dq, qinv = _crt(key)
    message = int.from_bytes(encoded, "big")
    s_p, s_q = pow(message, dp, p), pow(message, dq, q)
    signature = s_q + (qinv * (s_p - s_q) % p) * q
    return signature.to_bytes(size, "big")


@functools.cache
def _crt(key: rsa.RSAPrivateKey) -> tuple[int, int, int, int, int]:
    numbers = key.private_numbers()
    return numbers.p, numbers.q, numbers.dmp1, numbers.dmq1, numbers.iqmp
