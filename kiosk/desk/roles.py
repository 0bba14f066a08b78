"""What each staff role may see and do on the desk page: one table, enforced by the server on every request.

Both roles work the reception desk (receptions, calls, the items waiting for staff). Only an `admin` reads the audit
trail: it lists who looked at whose data and when, which is for whoever answers for the clinic's records, not for
every colleague.
"""

from __future__ import annotations

from enum import StrEnum
from types import MappingProxyType

from kiosk.staff_credentials import Role


class DeskAction(StrEnum):
    VIEW_RECEPTIONS = "view_receptions"  # today's receptions, calls, health and open items (the live stream)
    ACKNOWLEDGE_CALL = "acknowledge_call"
    RESOLVE_ITEM = "resolve_item"  # a self-declaration or paper check seen to
    VIEW_AUDIT = "view_audit"


_DESK_WORK = frozenset({DeskAction.VIEW_RECEPTIONS, DeskAction.ACKNOWLEDGE_CALL, DeskAction.RESOLVE_ITEM})
PERMISSIONS = MappingProxyType({
    Role.STAFF: _DESK_WORK,
    Role.ADMIN: _DESK_WORK | {DeskAction.VIEW_AUDIT},
})


def may(role: Role, action: DeskAction) -> bool:
    return action in PERMISSIONS[role]
