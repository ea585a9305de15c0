"""Sign-in with the municipality's directory (auth.directory): the actor is nobody, as
the directory's answer made the change; the mapping's rows are an administrator's."""

from flask_babel import gettext as _

from .. import labels
from .shape import NOTHING, Sentences, change, person


def _placements(value: str | None) -> str:
    """ "MF, neh:participant" (auth.directory_mapping, admin.directory_rows) in words:
    "MF, NEH: Participant"."""
    parts = []
    for part in (value or "").split(", "):
        slug, _sep, role = part.partition(":")
        label = next((text for code, text in labels.ROLE.items() if code == role), None)
        parts.append(f"{slug.upper()}: {label}" if label else part)
    return ", ".join(part for part in parts if part) or NOTHING


SENTENCES: Sentences = {
    "directory_account_created": (
        lambda e: _(
            "created the account of %(name)s at their first sign-in with the directory",
            name=person(e),
        ),
        False,
    ),
    "directory_linked": (
        lambda e: _(
            "linked the account of %(name)s to the municipality's directory", name=person(e)
        ),
        False,
    ),
    "directory_renamed": (
        lambda e: _(
            "changed the name from the directory: %(before)s → %(after)s",
            **change(e),
        ),
        False,
    ),
    "directory_email": (
        lambda e: _(
            "changed the e-mail address of %(name)s from the directory: %(before)s → %(after)s",
            name=person(e),
            **change(e),
        ),
        False,
    ),
    "directory_administration": (
        lambda e: _(
            "set the administration of %(name)s from the directory: %(before)s → %(after)s",
            name=person(e),
            **change(e),
        ),
        False,
    ),
    "directory_memberships": (
        lambda e: _(
            "set the networks of %(name)s from the directory: %(before)s → %(after)s",
            name=person(e),
            before=_placements(e.from_value),
            after=_placements(e.to_value),
        ),
        False,
    ),
    "directory_mapping_added": (
        lambda e: _(
            "mapped “%(value)s” in the directory to %(after)s",
            value=e.message,
            after=_placements(e.to_value),
        ),
        False,
    ),
    "directory_mapping_changed": (
        lambda e: _(
            "changed the directory mapping of “%(value)s”: %(before)s → %(after)s",
            value=e.message,
            before=_placements(e.from_value),
            after=_placements(e.to_value),
        ),
        False,
    ),
    "directory_mapping_removed": (
        lambda e: _(
            "removed the directory mapping of “%(value)s” (%(before)s)",
            value=e.message,
            before=_placements(e.from_value),
        ),
        False,
    ),
}
