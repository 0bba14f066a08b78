"""The virtual My Number card: in process (`VirtualCard`) or attached to pcscd through vpcd (`cli`)."""

from __future__ import annotations

from kiosk.domain.card_interface import Aid, Instruction, StatusWord

from .card import TRAFFIC, CardPoweredOffError, VirtualCard, pkcs1_type1_sign
from .content import CARD_FACE_SIGNED_TAGS, TOKEN, card_face_signed_data
from .faults import GARBAGE, CardRemovedError, Faults
from .state import StateFileError
from .status import CONTACT_ATR, FELICA_ATR, MY_NUMBER_AIDS

__all__ = [
    "CARD_FACE_SIGNED_TAGS",
    "CONTACT_ATR",
    "FELICA_ATR",
    "GARBAGE",
    "MY_NUMBER_AIDS",
    "TOKEN",
    "TRAFFIC",
    "Aid",
    "CardPoweredOffError",
    "CardRemovedError",
    "Faults",
    "Instruction",
    "StateFileError",
    "StatusWord",
    "VirtualCard",
    "card_face_signed_data",
    "pkcs1_type1_sign",
]
