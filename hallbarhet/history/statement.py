"""The accessibility statement (statement/): one Event per changed field, the field's
code as the message."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import labels
from ..models import Event
from .shape import NOTHING, Sentences, coded

# The accessibility statement's fields as statement.operations records a change of them: the
# edit form's labels.
STATEMENT_FIELDS = {
    "compliance": _l("How far the service complies with the law"),
    "known_problems": _l("What is not accessible, and why (in Swedish)"),
    "known_problems_en": _l("The same in English"),
    "assessed_on": _l("Date of the municipality's latest assessment"),
    "assessment_method": _l("How it was assessed"),
    "contact_email": _l("E-mail for reports and requests"),
    "contact_phone": _l("Phone"),
    "response_days": _l("Answered within (working days)"),
}


def _statement_changed(event: Event) -> str:
    field = event.message
    tables: dict[str, dict] = {
        "compliance": labels.COMPLIANCE,
        "assessment_method": labels.ASSESSMENT_METHOD,
    }
    table = tables.get(field)

    def value(text):
        return coded(table, text) if table else text or NOTHING

    return _(
        "changed the accessibility statement — %(field)s: %(before)s → %(after)s",
        field=str(STATEMENT_FIELDS.get(field, field)),
        before=value(event.from_value),
        after=value(event.to_value),
    )


SENTENCES: Sentences = {
    "statement_changed": (_statement_changed, False),
}
