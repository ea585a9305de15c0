"""What every form's fields share: text without control characters, dates within the years,
and the version of the record an edit was rendered with."""

import re
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, StringField
from wtforms.validators import DataRequired, InputRequired, ValidationError
from wtforms.widgets import HiddenInput

# C0 controls but tab, newline and carriage return, and DEL. PostgreSQL refuses NUL in
# text, and no one means to type the others: they come from pasting or from attackers.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_control_characters(value):
    """A WTForms filter: the text without control characters (other values as they are)."""
    return _CONTROL.sub("", value) if isinstance(value, str) else value


# The years a typed date may be in: meetings, due dates and latest dates of the tool's
# working life. A date far outside them is a typing mistake, and one near year 1 or 9999
# has no room for a time zone or a lead time.
DAY_MIN = date(2000, 1, 1)
DAY_MAX = date(2100, 12, 31)


def day_in_range(day: date) -> bool:
    return DAY_MIN <= day <= DAY_MAX


def day_out_of_range_message() -> str:
    return _("Enter a date between %(first)s and %(last)s.", first=DAY_MIN.year, last=DAY_MAX.year)


def within_the_years(_form, field):
    """A WTForms validator: a date (when one was read) within DAY_MIN and DAY_MAX."""
    if field.data is not None and not day_in_range(field.data):
        raise ValidationError(day_out_of_range_message())


def add_error(field, message: str) -> None:
    """One more message beside a field."""
    # A field that was not validated (a blank row) still has its errors as a tuple.
    field.errors = [*field.errors, message]


def show_refusal(form, error) -> None:
    """A refused operation's message on the form that sent it: beside the field the error
    names (errors.InvalidField), otherwise above the form."""
    field = form[error.field] if error.field and error.field in form else None
    if field is None:
        form.form_errors.append(error.message)
    else:
        add_error(field, error.message)


INCOMPLETE = _l("The form is incomplete. Reload the page and try again.")


class VersionField(StringField):
    """The version of the record the form was rendered with, in a hidden input: the
    operation refuses an edit of a version that is no longer the record's (409) rather
    than overwrite what someone else saved meanwhile."""

    widget = HiddenInput()


def version_number(text: str | None) -> int | None:
    """The version a form carries; None for anything that is not one (the operation then
    refuses it as stale). Only ASCII digits: str.isdigit() takes "²", which int() does not."""
    text = (text or "").strip()
    return int(text) if re.fullmatch(r"[0-9]{1,9}", text) else None


class Versioned:
    """A form that edits a record: its required version, and the number in it."""

    version = VersionField(validators=[DataRequired(message=INCOMPLETE)])

    def version_number(self) -> int | None:
        return version_number(self.version.data)


class IntegerVersioned:
    """A form that edits a record and reads its version as a whole number (version.data):
    a version that is missing or no number leaves the form incomplete (422, the page is out
    of date), where Versioned lets the operation refuse it as stale (409)."""

    version = IntegerField(widget=HiddenInput(), validators=[InputRequired(INCOMPLETE)])
