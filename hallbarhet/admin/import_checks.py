"""What importing a file would do, row by row (check): each row new, changed or unchanged
against the database, with its errors beside it. Administrations are matched by short name
and people by their normalised e-mail address, so that the same file a second time
changes nothing. Reads the database and changes nothing."""

import enum
import hashlib
import json
import re
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import labels
from ..auth.signin import normalise_email
from ..extensions import db
from ..models import Administration, Membership, Network, Role, User
from . import people
from .import_files import ROLE_WORDS, Kind, Table, read_table
from .memberships import needs_administration
from .people import NAME_MAX, clean_name, plausible_email

SHORT_NAME_MAX = 32
LANGUAGE_WORDS = {
    "sv": ("sv", "sv-se", "svenska", "swedish"),
    "en": ("en", "en-gb", "en-us", "engelska", "english"),
}
_LANGUAGE = {word: code for code, words in LANGUAGE_WORDS.items() for word in words}
_ROLE = {word: role for role, words in ROLE_WORDS.items() for word in words}
_MEMBERSHIP_SEPARATORS = re.compile(r"[\s,;]+")


class Action(enum.StrEnum):
    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"


@dataclass
class Row:
    line: int
    cells: dict[str, str]
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # (field, before, after) as stored: names, codes, "neh:representative".
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    action: Action | None = None
    # What the row matched in the database, and what it will set.
    target: Administration | User | None = None
    values: dict = field(default_factory=dict)


@dataclass
class Plan:
    kind: Kind
    rows: list[Row]

    @property
    def ok(self) -> bool:
        return not any(row.errors for row in self.rows)

    @property
    def wrong(self) -> list[Row]:
        return [row for row in self.rows if row.errors]

    def count(self, action: Action) -> int:
        return sum(1 for row in self.rows if row.action is action and not row.errors)

    @property
    def to_change(self) -> int:
        return self.count(Action.NEW) + self.count(Action.CHANGED)

    @property
    def digest(self) -> str:
        """What the import would do, as a fingerprint: the confirmation carries the one
        its preview showed, and a database changed since gets a new preview."""
        done = [(row.line, row.action, row.changes) for row in self.rows]
        return hashlib.sha256(json.dumps([self.kind, done]).encode()).hexdigest()


def check(text: str) -> Plan:
    """What importing the file would do, row by row, with every row's errors; reads the
    database and changes nothing. FileProblem when the file cannot be read at all."""
    table = read_table(text)
    if table.kind is Kind.ADMINISTRATIONS:
        rows = _check_administrations(table)
    else:
        rows = _check_people(table)
    for row in rows:
        if row.line in table.overfull:
            row.errors.append(_("The row has more cells than the first row has columns."))
    return Plan(table.kind, rows)


def _check_administrations(table: Table) -> list[Row]:
    known = list(db.session.scalars(select(Administration)))
    by_short: dict[str, list[Administration]] = {}
    for administration in known:
        by_short.setdefault(administration.short_name.casefold(), []).append(administration)
    by_name = {administration.name.casefold(): administration for administration in known}
    seen_short: dict[str, int] = {}
    seen_name: dict[str, int] = {}
    rows = []
    for line, cells in table.rows:
        row = Row(line, cells)
        rows.append(row)
        name, short = clean_name(cells.get("name", "")), clean_name(cells.get("short_name", ""))
        if not name:
            row.errors.append(_("The name is missing."))
        elif len(name) > NAME_MAX:
            row.errors.append(_("The name is longer than %(max)s characters.", max=NAME_MAX))
        if not short:
            row.errors.append(_("The short name is missing."))
        elif len(short) > SHORT_NAME_MAX:
            row.errors.append(
                _("The short name is longer than %(max)s characters.", max=SHORT_NAME_MAX)
            )
        for value, seen, message in (
            (short, seen_short, _("The short name is on row %(line)s too.")),
            (name, seen_name, _("The name is on row %(line)s too.")),
        ):
            if value and value.casefold() in seen:
                row.errors.append(message % {"line": seen[value.casefold()]})
            elif value:
                seen[value.casefold()] = line
        if row.errors:
            continue
        matches = by_short.get(short.casefold(), [])
        if len(matches) > 1:
            row.errors.append(
                _(
                    "Several administrations have the short name %(short)s: give them "
                    "short names of their own first.",
                    short=short,
                )
            )
            continue
        target = matches[0] if matches else None
        holder = by_name.get(name.casefold())
        if holder is not None and holder is not target:
            row.errors.append(
                _(
                    "The administration %(name)s exists already, with the short name %(short)s.",
                    name=holder.name,
                    short=holder.short_name,
                )
            )
            continue
        row.target, row.values = target, {"name": name, "short_name": short}
        if target is None:
            row.action = Action.NEW
        elif target.name != name:
            row.action = Action.CHANGED
            row.changes.append(("name", target.name, name))
        else:
            row.action = Action.UNCHANGED
        if target is not None and not target.active:
            row.notes.append(_("The administration is deactivated; the import leaves it so."))
    return rows


