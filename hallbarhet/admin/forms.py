"""The administrators' forms: an administration, a reorganisation, a network, its work
areas, and the history's filter. Edit forms carry the version they were loaded with."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # new in WTForms 3.3, not in its 3.2 stubs
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, Optional
from wtforms.widgets import HiddenInput, TextInput

from .. import labels
from ..forms_common import INCOMPLETE, IntegerVersioned, without_control_characters
from ..models import Dimension
from . import networks, organisation
from .networks import NetworkInput

AT_MOST = _l("At most %(max)d characters.")


def _strip(value):
    return value.strip() if isinstance(value, str) else value


TEXT_FILTERS = [without_control_characters, _strip]


def optional_id(value) -> int | None:
    """A select's empty option means "none"; anything that is not a number is no choice
    (the operation then says so beside the field)."""
    if value in ("", None):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


class AdministrationForm(FlaskForm):
    name = StringField(
        _l("Name"),
        filters=TEXT_FILTERS,
        validators=[
            DataRequired(_l("Write the administration's name.")),
            Length(max=organisation.NAME_MAX, message=AT_MOST),
        ],
    )
    short_name = StringField(
        _l("Short name"),
        filters=TEXT_FILTERS,
        validators=[
            DataRequired(_l("Write a short name, such as MF.")),
            Length(max=organisation.SHORT_NAME_MAX, message=AT_MOST),
        ],
    )


class EditAdministrationForm(AdministrationForm, IntegerVersioned):
    pass


class StateForm(FlaskForm, IntegerVersioned):
    """A button that changes one thing (deactivate, reactivate) on what the page showed."""


class ReorganiseForm(FlaskForm):
    """The first step, a plain GET form: which administration to move to."""

    class Meta:
        csrf = False

    # Checked by organisation.check_target, with a message beside the field.
    to = SelectField(_l("Move to"), coerce=optional_id, default="", validate_choice=False)

    def set_choices(self, targets) -> None:
        self.to.choices = [SelectChoice("", _l("Choose an administration"))] + [
            SelectChoice(str(a.id), f"{a.name} ({a.short_name})") for a in targets
        ]


class ConfirmReorganiseForm(FlaskForm):
    """The confirmation: what the page showed moving (its fingerprint), and where to."""

    to = IntegerField(widget=HiddenInput(), validators=[InputRequired(INCOMPLETE)])
    planned = HiddenField(validators=[InputRequired(INCOMPLETE)])
    deactivate = BooleanField(_l("Deactivate it once they are moved"), default=True)


class NetworkForm(FlaskForm):
    name = StringField(
        _l("Name"),
        filters=TEXT_FILTERS,
        validators=[
            DataRequired(_l("Write the network's name.")),
            Length(max=networks.NAME_MAX, message=AT_MOST),
        ],
    )
    slug = StringField(
        _l("Short name in addresses"),
        filters=TEXT_FILTERS,
        validators=[DataRequired(_l("Write a short name, such as neh."))],
    )
    dimension = SelectField(_l("Dimension of sustainability"))
    description = TextAreaField(
        _l("Description"),
        filters=TEXT_FILTERS,
        validators=[Length(max=networks.DESCRIPTION_MAX, message=AT_MOST)],
    )
    # Text inputs, so that what was typed is shown back beside the error as it was typed.
    submission_lead_days = IntegerField(
        _l("Questions in (days before a meeting)"),
        default=14,
        widget=TextInput(),
        render_kw={"inputmode": "numeric"},
        validators=[InputRequired(_l("Give a number of days."))],
    )
    agenda_lead_days = IntegerField(
        _l("Agenda out (days before a meeting)"),
        default=5,
        widget=TextInput(),
        render_kw={"inputmode": "numeric"},
        validators=[InputRequired(_l("Give a number of days."))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.dimension.choices = [
            SelectChoice(d.value, label) for d, label in labels.DIMENSION.items()
        ]

    def to_input(self) -> NetworkInput:
        """What a validated form says (DataRequired and InputRequired saw these four)."""
        assert self.name.data is not None and self.slug.data is not None
        assert self.submission_lead_days.data is not None
        assert self.agenda_lead_days.data is not None
        return NetworkInput(
            name=self.name.data,
            slug=self.slug.data,
            dimension=Dimension(self.dimension.data),
            description=self.description.data or "",
            submission_lead_days=self.submission_lead_days.data,
            agenda_lead_days=self.agenda_lead_days.data,
        )


class EditNetworkForm(NetworkForm, IntegerVersioned):
    pass


def network_form_data(network) -> dict:
    return {
        "name": network.name,
        "slug": network.slug,
        "dimension": network.dimension.value,
        "description": network.description,
        "submission_lead_days": network.submission_lead_days,
        "agenda_lead_days": network.agenda_lead_days,
        "version": network.version,
    }


class WorkAreaForm(FlaskForm):
    """A new work area of the network (its fields prefixed new-area-, beside the network's
    own name on the same page)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "new-area")
        super().__init__(*args, **kwargs)

    name = StringField(
        _l("New work area"),
        filters=TEXT_FILTERS,
        validators=[
            DataRequired(_l("Write the work area's name.")),
            Length(max=networks.AREA_NAME_MAX, message=AT_MOST),
        ],
    )


AREA_ACTIONS = ("rename", "up", "down", "retire", "restore")


class WorkAreaRowForm(FlaskForm, IntegerVersioned):
    """One row of the work areas: its name, and which of its buttons was pressed. Each row
    has its own prefix (area-<id>-), so that the page's field ids stay unique."""

    name = StringField(
        _l("Name"),
        filters=TEXT_FILTERS,
        validators=[
            Length(max=networks.AREA_NAME_MAX, message=AT_MOST),
        ],
    )
    action = StringField(validators=[InputRequired(INCOMPLETE), AnyOf(AREA_ACTIONS, INCOMPLETE)])


def work_area_row(area, formdata=None) -> WorkAreaRowForm:
    return WorkAreaRowForm(
        formdata=formdata,
        prefix=f"area-{area.id}",
        data={"name": area.name, "version": area.version},
    )


class HistoryFilterForm(FlaskForm):
    class Meta:
        csrf = False

    kind = SelectField(
        _l("Show"),
        choices=[
            SelectChoice("", _l("Everything")),
            SelectChoice("networks", _l("Networks and work areas")),
            SelectChoice("administrations", _l("Administrations")),
            SelectChoice("people", _l("People's accounts")),
        ],
        default="",
    )
    before = IntegerField(widget=HiddenInput(), validators=[Optional()])
