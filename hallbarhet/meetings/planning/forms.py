"""What the semester plan's forms send: a semester of meetings, one meeting, a cancellation."""

import re
from datetime import date, time

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FieldList, Form, FormField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # new in WTForms 3.3, not in its 3.2 stubs
from wtforms.validators import StopValidation, ValidationError
from wtforms.widgets import DateInput, NumberInput, TextInput, TimeInput

from ... import labels
from ...forms_common import (
    Versioned,
    day_in_range,
    day_out_of_range_message,
    without_control_characters,
)
from ...models import MeetingForm
from .operations import MeetingPlan
from .rules import Semester

# Rows the semester form shows without JavaScript, and the most it takes.
ROWS = 6
ROWS_MAX = 20
_CLOCK = re.compile(r"^([0-9]{1,2})[:.]([0-9]{2})$")
# The fields of a meeting a coordinator types; the rest of a row has defaults.
TYPED = ("day", "start", "place", "theme", "theme_description")


def semester_name(semester: Semester) -> str:
    """The semester as people name it: Autumn 2026, Spring 2027 (in Swedish HT 2026, VT 2027)."""
    return semester_names()(semester)


def semester_names():
    """semester_name with both words translated once, for a page that names many."""
    spring, autumn = _("Spring %(year)s"), _("Autumn %(year)s")
    return lambda semester: (autumn if semester.autumn else spring) % {"year": semester.year}


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def parse_day(text: str | None) -> date | None:
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        return None


def parse_clock(text: str | None) -> time | None:
    match = _CLOCK.match((text or "").strip())
    if match is None:
        return None
    hours, minutes = int(match.group(1)), int(match.group(2))
    return time(hours, minutes) if hours < 24 and minutes < 60 else None


def parse_whole(text: str | None) -> int | None:
    text = (text or "").strip()
    return int(text) if re.fullmatch(r"-?[0-9]{1,6}", text) else None


class _TypedBack:
    """A date or time input that shows a value it cannot read as the text typed, beside its
    error: a date or time input may only hold a valid value (HTML)."""

    def __init__(self, widget, parse):
        self.widget, self.parse = widget, parse

    def __call__(self, field, **kwargs):
        value = field._value()
        if value and self.parse(value) is None:
            return TextInput()(field, **kwargs)
        return self.widget(field, **kwargs)


def _valid_day(_form, field):
    if not (field.data or "").strip():
        raise StopValidation(_("Give the meeting's date."))
    day = parse_day(field.data)
    if day is None:
        raise ValidationError(_("Write the date as 2026-09-15."))
    if not day_in_range(day):
        raise ValidationError(day_out_of_range_message())


def _valid_clock(_form, field):
    if not (field.data or "").strip():
        raise StopValidation(_("Give the time the meeting starts."))
    if parse_clock(field.data) is None:
        raise ValidationError(_("Write the time as 09:00."))


def _whole_minutes(_form, field):
    if parse_whole(field.data) is None:
        raise ValidationError(_("Write the duration as a whole number of minutes, e.g. 120."))


class MeetingFields:
    """The fields of one meeting, shared by a row of the semester form and the edit form.
    Only the format is checked here; what a meeting may be is checked by the operations."""

    day = StringField(
        _l("Date"), widget=_TypedBack(DateInput(), parse_day), validators=[_valid_day]
    )
    start = StringField(
        _l("Starts"), widget=_TypedBack(TimeInput(), parse_clock), validators=[_valid_clock]
    )
    duration_minutes = StringField(
        _l("Duration (minutes)"),
        widget=_TypedBack(NumberInput(min=1, max=480, step=1), parse_whole),
        default="120",
        validators=[_whole_minutes],
    )
    meeting_form = SelectField(
        _l("Form"),
        choices=[SelectChoice(value.value, text) for value, text in labels.MEETING_FORM.items()],
        default=MeetingForm.PHYSICAL.value,
        validate_choice=True,
    )
    place = StringField(_l("Place or link"), filters=[without_control_characters, _strip])
    theme = StringField(_l("Theme"), filters=[without_control_characters, _strip])
    theme_description = TextAreaField(
        _l("Theme description"), filters=[without_control_characters, _strip]
    )

    def to_plan(self) -> MeetingPlan:
        """The meeting of fields that passed their checks, which read these three."""
        day, start = parse_day(self.day.data), parse_clock(self.start.data)
        duration_minutes = parse_whole(self.duration_minutes.data)
        assert day is not None and start is not None and duration_minutes is not None
        return MeetingPlan(
            day=day,
            start=start,
            duration_minutes=duration_minutes,
            form=MeetingForm(self.meeting_form.data),
            place=self.place.data or "",
            theme=self.theme.data or "",
            theme_description=self.theme_description.data or "",
        )


class MeetingRowForm(Form, MeetingFields):
    """One row of the semester form; a row left blank is no meeting and is not checked."""

    def is_blank(self) -> bool:
        return not any((getattr(self, name).data or "").strip() for name in TYPED)

    def validate(self, extra_validators=None):
        if self.is_blank():
            return True
        return super().validate(extra_validators)


def _offered(_form, field):
    if field.data not in {choice.value for choice in field.choices}:
        raise ValidationError(_("Choose one of the semesters offered."))


class SemesterPlanForm(FlaskForm):
    semester = SelectField(_l("Semester"), validate_choice=False, validators=[_offered])
    meetings = FieldList(FormField(MeetingRowForm), min_entries=ROWS, max_entries=ROWS_MAX)

    def set_semesters(self, semesters: list[Semester]) -> None:
        self.semester.choices = [SelectChoice(each.key, semester_name(each)) for each in semesters]
        if not self.is_submitted():
            self.semester.data = semesters[0].key

    def chosen(self) -> Semester:
        """The semester of a field that passed its check: one of those offered."""
        semester = Semester.parse(self.semester.data)
        assert semester is not None
        return semester

    def filled_rows(self) -> list[tuple[int, MeetingRowForm]]:
        """(index of the row in the form, its subform) for each row not left blank."""
        return [
            (index, entry.form)
            for index, entry in enumerate(self.meetings.entries)
            if not entry.form.is_blank()
        ]

    def readable_rows(self) -> list[tuple[int, MeetingRowForm]]:
        """The filled rows whose every field could be read, after validation."""
        return [(index, row) for index, row in self.filled_rows() if not row.errors]

    def can_add_row(self) -> bool:
        return len(self.meetings.entries) < ROWS_MAX


class EditMeetingForm(FlaskForm, MeetingFields, Versioned):
    pass


class CancelForm(FlaskForm, Versioned):
    reason = TextAreaField(
        _l("Why is the meeting cancelled?"), filters=[without_control_characters, _strip]
    )