@dataclass
class _Known:
    """The database's administrations, networks and accounts, read once for the file."""

    by_short: dict[str, list[Administration]]
    by_name: dict[str, Administration]
    networks: dict[str, Network]
    accounts: dict[str, list[User]]

    @classmethod
    def read(cls) -> "_Known":
        administrations = list(db.session.scalars(select(Administration)))
        by_short: dict[str, list[Administration]] = {}
        for administration in administrations:
            by_short.setdefault(administration.short_name.casefold(), []).append(administration)
        accounts: dict[str, list[User]] = {}
        users = db.session.scalars(
            select(User).options(selectinload(User.memberships).selectinload(Membership.network))
        )
        for user in users:
            accounts.setdefault(normalise_email(user.email), []).append(user)
        return cls(
            by_short=by_short,
            by_name={a.name.casefold(): a for a in administrations},
            networks={n.slug.casefold(): n for n in db.session.scalars(select(Network))},
            accounts=accounts,
        )

    def administration(self, text: str, row: Row) -> Administration | None:
        matches = self.by_short.get(text.casefold(), [])
        if len(matches) > 1:
            row.errors.append(
                _(
                    "Several administrations have the short name %(short)s: give its name instead.",
                    short=text,
                )
            )
            return None
        found = matches[0] if matches else self.by_name.get(text.casefold())
        if found is None:
            row.errors.append(
                _(
                    "There is no administration “%(text)s”: give its short name or name as "
                    "the tool has it, or import the administrations first.",
                    text=text,
                )
            )
        return found


def memberships_text(roles: dict[Network, Role]) -> str:
    """Memberships as a file writes them and the preview shows them: "neh:representative"."""
    ordered = sorted(roles.items(), key=lambda item: item[0].slug)
    return " ".join(f"{network.slug}:{role.value}" for network, role in ordered)


def _read_memberships(text: str, known: _Known, row: Row) -> dict[Network, Role]:
    roles: dict[Network, Role] = {}
    for token in filter(None, _MEMBERSHIP_SEPARATORS.split(text)):
        slug, colon, word = token.partition(":")
        if not colon or not slug or not word:
            row.errors.append(
                _("“%(text)s” is not network:role, such as neh:representative.", text=token)
            )
            continue
        network = known.networks.get(slug.casefold())
        role = _ROLE.get(word.casefold())
        if network is None:
            row.errors.append(
                _(
                    "There is no network “%(slug)s”: the networks are %(slugs)s.",
                    slug=slug,
                    slugs=", ".join(sorted(known.networks)),
                )
            )
        if role is None:
            row.errors.append(
                _(
                    "There is no role “%(word)s”: write coordinator, representative or "
                    "participant (or samordnare, representant, deltagare).",
                    word=word,
                )
            )
        if network is not None and role is not None:
            if network in roles:
                row.errors.append(_("The network %(slug)s is there twice.", slug=network.slug))
            roles[network] = role
    return roles


