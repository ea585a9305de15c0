"""Accounts (admin/people, auth/): the person is the Event's person; the actor is the
person themself, an administrator, or nobody (a command on the server)."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import labels
from ..models import Event
from .shape import NOTHING, Sentences, coded, network, person, role

# An account's fields as admin.people records a change of them: the person form's labels.
ACCOUNT_FIELDS = {
    "name": _l("Name"),
    "email": _l("E-mail"),
    "administration": _l("Administration"),
    "language": _l("Language"),
}


def _account_changed(event: Event) -> str:
    field = event.message
    before, after = event.from_value, event.to_value
    if field == "language":
        before, after = coded(labels.LANGUAGE, before), coded(labels.LANGUAGE, after)
    return _(
        "changed the account of %(name)s — %(field)s: %(before)s → %(after)s",
        name=person(event),
        field=str(ACCOUNT_FIELDS.get(field, field)),
        before=before or NOTHING,
        after=after or NOTHING,
    )


def _password_link_mailed(event: Event) -> str:
    if event.to_value == "first":
        return _("mailed %(name)s a link to choose a password", name=person(event))
    return _("mailed %(name)s a link to choose a new password", name=person(event))


SENTENCES: Sentences = {
    "account_created": (
        lambda e: (
            _("created the administrator account of %(name)s", name=person(e))
            if e.to_value == "admin"
            else _("created the account of %(name)s", name=person(e))
        ),
        False,
    ),
    "admin_granted": (
        lambda e: _("made %(name)s an administrator", name=person(e)),
        False,
    ),
    "account_reactivated": (
        lambda e: _("reactivated the account of %(name)s", name=person(e)),
        False,
    ),
    "password_chosen": (lambda e: _("chose a password from the link in the mail"), False),
    "password_reset": (lambda e: _("chose a new password from the link in the mail"), False),
    "password_changed": (lambda e: _("changed the password"), False),
    "password_link_sent": (
        lambda e: _("mailed %(name)s a link to choose a new password, as asked", name=person(e)),
        False,
    ),
    # People and imports (admin/people.py, admin/imports.py): the actor is an administrator.
    "account_imported": (
        lambda e: _("created the account of %(name)s from a file", name=person(e)),
        False,
    ),
    "account_changed": (_account_changed, False),
    "admin_revoked": (
        lambda e: _("removed %(name)s as administrator", name=person(e)),
        False,
    ),
    "membership_added": (
        lambda e: _(
            "added %(name)s to %(network)s as %(role)s",
            name=person(e),
            network=network(e),
            role=role(e.to_value),
        ),
        False,
    ),
    "membership_changed": (
        lambda e: _(
            "changed the role of %(name)s in %(network)s: %(before)s → %(after)s",
            name=person(e),
            network=network(e),
            before=role(e.from_value),
            after=role(e.to_value),
        ),
        False,
    ),
    "membership_removed": (
        lambda e: _(
            "removed %(name)s from %(network)s (was %(role)s)",
            name=person(e),
            network=network(e),
            role=role(e.from_value),
        ),
        False,
    ),
    "account_deactivated": (
        lambda e: _("deactivated the account of %(name)s", name=person(e)),
        False,
    ),
    "password_link_mailed": (_password_link_mailed, False),
}
