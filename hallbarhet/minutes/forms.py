"""What the minutes' forms send: an item's notes and outcome, an action item, a version."""

from contextlib import suppress
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from ..forms_common import day_in_range, day_out_of_range_message, without_control_characters
from ..labels import OUTCOME
from ..meetings.forms import VersionedForm
from ..models import ItemOutcome
from .operations import ACTION_MAX, NOTES_MAX, RESPONSIBLE_MAX
from .revisions import REASON_MAX


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class ItemMinutesForm(VersionedForm):
    notes = TextAreaField(
        _l("Notes"),
        filters=[without_control_characters],
        validators=[Length(max=NOTES_MAX, message=_l("Write at most %(max)d characters."))],
    )
    outcome = SelectField(
        _l("Outcome"),
        validate_choice=False,
    )
    # Only on published minutes: why the correction is made, shown with its revision.
    reason = StringField(
        _l("Why the correction (optional)"),
        filters=[without_control_characters, _strip],
        validators=[Length(max=REASON_MAX, message=_l("Write at most %(max)d characters."))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcome.choices = [("", _l("Not decided yet"))] + [
            (outcome.value, label) for outcome, label in OUTCOME.items()
        ]

    def validate_outcome(self, field):
        if field.data and field.data not in {outcome.value for outcome in ItemOutcome}:
            raise ValidationError(_l("Choose one of the outcomes in the list."))

    @property
    def outcome_value(self) -> ItemOutcome | None:
        return ItemOutcome(self.outcome.data) if self.outcome.data else None


class DayField(DateField):
    """A date as 2026-11-22, or no value at all, so that one message covers every bad input."""

    def process_formdata(self, valuelist):
        self.data = None
        if valuelist and str(valuelist[0]).strip():
            with suppress(ValueError):
                self.data = datetime.strptime(str(valuelist[0]).strip(), "%Y-%m-%d").date()


class ActionForm(FlaskForm):
    what = TextAreaField(
        _l("What is to be done"),
        filters=[without_control_characters, _strip],
        validators=[
            DataRequired(message=_l("Write what is to be done.")),
            Length(max=ACTION_MAX, message=_l("Write at most %(max)d characters.")),
        ],
    )
    administration = SelectField(_l("Responsible administration"), validate_choice=False)
    responsible_name = StringField(
        _l("Responsible person"),
        filters=[without_control_characters, _strip],
        validators=[Length(max=RESPONSIBLE_MAX, message=_l("Write at most %(max)d characters."))],
    )
    due_date = DayField(_l("Due date"), format="%Y-%m-%d")

    def set_choices(self, administrations) -> None:
        self.administration.choices = [("", _l("No administration"))] + [
            (str(each.id), each.name) for each in administrations
        ]

    def validate_administration(self, field):
        known = {value for value, _label in field.choices}
        if field.data not in known:
            raise ValidationError(_l("Choose an administration from the list."))
        if not field.data and not self.responsible_name.data:
            raise ValidationError(_l("Name the responsible administration, a person, or both."))

    def validate_due_date(self, field):
        if field.data is None:
            raise ValidationError(_l("Enter the due date as 2026-11-22."))
        if not day_in_range(field.data):
            raise ValidationError(day_out_of_range_message())

    @property
    def administration_id(self) -> int | None:
        return int(self.administration.data) if self.administration.data else None


class VersionForm(VersionedForm):
    pass
