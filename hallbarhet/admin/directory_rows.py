"""The rows of the directory mapping (auth.directory_mapping reads them at sign-in): added,
changed and removed by administrators, each change an Event with what the row said; and
what the mapping screen shows beside them."""

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select, true
from sqlalchemy.orm import joinedload

from ..auth.directory_mapping import claim_key
from ..errors import Conflict, InvalidField, NotAllowed, NotFound
from ..extensions import db
from ..models import (
    Administration,
    DirectoryMapping,
    Event,
    Network,
    Role,
    UnmappedClaimValue,
    User,
)
from ..models.base import refuses_cleanly
from ..models.directory import CLAIM_VALUE_MAX
from ..models.events import record

# The mapping screen shows this many of the values that mapped to nothing, and of the
# mapping's changes, newest first.
UNMAPPED_SHOWN = 10
CHANGES_SHOWN = 10
ACTIONS = ("directory_mapping_added", "directory_mapping_changed", "directory_mapping_removed")


@dataclass(frozen=True)
class RowValues:
    claim_value: str
    administration_id: int | None
    network_id: int | None
    role: Role | None


def rows() -> list[DirectoryMapping]:
    return list(
        db.session.scalars(
            select(DirectoryMapping)
            .options(
                joinedload(DirectoryMapping.administration), joinedload(DirectoryMapping.network)
            )
            .order_by(DirectoryMapping.claim_value, DirectoryMapping.id)
        )
    )


def row(row_id: int) -> DirectoryMapping:
    found = db.session.get(DirectoryMapping, row_id)
    if found is None:
        raise NotFound(_("There is no such row in the mapping; it may have been removed."))
    return found


def unmapped_values(limit: int = UNMAPPED_SHOWN) -> list[UnmappedClaimValue]:
    """The values most recently seen at a sign-in that matched no row, but for those that a
    row has mapped since."""
    mapped = {
        claim_key(value) for value in db.session.scalars(select(DirectoryMapping.claim_value))
    }
    seen = db.session.scalars(
        select(UnmappedClaimValue).order_by(
            UnmappedClaimValue.last_seen_at.desc(), UnmappedClaimValue.id.desc()
        )
    )
    found = []
    for value in seen:
        if claim_key(value.value) not in mapped:
            found.append(value)
            if len(found) == limit:
                break
    return found


def recent_changes(limit: int = CHANGES_SHOWN) -> list[Event]:
    return list(
        db.session.scalars(
            select(Event)
            .options(joinedload(Event.actor))
            .where(Event.action.in_(ACTIONS))
            .order_by(Event.created_at.desc(), Event.id.desc())
            .limit(limit)
        )
    )


def describe(mapping: DirectoryMapping) -> str:
    """What a row gives, as Events keep it: "MF, neh:participant" (history/directory.py says
    it in words)."""
    parts = []
    if mapping.administration is not None:
        parts.append(mapping.administration.short_name)
    if mapping.network is not None and mapping.role is not None:
        parts.append(f"{mapping.network.slug}:{mapping.role.value}")
    return ", ".join(parts)


@refuses_cleanly
def add_row(user: User, values: RowValues) -> DirectoryMapping:
    _require_admin(user)
    mapping = DirectoryMapping()
    _fill(mapping, values)
    db.session.add(mapping)
    record(
        "directory_mapping_added",
        user,
        network=mapping.network,
        administration=mapping.administration,
        message=mapping.claim_value,
        to_value=describe(mapping),
    )
    db.session.commit()
    return mapping


@refuses_cleanly
def change_row(user: User, mapping: DirectoryMapping, version: int | None, values: RowValues):
    """False when the row already said this."""
    _require_admin(user)
    _require_version(mapping, version)
    before_value, before = mapping.claim_value, describe(mapping)
    _fill(mapping, values)
    after = describe(mapping)
    if (before_value, before) == (mapping.claim_value, after):
        return False
    message = mapping.claim_value
    if before_value != mapping.claim_value:
        message = f"{before_value} → {mapping.claim_value}"
    record(
        "directory_mapping_changed",
        user,
        network=mapping.network,
        administration=mapping.administration,
        message=message,
        from_value=before,
        to_value=after,
    )
    db.session.commit()
    return True


@refuses_cleanly
def remove_row(user: User, mapping: DirectoryMapping, version: int | None) -> None:
    """A row is configuration: it goes, and its Event keeps what it said."""
    _require_admin(user)
    _require_version(mapping, version)
    record(
        "directory_mapping_removed",
        user,
        network=mapping.network,
        administration=mapping.administration,
        message=mapping.claim_value,
        from_value=describe(mapping),
    )
    db.session.delete(mapping)
    db.session.commit()


def _require_admin(user: User) -> None:
    if not user.is_admin:
        raise NotAllowed(_("Only administrators may do this."))


def _require_version(mapping: DirectoryMapping, version: int | None) -> None:
    if version != mapping.version:
        raise Conflict(
            _(
                "Someone else changed this row while you had it open. Here it is as it is "
                "now; make your change again if it still applies."
            ),
            current=mapping,
        )


def _fill(mapping: DirectoryMapping, values: RowValues) -> None:
    """The row as the values say, or InvalidField beside the field that is wrong."""
    claim_value = values.claim_value.strip()
    if not claim_value:
        raise InvalidField("claim_value", _("Write the group or department."))
    if len(claim_value) > CLAIM_VALUE_MAX:
        raise InvalidField("claim_value", _("At most %(num)s characters.", num=CLAIM_VALUE_MAX))
    administration = None
    if values.administration_id is not None:
        administration = db.session.get(Administration, values.administration_id)
        if administration is None or not administration.active:
            raise InvalidField("administration", _("Choose an administration in the list."))
    network = None
    if values.network_id is not None:
        network = db.session.get(Network, values.network_id)
        if network is None:
            raise InvalidField("network", _("Choose a network in the list."))
    if network is not None and values.role is None:
        raise InvalidField("role", _("Choose the role the group has in the network."))
    if network is None and values.role is not None:
        raise InvalidField("network", _("Choose the network the role is in."))
    if network is None and administration is None:
        raise InvalidField(
            "administration", _("Choose an administration, a network and role, or both.")
        )
    others = db.session.scalars(
        select(DirectoryMapping).where(
            DirectoryMapping.id != mapping.id if mapping.id else true(),
            DirectoryMapping.network_id.is_(None)
            if network is None
            else DirectoryMapping.network_id == network.id,
        )
    )
    if any(claim_key(other.claim_value) == claim_key(claim_value) for other in others):
        raise InvalidField(
            "claim_value",
            _("This group or department already has a row for that network: change that row."),
        )
    mapping.claim_value = claim_value
    mapping.administration = administration
    mapping.network = network
    mapping.role = values.role if network is not None else None
