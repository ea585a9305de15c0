"""The signed-in person as a reader's page sees them: who they are, their administration and
their networks, read in one statement of plain values, without loading the account.

Every signed-in page shows the person's name and administration and asks for their
networks, and a kept page (page_cache) needs nothing more: served from its copy, it shows
no record of the account. Loading the account with the ORM costs a page that is served
from a copy more than all the rest of it, so the layout, the language and the kept pages
ask `current()` instead of `current_user`:

- when this request has loaded the account already (any page that works with it), that
  account, so that nothing is read twice;
- else a Reader: the same session rules as the account (auth.sessions: the session's
  generation is the account's current one, the account active), the same attributes that
  access.py's rules read (id, is_admin, administration_id, network_ids()), read in one
  statement;
- Flask-Login's anonymous user when nobody is signed in or the session has ended.

A view that needs the account itself uses `current_user` as everywhere else: Flask-Login
loads it then (a kept page does so only when its copy is rendered)."""

import re
from dataclasses import dataclass
from functools import cache, wraps

from flask import g, request, session
from flask_login import current_user
from flask_login.config import EXEMPT_METHODS  # type: ignore[import-untyped]
from sqlalchemy import Select, bindparam, select

from ..extensions import login_manager, plain_rows
from ..models import Administration, Membership, Network, Role, User

_SESSION_ID = re.compile(r"([0-9]{1,10}):([0-9]{1,10})")
_LARGEST_ID = 2**31 - 1


def session_key(session_id: str) -> tuple[int, int] | None:
    """The user id and session generation a session id (User.get_id) names; None for one
    that cannot be ours, including one from before sessions carried a generation."""
    match = _SESSION_ID.fullmatch(session_id)
    if match is None:
        return None
    user_id, generation = int(match.group(1)), int(match.group(2))
    if user_id > _LARGEST_ID or generation > _LARGEST_ID:
        return None
    return user_id, generation


def session_is_current() -> tuple:
    """The account of a session, by the values session_key gives ("user_id", "generation"),
    bound: the session's generation the account's current one (User.end_sessions), the
    account active."""
    return (
        User.id == bindparam("user_id"),
        User.session_generation == bindparam("generation"),
        User.active.is_(True),
    )


@dataclass(frozen=True)
class ReaderAdministration:
    id: int
    name: str
    short_name: str


@dataclass(frozen=True)
class ReaderNetwork:
    id: int
    slug: str
    name: str


@dataclass(frozen=True)
class ReaderMembership:
    network_id: int
    role: Role
    network: ReaderNetwork


@dataclass(frozen=True)
class Reader:
    """What a page shows of the signed-in person and what access.py decides by: the
    account's attributes of the same names."""

    id: int
    name: str
    is_admin: bool
    language: str
    administration_id: int | None
    administration: ReaderAdministration | None
    memberships: tuple[ReaderMembership, ...]

    is_authenticated = True
    is_anonymous = False

    def network_ids(self, *roles: Role) -> set[int]:
        """As User.network_ids: networks where the person holds one of the roles (any)."""
        return {m.network_id for m in self.memberships if not roles or m.role in roles}


# Who access.py's rules and the layout are asked about: the account, or its Reader.
Person = User | Reader


def current() -> Person:
    """The signed-in account if this request loaded it, else its Reader; Flask-Login's
    anonymous user when nobody is signed in (see the module's docstring)."""
    # Where Flask-Login keeps the request's user once loaded (and sets on signing in or out).
    account = g.get("_login_user")
    if account is not None:
        return account
    reader = g.get("reader")
    if reader is not None:
        return reader
    session_id = session.get("_user_id")
    if session_id is None:
        return current_user  # nobody signed in: Flask-Login's own answer, as before
    # Flask-Login's own check of where the session comes from, with its own effects (by
    # default a session from another address only stops being "fresh").
    if login_manager._session_protection_failed():  # noqa: SLF001
        return current_user
    key = session_key(session_id)
    reader = _read(*key) if key is not None else None
    g.reader = reader if reader is not None else login_manager.anonymous_user()
    return g.reader


def _read(user_id: int, generation: int) -> Reader | None:
    rows = plain_rows(_statement(), {"user_id": user_id, "generation": generation}).all()
    if not rows:
        return None
    first = rows[0]
    administration = (
        ReaderAdministration(first.administration_id, first.administration, first.short_name)
        if first.administration_id is not None
        else None
    )
    memberships = tuple(
        ReaderMembership(
            row.network_id, row.role, ReaderNetwork(row.network_id, row.slug, row.network)
        )
        for row in rows
        if row.network_id is not None
    )
    return Reader(
        id=first.id,
        name=first.name,
        is_admin=first.is_admin,
        language=first.language,
        administration_id=first.administration_id,
        administration=administration,
        memberships=memberships,
    )


@cache
def _statement() -> Select:
    """Built once: the account's row with its administration, and a row per membership
    with its network (one row without them for an account in no network)."""
    return (
        select(
            User.id,
            User.name,
            User.is_admin,
            User.language,
            User.administration_id,
            Administration.name.label("administration"),
            Administration.short_name,
            Membership.network_id,
            Membership.role,
            Network.slug,
            Network.name.label("network"),
        )
        .select_from(User)
        .outerjoin(Administration, Administration.id == User.administration_id)
        .outerjoin(Membership, Membership.user_id == User.id)
        .outerjoin(Network, Network.id == Membership.network_id)
        .where(*session_is_current())
        .order_by(Network.name)
    )


def reader_required(view):
    """Flask-Login's login_required for a page that asks only current(): the same answer
    (the sign-in page, with the way back, for nobody signed in) without loading the
    account."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        # As login_required, OPTIONS is answered without (this app never disables sign-in).
        if request.method not in EXEMPT_METHODS and not current().is_authenticated:
            return login_manager.unauthorized()
        return view(*args, **kwargs)

    return wrapped
