"""The triage screen's forms: the queue filter, the checklist answers and the decisions."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SearchField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # new in WTForms 3.3, not in its 3.2 stubs
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, NumberRange, Optional

from .. import labels
from ..forms_common import INCOMPLETE, without_control_characters
from ..models import ItemKind
from .checklist import QUESTIONS
from .operations import ITEM_MINUTES_MAX, MESSAGE_MAX
from .queries import QUEUE_STATUSES, SEARCH_MAX

ANSWERS = {"yes": True, "no": False, "": None}


# Where a question can go instead of the network's meeting (suggestions; any text is fine).
REFER_SUGGESTIONS = (
    _l("working group"),
    _l("newsletter"),
    _l("management group"),
    _l("bilaterally"),
)


# How the queue can be ordered; the first is the default.
SORTS = {
    "age": _l("Oldest first"),
    "desired": _l("Desired meeting or latest date"),
    "suggested": _l("Suggested meeting"),
}


class FilterForm(FlaskForm):
    """The queue filter, a plain GET form; values stay strings until the view reads them."""

    class Meta:
        csrf = False

    status = SelectField(
        _l("Status"),
        choices=[
            SelectChoice(status.value, labels.ISSUE_STATUS[status]) for status in QUEUE_STATUSES
        ],
        default=QUEUE_STATUSES[0].value,
    )
    network = SelectField(_l("Network"), default="")
    area = SelectField(_l("Work area"), default="")
    administration = SelectField(_l("Administration"), default="")
    kind = SelectField(
        _l("Kind"),
        choices=[SelectChoice("", _l("All kinds"))]
        + [SelectChoice(kind.value, text) for kind, text in labels.ISSUE_KIND.items()],
        default="",
    )
    q = SearchField(
        _l("Title or reference"),
        filters=[without_control_characters],
        validators=[
            Optional(),
            Length(min=2, max=SEARCH_MAX, message=_l("Search with 2 to 200 characters.")),
        ],
    )
    sort = SelectField(
        _l("Order"),
        choices=[SelectChoice(value, text) for value, text in SORTS.items()],
        default="age",
    )

    def set_choices(self, networks, work_areas, administrations) -> None:
        self.network.choices = [SelectChoice("", _l("All networks"))] + [
            SelectChoice(str(network.id), f"{network.slug.upper()} {network.name}")
            for network in networks
        ]
        self.area.choices = [SelectChoice("", _l("All work areas"))] + [
            SelectChoice(
                str(area.id), labels.work_area_name(area), optgroup=area.network.slug.upper()
            )
            for area in work_areas
        ]
        self.administration.choices = [SelectChoice("", _l("All administrations"))] + [
            SelectChoice(str(administration.id), labels.administration_name(administration))
            for administration in administrations
        ]


class AssessForm(FlaskForm):
    question = StringField(validators=[InputRequired(), AnyOf(QUESTIONS)])
    answer = StringField(validators=[AnyOf(list(ANSWERS))])


class _Decision(FlaskForm):
    version = IntegerField(validators=[InputRequired(INCOMPLETE)])


class ScheduleForm(_Decision):
    meeting = SelectField(
        _l("Meeting"),
        coerce=int,
        validate_choice=False,
        validators=[InputRequired(_l("Choose a meeting."))],
    )
    kind = SelectField(
        _l("Kind of item"),
        choices=[
            SelectChoice(kind.value, text)
            for kind, text in labels.ITEM_KIND.items()
            if kind != ItemKind.STANDING
        ],
    )
    minutes = IntegerField(
        _l("Minutes"),
        validators=[
            InputRequired(_l("Allot the minutes as a number.")),
            NumberRange(
                1,
                ITEM_MINUTES_MAX,
                _l("Allot between 1 and %(max)s minutes.", max=ITEM_MINUTES_MAX),
            ),
        ],
    )


class ReturnForm(_Decision):
    message = TextAreaField(
        _l("What the submitter should add or change"),
        filters=[without_control_characters],
        validators=[
            DataRequired(_l("Write a message for the submitter.")),
            Length(max=MESSAGE_MAX),
        ],
    )


class ParkForm(_Decision):
    message = TextAreaField(
        _l("Note (optional), e.g. for which theme or semester"),
        filters=[without_control_characters],
        validators=[Optional(), Length(max=MESSAGE_MAX)],
    )


class ReferForm(_Decision):
    message = StringField(
        _l("Where it is handled instead"),
        filters=[without_control_characters],
        validators=[
            DataRequired(_l("Say where the question is handled instead.")),
            Length(max=MESSAGE_MAX),
        ],
    )


class DeclineForm(_Decision):
    message = TextAreaField(
        _l("Reason"),
        filters=[without_control_characters],
        validators=[DataRequired(_l("Give the reason for declining.")), Length(max=MESSAGE_MAX)],
    )


class MergeForm(_Decision):
    into = SelectField(
        _l("Scheduled question to join it to"),
        coerce=int,
        validate_choice=False,
        validators=[InputRequired(_l("Choose the question to join it to."))],
    )


class UnmergeForm(_Decision):
    """Take a merged question apart again: only the version it was seen in."""


# Park or refer several questions at once; which ones comes as "selected" values
# "<id>:<version>", read by the view.
BULK_ACTIONS = {"park": _l("Park"), "refer": _l("Refer")}
BULK_MAX = 100


class BulkForm(FlaskForm):
    action = SelectField(
        _l("Do with the selected questions"),
        choices=[SelectChoice(value, text) for value, text in BULK_ACTIONS.items()],
    )
    message = StringField(
        _l("Note, or where they are handled instead"),
        filters=[without_control_characters],
        validators=[Optional(), Length(max=MESSAGE_MAX)],
    )


DECISION_FORMS = {
    "schedule": ScheduleForm,
    "return": ReturnForm,
    "park": ParkForm,
    "refer": ReferForm,
    "decline": DeclineForm,
    "merge": MergeForm,
}


def unique_ids(form: FlaskForm, suffix: str) -> FlaskForm:
    """Give every field an id of its own: the page holds one such form per question."""
    for field in form:
        field.id = f"{field.name}-{suffix}"
        field.label.field_id = field.id
    return form
