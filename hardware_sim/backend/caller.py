"""The kiosk on the connection: its TLS client certificate (see connection.py), and the facility it is bound to."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from .connection import peer_certificate
from .errors import ApiError, ErrorCode
from .verify import KioskCertificate, Verifier


def calling_kiosk(request: Request) -> KioskCertificate:
    """FastAPI dependency: KIOSK_UNKNOWN without a kiosk certificate of the kiosk CA bound to a facility."""
    der = peer_certificate(request.scope)
    if der is None:
        raise ApiError(ErrorCode.KIOSK_UNKNOWN)
    verifier: Verifier = request.app.state.service.verifier
    try:
        return verifier.kiosk_identity(der)
    except ApiError as error:
        raise ApiError(ErrorCode.KIOSK_UNKNOWN) from error


CallingKiosk = Annotated[KioskCertificate, Depends(calling_kiosk)]
