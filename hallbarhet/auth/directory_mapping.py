"""What the directory's claim values give a person, by the mapping administrators edit
(/admin/directory): an administration and a role in networks.

The rule: when any row matches one of the person's values, the directory decides, at each
sign-in, the person's networks (memberships an administrator added by hand are replaced)
and, when a matching row names one, the administration. When no row matches, the account
keeps what it has, and the values are noted for the mapping screen (the values only)."""

import unicodedata
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import (
    Administration,
    DirectoryMapping,
    Membership,
    Network,
    Role,
    UnmappedClaimValue,
    User,
)
from ..models.base import utcnow
from ..models.directory import CLAIM_VALUE_MAX
from ..models.events import record

# When rows give one person several roles in a network, the one that may do most.
ROLE_ORDER = (Role.COORDINATOR, Role.REPRESENTATIVE, Role.PARTICIPANT)
# Of a sign-in that matched nothing, at most this many values are noted.
UNMAPPED_PER_SIGN_IN = 20


def claim_key(value: str) -> str:
    """How a claim value is compared with a row's: as written, but for surrounding space,
    letter case and the ways of writing one letter (NFKC)."""
    return unicodedata.normalize("NFKC", value).strip().casefold()


@dataclass(frozen=True)
class Placement:
    """What the matching rows give: an administration (or None: the rows name none) and
    a role per network id."""

    administration: Administration | None
    roles: dict[int, Role]


def placement_for(values) -> Placement | None:
    """None when no row matches any of the values."""
    keys = {claim_key(value) for value in values}
    if not keys:
        return None
    rows = db.session.scalars(
        select(DirectoryMapping)
        .options(joinedload(DirectoryMapping.administration))
        .order_by(DirectoryMapping.id)
    ).all()
    matching = [row for row in rows if claim_key(row.claim_value) in keys]
    if not matching:
        return None
    # The oldest row that names an administration still in use decides it.
    administrations = [
        row.administration for row in matching if row.administration and row.administration.active
    ]
    roles: dict[int, Role] = {}
    for row in matching:
        if row.network_id is None or row.role is None:
            continue
        held = roles.get(row.network_id)
        if held is None or ROLE_ORDER.index(row.role) < ROLE_ORDER.index(held):
            roles[row.network_id] = row.role
    return Placement(administrations[0] if administrations else None, roles)


def memberships_text(memberships) -> str:
    """ "neh:coordinator, nsh:participant": how Events keep a set of networks and roles
    (history/directory.py says it in words)."""
    return ", ".join(sorted(f"{m.network.slug}:{m.role.value}" for m in memberships))


def place(user: User, values) -> bool:
    """Set the account's administration and networks from the values; an Event for each
    change, with before and after. False, and the values noted, when no row matches."""
    placement = placement_for(values)
    if placement is None:
        _note_unmapped(values)
        return False
    if placement.administration is not None and placement.administration != user.administration:
        record(
            "directory_administration",
            None,
            person=user,
            administration=placement.administration,
            from_value=user.administration.short_name if user.administration else None,
            to_value=placement.administration.short_name,
        )
        user.administration = placement.administration
    _set_memberships(user, placement.roles)
    return True


def _set_memberships(user: User, roles: dict[int, Role]) -> None:
    before = memberships_text(user.memberships)
    kept = []
    for membership in user.memberships:
        if membership.network_id in roles:
            membership.role = roles[membership.network_id]
            kept.append(membership)
    held = {membership.network_id for membership in kept}
    for network_id, role in sorted(roles.items()):
        if network_id not in held:
            kept.append(Membership(network=db.session.get(Network, network_id), role=role))
    user.memberships = kept
    after = memberships_text(user.memberships)
    if after != before:
        record("directory_memberships", None, person=user, from_value=before, to_value=after)


def _note_unmapped(values) -> None:
    """Each value once, with when it was last seen; a value an administrator maps later
    is simply no longer shown (admin.directory_rows)."""
    fresh = []
    for value in values:
        value = value.strip()
        if value and len(value) <= CLAIM_VALUE_MAX and value not in fresh:
            fresh.append(value)
    if not fresh:
        return
    now = utcnow()
    dialect = db.session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(UnmappedClaimValue).values(
        [{"value": value, "last_seen_at": now} for value in fresh[:UNMAPPED_PER_SIGN_IN]]
    )
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=[UnmappedClaimValue.value],
            set_={"last_seen_at": statement.excluded.last_seen_at},
        )
    )
