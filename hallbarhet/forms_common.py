"""What every form's fields share: text without control characters, dates within the years."""

import re
from datetime import date

from flask_babel import gettext as _
from wtforms.validators import ValidationError

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
