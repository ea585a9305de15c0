"""The organisation (admin/): administrations and their reorganisation, networks, their
work areas and standing items. The Event is about the administration or the network; a
reorganisation also writes one on each person and each question it moves."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from .. import labels
from ..models import Event
from .shape import NOTHING, Sentences, change, coded, name_of, person

# A network as admin.networks records an edit of it: the network form's labels.
NETWORK_FIELDS = {
    "name": _l("Name"),
    "slug": _l("Short name in addresses"),
    "dimension": _l("Dimension of sustainability"),
    "description": _l("Description"),
    "submission_lead_days": _l("Questions in (days before a meeting)"),
    "agenda_lead_days": _l("Agenda out (days before a meeting)"),
}


def _network_edited(event: Event) -> str:
    field = event.message
    table = labels.DIMENSION if field == "dimension" else {}
    return _(
        "changed the network %(network)s — %(field)s: %(before)s → %(after)s",
        network=name_of(event.network),
        field=str(NETWORK_FIELDS.get(field, field)),
        before=coded(table, event.from_value),
        after=coded(table, event.to_value),
    )


def _reorganised(event: Event) -> str:
    """message: "people=3 questions=5", the counts of what moved."""
    counts = dict(part.partition("=")[::2] for part in (event.message or "").split())
    people, questions = (
        int(counts[key]) if counts.get(key, "").isdigit() else 0 for key in ("people", "questions")
    )
    return _(
        "moved %(people)s and %(questions)s from %(before)s to %(after)s",
        people=ngettext("%(num)s active person", "%(num)s active people", people),
        questions=ngettext("%(num)s open question", "%(num)s open questions", questions),
        **change(event),
    )


SENTENCES: Sentences = {
    "standing_items": (
        lambda e: _(
            "changed the standing items: %(before)s → %(after)s",
            **change(e),
        ),
        False,
    ),
    "administration_added": (
        lambda e: _(
            "added the administration %(name)s", name=e.to_value or name_of(e.administration)
        ),
        False,
    ),
    "administration_renamed": (
        lambda e: _(
            "renamed the administration: %(before)s → %(after)s",
            **change(e),
        ),
        False,
    ),
    "administration_short_name": (
        lambda e: _(
            "changed the short name of %(name)s: %(before)s → %(after)s",
            name=name_of(e.administration),
            **change(e),
        ),
        False,
    ),
    "administration_deactivated": (
        lambda e: _("deactivated the administration %(name)s", name=name_of(e.administration)),
        False,
    ),
    "administration_reactivated": (
        lambda e: _("reactivated the administration %(name)s", name=name_of(e.administration)),
        False,
    ),
    "reorganised": (_reorganised, False),
    "person_moved": (
        lambda e: _(
            "moved %(name)s from %(before)s to %(after)s",
            name=person(e),
            **change(e),
        ),
        False,
    ),
    "question_moved": (
        lambda e: _(
            "moved the question from %(before)s to %(after)s, in a reorganisation",
            **change(e),
        ),
        False,
    ),
    "network_added": (
        lambda e: _("added the network %(name)s", name=e.to_value or name_of(e.network)),
        False,
    ),
    "network_edited": (_network_edited, False),
    "work_area_added": (
        lambda e: _(
            "added the work area “%(area)s” to %(network)s",
            area=e.message,
            network=name_of(e.network),
        ),
        False,
    ),
    "work_area_renamed": (
        lambda e: _(
            "renamed a work area of %(network)s: %(before)s → %(after)s",
            network=name_of(e.network),
            **change(e),
        ),
        False,
    ),
    "work_area_moved": (
        lambda e: _(
            "moved the work area “%(area)s” of %(network)s from place %(before)s to %(after)s",
            area=e.message,
            network=name_of(e.network),
            **change(e),
        ),
        False,
    ),
    "work_area_retired": (
        lambda e: _(
            "retired the work area “%(area)s” of %(network)s",
            area=e.message,
            network=name_of(e.network),
        ),
        False,
    ),
    "work_area_restored": (
        lambda e: _(
            "brought back the work area “%(area)s” of %(network)s",
            area=e.message,
            network=name_of(e.network),
        ),
        False,
    ),
    "administration_imported": (
        lambda e: _(
            "added the administration %(name)s (%(short)s) from a file",
            name=e.to_value or NOTHING,
            short=e.message or NOTHING,
        ),
        False,
    ),
    "administration_import_renamed": (
        lambda e: _(
            "renamed the administration from a file: %(before)s → %(after)s",
            **change(e),
        ),
        False,
    ),
}
