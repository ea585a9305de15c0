"""The administrators' forms about people: the list's filter, a person (invited or edited,
with a role per network), a change of the account's state, a file to import and its
confirmation."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    SearchField,
    SelectField,
    StringField,
)
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # new in WTForms 3.3, not in its 3.2 stubs
from wtforms.validators import DataRequired, Length, Optional

from .. import labels
from ..forms_common import IntegerVersioned, without_control_characters
from ..models import Role
from .memberships import role_field
from .people import (
    EMAIL_MAX,
    LANGUAGES,
    NAME_MAX,
    SEARCH_MAX,
    PeopleFilter,
    PersonInput,
)

NO_ADMINISTRATION = "none"


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _optional_int(value) -> int | None:
    if value in ("", None):
        return None
    return int(value)


def _whole(text: str) -> int | None:
    return int(text) if text.isdigit() and len(text) <= 9 else None


class PeopleFilterForm(FlaskForm):
    """The list's filter, a plain GET form; values stay strings until read."""

    class Meta:
        csrf = False

    q = SearchField(
        _l("Name or e-mail"),
        filters=[without_control_characters, _strip],
        validators=[Optional(), Length(max=SEARCH_MAX, message=_l("At most %(max)d characters."))],
    )
    administration = SelectField(_l("Administration"), default="")
    network = SelectField(_l("Network"), default="")
    role = SelectField(
        _l("Role"),
        choices=[SelectChoice("", _l("Any role"))]
        + [SelectChoice(role.value, label) for role, label in labels.ROLE.items()],
        default="",
    )
    status = SelectField(
        _l("Account"),
        choices=[
            SelectChoice("active", lazy_pgettext("account", "Active")),
            SelectChoice("deactivated", lazy_pgettext("account", "Deactivated")),
            SelectChoice("all", _l("Active and deactivated")),
        ],
        default="active",
    )
    admin = SelectField(
        _l("Administrator"),
        choices=[
            SelectChoice("", _l("Everyone")),
            SelectChoice("yes", _l("Administrators")),
            SelectChoice("no", _l("Not administrators")),
        ],
        default="",
    )

    def set_choices(self, networks, administrations) -> None:
        self.administration.choices = [
            SelectChoice("", _l("All administrations")),
            SelectChoice(NO_ADMINISTRATION, _l("No administration")),
        ] + [SelectChoice(str(a.id), _administration_label(a)) for a in administrations]
        self.network.choices = [SelectChoice("", _l("All networks"))] + [
            SelectChoice(str(n.id), f"{n.slug.upper()} {n.name}") for n in networks
        ]

    def wanted(self) -> PeopleFilter:
        administration = self.administration.data or ""
        network = self.network.data or ""
        return PeopleFilter(
            text=self.q.data or "",
            administration_id=_whole(administration),
            without_administration=administration == NO_ADMINISTRATION,
            network_id=_whole(network),
            role=Role(self.role.data) if self.role.data else None,
            active={"active": True, "deactivated": False}.get(self.status.data),
            admin={"yes": True, "no": False}.get(self.admin.data),
        )

    def arguments(self) -> dict[str, str]:
        """The filter as the query string of the list's other pages (defaults left out)."""
        values = {name: self[name].data or "" for name in ("q", "administration", "network")}
        values |= {name: self[name].data or "" for name in ("role", "status", "admin")}
        return {
            name: value
            for name, value in values.items()
            if value and value != (self[name].default or "")
        }


def _administration_label(administration) -> str:
    label = f"{administration.name} ({administration.short_name})"
    if not administration.active:
        return _("%(administration)s – deactivated", administration=label)
    return label


class PersonForm(FlaskForm):
    """A person's account; person_form() adds a role field per network."""

    name = StringField(
        _l("Name"),
        filters=[without_control_characters, _strip],
        validators=[
            DataRequired(_l("Give the person's name.")),
            Length(max=NAME_MAX, message=_l("At most %(max)d characters.")),
        ],
    )
    email = EmailField(
        _l("E-mail"),
        filters=[without_control_characters, _strip],
        validators=[
            DataRequired(_l("Give the person's work e-mail address.")),
            Length(max=EMAIL_MAX, message=_l("At most %(max)d characters.")),
        ],
    )
    administration = SelectField(_l("Administration"), coerce=_optional_int)
    language = SelectField(
        _l("Language"),
        choices=[SelectChoice(code, name) for code, name in LANGUAGES.items()],
        default="sv",
    )
    is_admin = BooleanField(_l("Administrator"))

    networks: list = []

    def set_choices(self, administrations) -> None:
        self.administration.choices = [SelectChoice("", _l("No administration"))] + [
            SelectChoice(str(a.id), _administration_label(a)) for a in administrations
        ]

    def role_fields(self):
        """(network, its role field) for each network, in the networks' order."""
        return [(network, self[role_field(network.id)]) for network in self.networks]

    def to_input(self) -> PersonInput:
        roles = {}
        for network, field in self.role_fields():
            if field.data:
                roles[network.id] = Role(field.data)
        return PersonInput(
            name=self.name.data or "",
            email=self.email.data or "",
            administration_id=self.administration.data,
            language=self.language.data,
            is_admin=bool(self.is_admin.data),
            roles=roles,
        )


class EditPersonForm(PersonForm, IntegerVersioned):
    pass


def person_form(networks, *, edit: bool = False, **kwargs) -> PersonForm:
    """The person form with a role field per network: none, or one of the roles."""
    base = EditPersonForm if edit else PersonForm
    # The new class's attributes: the networks, and a role field for each.
    fields: dict[str, object] = {"networks": list(networks)}
    for network in networks:
        fields[role_field(network.id)] = SelectField(
            network.name,
            choices=[SelectChoice("", _l("Not a member"))]
            + [SelectChoice(role.value, label) for role, label in labels.ROLE.items()],
            default="",
        )
    form_class = type(base.__name__, (base,), fields)
    return form_class(**kwargs)


def person_data(user) -> dict:
    """A person's account as the edit form shows it."""
    data = {
        "name": user.name,
        "email": user.email,
        "administration": user.administration_id,
        "language": user.language,
        "is_admin": user.is_admin,
        "version": user.version,
    }
    for membership in user.memberships:
        data[role_field(membership.network_id)] = membership.role.value
    return data


class VersionForm(FlaskForm, IntegerVersioned):
    """A button that changes the account (deactivate, reactivate): the version it was
    rendered with."""


class UploadForm(FlaskForm):
    file = FileField(_l("CSV file"))


class ConfirmImportForm(FlaskForm):
    digest = HiddenField(validators=[DataRequired()])
    mail_links = BooleanField(_l("Mail each new person a link to choose a password"))
