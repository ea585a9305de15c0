"""The organisation: networks, work areas, administrations, users and their roles."""

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import Model
from .base import UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from .meetings import StandingItem


class Dimension(enum.StrEnum):
    SOCIAL = "social"
    ECOLOGICAL = "ecological"
    ECONOMIC = "economic"


class Role(enum.StrEnum):
    COORDINATOR = "coordinator"
    REPRESENTATIVE = "representative"
    PARTICIPANT = "participant"


class Network(Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(32), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    dimension: Mapped[Dimension] = mapped_column(enum_column(Dimension))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    # Days before a meeting by which questions must be in, and the agenda out.
    submission_lead_days: Mapped[int] = mapped_column(default=14)
    agenda_lead_days: Mapped[int] = mapped_column(default=5)
    version: Mapped[int] = mapped_column(server_default="1")

    work_areas: Mapped[list["WorkArea"]] = relationship(
        back_populates="network", order_by="WorkArea.position"
    )
    standing_items: Mapped[list["StandingItem"]] = relationship(
        back_populates="network", order_by="StandingItem.position", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}

    def __repr__(self) -> str:
        return f"<Network {self.slug}>"


class WorkArea(Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(sa.ForeignKey("network.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    position: Mapped[int] = mapped_column(default=0)
    # A retired work area is offered for no new or edited question; the questions that
    # have it keep it, and the triage filter still finds them by it.
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(server_default="1")

    network: Mapped[Network] = relationship(back_populates="work_areas")

    __mapper_args__ = {"version_id_col": version}

    @property
    def retired(self) -> bool:
        return self.retired_at is not None


class Administration(Model):
    __table_args__ = (sa.UniqueConstraint("short_name", name="uq_administration_short_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    short_name: Mapped[str] = mapped_column(sa.String(32))
    # A deactivated administration is offered in no form for something new; everything
    # that refers to it keeps it and shows it. It is never deleted.
    active: Mapped[bool] = mapped_column(default=True)
    version: Mapped[int] = mapped_column(server_default="1")

    __mapper_args__ = {"version_id_col": version}


class User(UserMixin, Model):
    __tablename__ = "app_user"
    __table_args__ = (
        sa.UniqueConstraint(
            "directory_issuer", "directory_subject", name="uq_app_user_directory_identity"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(256), default="")
    administration_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("administration.id"), index=True
    )
    active: Mapped[bool] = mapped_column(default=True)
    is_admin: Mapped[bool] = mapped_column(default=False)
    language: Mapped[str] = mapped_column(sa.String(8), default="sv")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Part of the id a signed-in session carries (get_id): raising it ends every session of
    # the account, on every app server at once, since each request's user is loaded by it.
    session_generation: Mapped[int] = mapped_column(default=0, server_default="0")
    # Optimistic locking of what an administrator's form of the account shows: the form
    # carries the version it was rendered with, and a save after another change of it is
    # refused, not merged. Raised by hand (bump_version), so that signing out or choosing a
    # password, which write the row too, do not make an open form stale.
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    # Who the account is in the municipality's directory, once the person has signed in with
    # it (auth.directory): the issuer and its stable id for the person ("sub"), never more.
    directory_issuer: Mapped[str | None] = mapped_column(sa.String(255))
    directory_subject: Mapped[str | None] = mapped_column(sa.String(255))

    administration: Mapped[Administration | None] = relationship()
    memberships: Mapped[list["Membership"]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    @property
    def is_active(self) -> bool:  # read by Flask-Login
        return self.active

    def get_id(self) -> str:  # what Flask-Login keeps in the session (and a remember cookie)
        return f"{self.id}:{self.session_generation or 0}"

    def end_sessions(self) -> None:
        """Every session of the account ends: a cookie kept from one (or copied) signs in no
        more. Signing out calls it too, so it also ends the account's sessions on other
        devices: a session table of our own would be needed to end only the one, and one
        sign-in again is a small price for a cookie that is surely dead."""
        self.session_generation = (self.session_generation or 0) + 1

    def bump_version(self) -> None:
        """What the account's form shows changed (name, address, administration, language,
        administrator, memberships, active): a form opened before is stale now. Every write
        of the row is still checked against the version it was read with."""
        self.version = (self.version or 0) + 1

    def set_password(self, password: str) -> None:
        """Every change of password goes through here, and ends the account's sessions."""
        self.password_hash = generate_password_hash(password)
        self.end_sessions()

    def deactivate(self) -> None:
        """The account can no longer sign in, and its sessions end."""
        self.active = False
        self.end_sessions()

    def leave(self, network_id: int) -> None:
        """The account's membership of the network is removed; with the last one its
        sessions end, as the person is no longer part of any network."""
        self.memberships = [m for m in self.memberships if m.network_id != network_id]
        if not self.memberships:
            self.end_sessions()

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    def role_in(self, network_id: int) -> Role | None:
        for membership in self.memberships:
            if membership.network_id == network_id:
                return membership.role
        return None

    def network_ids(self, *roles: Role) -> set[int]:
        """Networks where the user holds one of the roles (any role when none given)."""
        return {m.network_id for m in self.memberships if not roles or m.role in roles}

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class Membership(Model):
    __table_args__ = (sa.UniqueConstraint("user_id", "network_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("app_user.id", ondelete="CASCADE"))
    network_id: Mapped[int] = mapped_column(sa.ForeignKey("network.id"), index=True)
    role: Mapped[Role] = mapped_column(enum_column(Role))

    user: Mapped[User] = relationship(back_populates="memberships")
    network: Mapped[Network] = relationship()