def _check_people(table: Table) -> list[Row]:
    known = _Known.read()
    seen: dict[str, int] = {}
    rows = []
    for line, cells in table.rows:
        row = Row(line, cells)
        rows.append(row)
        name = clean_name(cells.get("name", ""))
        if not name:
            row.errors.append(_("The name is missing."))
        elif len(name) > NAME_MAX:
            row.errors.append(_("The name is longer than %(max)s characters.", max=NAME_MAX))
        email = normalise_email(cells.get("email", ""))
        if not email:
            row.errors.append(_("The e-mail address is missing."))
        elif not plausible_email(email):
            row.errors.append(_("“%(email)s” is not an e-mail address.", email=email))
        elif email in seen:
            row.errors.append(_("The e-mail address is on row %(line)s too.", line=seen[email]))
        else:
            seen[email] = line
        accounts = known.accounts.get(email, [])
        if len(accounts) > 1:
            row.errors.append(
                _(
                    "Several accounts have this address, written differently: change all "
                    "but one of them by hand first."
                )
            )
        target = accounts[0] if len(accounts) == 1 else None
        text = cells.get("administration", "")
        administration = known.administration(text, row) if text else None
        if (
            administration is not None
            and not administration.active
            and (target is None or target.administration_id != administration.id)
        ):
            row.errors.append(
                _("The administration %(name)s is deactivated.", name=administration.name)
            )
        language = None
        if cells.get("language"):
            language = _LANGUAGE.get(cells["language"].casefold())
            if language is None:
                row.errors.append(
                    _("There is no language “%(text)s”: write sv or en.", text=cells["language"])
                )
        roles = None
        if cells.get("memberships"):
            roles = _read_memberships(cells["memberships"], known, row)
        held = {m.network: m.role for m in target.memberships} if target is not None else {}
        after = roles if roles is not None else held
        if administration is None and any(map(needs_administration, after.values())):
            row.errors.append(
                _("A representative speaks for an administration: give the person's.")
            )
        if row.errors:
            continue
        row.target = target
        row.values = {
            "name": name,
            "email": email,
            "administration": administration,
            "language": language,
            "roles": roles,
        }
        _compare_person(row, target, held)
    return rows


def _compare_person(row: Row, target: User | None, held: dict[Network, Role]) -> None:
    values = row.values
    if target is None:
        row.action = Action.NEW
        return
    before = {
        "name": target.name,
        "email": target.email,
        "administration": target.administration.name if target.administration else "",
        "language": target.language,
    }
    after = {
        "name": values["name"],
        "email": values["email"],
        "administration": values["administration"].name if values["administration"] else "",
        "language": values["language"] or target.language,
    }
    row.changes = [(key, before[key], after[key]) for key in before if before[key] != after[key]]
    roles = values["roles"]
    if roles is not None and roles != held:
        row.changes.append(("memberships", memberships_text(held), memberships_text(roles)))
    row.action = Action.CHANGED if row.changes else Action.UNCHANGED
    if not target.active:
        row.notes.append(_("The account is deactivated; the import leaves it so."))


def describe_field(name: str) -> str:
    """A changed field's name as the preview says it."""
    words = {
        "name": _("Name"),
        "email": _("E-mail"),
        "administration": _("Administration"),
        "language": _("Language"),
        "memberships": _("Networks and roles"),
    }
    return words.get(name, name)


def describe_value(name: str, value: str) -> str:
    """A value of a changed field as the preview says it: a language by its name, the
    memberships with the roles' words."""
    if not value:
        return "–"
    if name == "language":
        return people.LANGUAGES.get(value, value)
    if name == "memberships":
        shown = []
        for token in value.split():
            slug, _colon, role = token.partition(":")
            shown.append(f"{slug.upper()} {labels.ROLE.get(Role(role), role)}")
        return ", ".join(shown)
    return value
