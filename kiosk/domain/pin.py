"""The user-authentication PIN (利用者証明用暗証番号) of the JPKI AP: its shape and its retry counter."""

from __future__ import annotations

#: Digits of the user-auth PIN.
USER_AUTH_PIN_LENGTH = 4
#: Wrong PINs the card accepts before it blocks the PIN (only the municipal office can reset it).
USER_AUTH_PIN_TRIES = 3


def is_well_formed_pin(pin: str) -> bool:
    """True for exactly four ASCII digits (full-width digits and other scripts' digits are not PIN digits)."""
    return len(pin) == USER_AUTH_PIN_LENGTH and pin.isascii() and pin.isdigit()


def is_last_try(tries_left: int) -> bool:
    """True when one more wrong PIN blocks the card: the moment to warn the patient."""
    return tries_left == 1
