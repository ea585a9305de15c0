"""The representative's forms: a question, withdrawing it, and filtering the list."""

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import (
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # new in WTForms 3.3, not in its 3.2 stubs
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    Optional,
    StopValidation,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget, TextInput

from .. import labels
from ..dates import format_deadline, is_passed
from ..forms_common import within_the_years, without_control_characters
from ..models import AskedFor, IssueKind, IssueStatus
from .operations import DESCRIPTION_MAX, MINUTES_MAX, TITLE_MAX, IssueInput
from .queries import FormChoices

PRESENTER_MAX = 200
LINKS_MAX = 5000
MESSAGE_MAX = 2000


def optional_int(value) -> int | None:
    """A select's empty option means "none"; anything else must be a number."""
    if value in ("", None):
        return None
    return int(value)


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def minutes_in_range(_form, field):
    if field.process_errors:
        raise StopValidation()
    if not 1 <= field.data <= MINUTES_MAX:
        raise ValidationError(_("Estimate between 1 and %(max)s minutes.", max=MINUTES_MAX))


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class IssueForm(FlaskForm):
    network = SelectField(_l("Network"), coerce=int)
    title = StringField(
        _l("Title"),
        filters=[without_control_characters, _strip],
        validators=[
            DataRequired(_l("Give the question a title.")),
            Length(max=TITLE_MAX, message=_l("At most %(max)d characters.")),
        ],
    )
    description = TextAreaField(
        _l("Description"),
        filters=[without_control_characters, _strip],
        validators=[Length(max=DESCRIPTION_MAX, message=_l("At most %(max)d characters."))],
    )
    # What the coordinators triage by: chosen on purpose, never a default nobody looked at.
    kind = SelectField(
        _l("Kind of question"), validators=[DataRequired(_l("Choose the kind of question."))]
    )
    asked_for = SelectField(
        _l("What the network is asked for"),
        validators=[DataRequired(_l("Choose what the network is asked for."))],
    )
    # Offered by the chosen network; a choice of another is refused below, in words.
    work_area = SelectField(_l("Work area"), coerce=optional_int, validate_choice=False)
    affected = MultiCheckboxField(_l("Affected administrations"), coerce=int)
    goals = MultiCheckboxField(_l("Global goals (Agenda 2030)"), coerce=int)
    # A text input, so that what was typed is shown back beside the error as it was typed.
    estimated_minutes = IntegerField(
        _l("Estimated time (minutes)"),
        default=15,
        widget=TextInput(),
        render_kw={"inputmode": "numeric"},
        validators=[InputRequired(_l("Estimate the time in minutes.")), minutes_in_range],
    )
    presenter = StringField(
        _l("Presenter"),
        filters=[without_control_characters, _strip],
        validators=[Length(max=PRESENTER_MAX, message=_l("At most %(max)d characters."))],
    )
    links = TextAreaField(
        _l("Links to documents"),
        filters=[without_control_characters],
        validators=[Length(max=LINKS_MAX, message=_l("At most %(max)d characters."))],
    )
    desired_meeting = SelectField(_l("Desired meeting"), coerce=optional_int, validate_choice=False)
    latest_date = DateField(_l("Latest date"), validators=[Optional(), within_the_years])

    # Whether the question is being submitted (and not saved as a draft): the view says.
    submitting = False

    def set_choices(
        self, choices: FormChoices, kept_meeting_id: int | None = None, now=None
    ) -> None:
        """The networks offered, and the work areas and meetings of the chosen one only.

        A meeting whose submission deadline has passed can no longer take the question and
        is not offered, unless the question already asked for it (then it says so)."""
        self._offered = choices
        self.network.choices = [(n.id, n.name) for n in choices.networks]
        network_id = self.chosen_network_id
        self.kind.choices = [("", _l("Choose a kind"))] + [
            (k.value, label) for k, label in labels.ISSUE_KIND.items()
        ]
        self.asked_for.choices = [("", _l("Choose what is asked for"))] + [
            (a.value, label) for a, label in labels.ASKED_FOR.items()
        ]
        self.work_area.choices = [SelectChoice("", _l("No work area"))] + [
            SelectChoice(str(a.id), labels.work_area_name(a))
            for a in choices.work_areas
            if a.network_id == network_id
        ]
        self.affected.choices = [
            (a.id, labels.administration_name(a)) for a in choices.administrations
        ]
        self.goals.choices = [(n, labels.goal(n)) for n in labels.GOALS]
        self._closed = {
            m.id
            for m in choices.meetings
            if is_passed(m.submission_deadline, now) and m.id != kept_meeting_id
        }
        self.desired_meeting.choices = [SelectChoice("", _l("No preference"))] + [
            SelectChoice(str(m.id), _meeting_label(m, is_passed(m.submission_deadline, now)))
            for m in choices.meetings
            if m.network_id == network_id and m.id not in self._closed
        ]

    @property
    def chosen_network_id(self) -> int | None:
        """The network chosen, when it is one offered; else the first offered."""
        offered = [n.id for n in self._offered.networks]
        try:
            chosen = int(self.network.data) if self.network.data is not None else None
        except (TypeError, ValueError):
            chosen = None
        if chosen in offered:
            return chosen
        return offered[0] if offered else None

    def validate_description(self, field):
        if self.submitting and not field.data:
            raise ValidationError(
                _l("Describe the question before submitting it (a draft may wait).")
            )

    def validate_work_area(self, field):
        if self._outside_network(field.data, self._offered.area_networks):
            raise ValidationError(_l("Choose a work area of the question's network."))

    def validate_desired_meeting(self, field):
        if self._outside_network(field.data, self._offered.meeting_networks):
            raise ValidationError(_l("Choose a meeting of the question's network."))
        if field.data in self._closed:
            raise ValidationError(
                _l("The submission deadline of that meeting has passed: choose a later one.")
            )

    def _outside_network(self, chosen: int | None, networks: dict[int, int]) -> bool:
        """A choice of another network than the one chosen (judged once the network is valid)."""
        if chosen is None or self.network.errors:
            return False
        return networks.get(chosen) != self.network.data

    def to_input(self) -> IssueInput:
        """What a validated form says (DataRequired and InputRequired saw these two)."""
        assert self.title.data is not None and self.estimated_minutes.data is not None
        return IssueInput(
            network_id=self.network.data,
            title=self.title.data,
            description=self.description.data or "",
            kind=IssueKind(self.kind.data),
            asked_for=AskedFor(self.asked_for.data),
            work_area_id=self.work_area.data,
            affected_ids=list(self.affected.data or []),
            goals=list(self.goals.data or []),
            desired_meeting_id=self.desired_meeting.data,
            latest_date=self.latest_date.data,
            estimated_minutes=self.estimated_minutes.data,
            presenter=self.presenter.data or "",
            links=_one_per_line(self.links.data),
        )


class EditIssueForm(IssueForm):
    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


def issue_form_data(issue) -> dict:
    """The stored question as form data, for the edit form."""
    return {
        "network": issue.network_id,
        "title": issue.title,
        "description": issue.description,
        "kind": issue.kind.value,
        "asked_for": issue.asked_for.value,
        "work_area": issue.work_area_id,
        "affected": [a.id for a in issue.affected],
        "goals": list(issue.goals or []),
        "estimated_minutes": issue.estimated_minutes,
        "presenter": issue.presenter,
        "links": issue.links,
        "desired_meeting": issue.desired_meeting_id,
        "latest_date": issue.latest_date,
        "version": issue.version,
    }


def as_formdata(data: dict) -> MultiDict:
    """Form data as a browser posts it: a value per list item, dates as ISO, none as empty."""
    pairs = []
    for name, value in data.items():
        for one in value if isinstance(value, list) else [value]:
            text = "" if one is None else one.isoformat() if isinstance(one, date) else str(one)
            pairs.append((name, text))
    return MultiDict(pairs)


class SubmitDraftForm(FlaskForm):
    """The submit button on a draft's page: the version it was shown with."""

    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


class WithdrawForm(FlaskForm):
    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    message = TextAreaField(
        _l("Why (optional)"),
        filters=[without_control_characters, _strip],
        validators=[Length(max=MESSAGE_MAX, message=_l("At most %(max)d characters."))],
    )


class FilterForm(FlaskForm):
    class Meta:
        csrf = False

    status = SelectField(_l("Status"), default="")
    network = SelectField(_l("Network"), coerce=optional_int, default="")

    def set_choices(self, networks) -> None:
        self.status.choices = [("", _l("All statuses"))] + [
            (s.value, label) for s, label in labels.ISSUE_STATUS.items()
        ]
        self.network.choices = [("", _l("All networks"))] + [(n.id, n.name) for n in networks]

    @property
    def status_value(self) -> IssueStatus | None:
        return IssueStatus(self.status.data) if self.status.data else None


def _one_per_line(text: str | None) -> str:
    return "\n".join(line.strip() for line in (text or "").splitlines() if line.strip())


def _meeting_label(meeting, passed: bool = False) -> str:
    theme = f" · {meeting.theme}" if meeting.theme else ""
    if passed:
        return _(
            "%(name)s%(theme)s (the deadline passed %(date)s)",
            name=meeting.name,
            theme=theme,
            date=format_deadline(meeting.submission_deadline),
        )
    return _(
        "%(name)s%(theme)s (submit by %(date)s)",
        name=meeting.name,
        theme=theme,
        date=format_deadline(meeting.submission_deadline),
    )
