"""Sign-in with the municipality's directory: what its claims give (the mapping that
administrators edit) and the claim values seen at sign-in that gave nothing."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from .base import UTCDateTime, enum_column, utcnow
from .organisation import Administration, Network, Role

# The longest claim value a row or the list of unmapped values keeps (a group's name or
# object id, a department's name).
CLAIM_VALUE_MAX = 200


class DirectoryMapping(Model):
    """One claim value (a group or a department) and what it gives the person who signs in
    with it: an administration, a role in a network, or both. Configuration, not a record:
    an administrator may remove a row (the Event keeps what it said)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_value: Mapped[str] = mapped_column(sa.String(CLAIM_VALUE_MAX), index=True)
    administration_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("administration.id"), index=True
    )
    network_id: Mapped[int | None] = mapped_column(sa.ForeignKey("network.id"), index=True)
    role: Mapped[Role | None] = mapped_column(enum_column(Role))
    version: Mapped[int] = mapped_column()

    administration: Mapped[Administration | None] = relationship()
    network: Mapped[Network | None] = relationship()

    __mapper_args__ = {"version_id_col": version}


class UnmappedClaimValue(Model):
    """A claim value that a directory sign-in brought when no row of the mapping matched,
    for the mapping screen to offer. The value alone: nothing about who brought it."""

    __table_args__ = (sa.UniqueConstraint("value", name="uq_unmapped_claim_value_value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[str] = mapped_column(sa.String(CLAIM_VALUE_MAX))
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
