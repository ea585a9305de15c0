"""The form a representative invites a colleague with."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # new in WTForms 3.3, not in its 3.2 stubs
from wtforms.validators import DataRequired, Length, ValidationError

from ..forms_common import without_control_characters
from .operations import EMAIL_MAX, NAME_MAX, looks_like_email

# Each language named in itself, as language choosers do.
LANGUAGES = [SelectChoice("sv", "Svenska"), SelectChoice("en", "English")]


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def optional_id(value) -> int | None:
    """A select's empty option means "none"; anything that is not a number is no choice
    (the select's own check then says so)."""
    if value in ("", None):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


def an_email_address(_form, field):
    # The same check as operations.invite, here so that it shows along with the others.
    if field.data and not looks_like_email(field.data):
        raise ValidationError(_l("Write an e-mail address such as name@kommun.se."))


class InvitationForm(FlaskForm):
    name = StringField(
        _l("Name"),
        filters=[without_control_characters, _strip],
        validators=[
            DataRequired(message=_l("Write the colleague's name.")),
            Length(max=NAME_MAX, message=_l("Write at most %(max)d characters.")),
        ],
    )
    email = StringField(
        _l("E-mail"),
        filters=[without_control_characters, _strip],
        validators=[
            DataRequired(message=_l("Write an e-mail address such as name@kommun.se.")),
            Length(max=EMAIL_MAX, message=_l("Write at most %(max)d characters.")),
            an_email_address,
        ],
        render_kw={"type": "email", "autocomplete": "off", "spellcheck": "false"},
    )
    # The choices are checked by operations.invite, with a message beside the field.
    administration = SelectField(_l("Administration"), coerce=optional_id, validate_choice=False)
    item = SelectField(_l("Invited for"), coerce=optional_id, validate_choice=False)
    language = SelectField(
        _l("Language of the mail and the page"), choices=LANGUAGES, validate_choice=False
    )

    def set_choices(self, administrations, items) -> None:
        self.administration.choices = [SelectChoice("", _l("No administration given"))] + [
            SelectChoice(str(a.id), a.name) for a in administrations
        ]
        self.item.choices = [SelectChoice("", _l("The whole meeting"))] + [
            SelectChoice(str(item.id), item.title) for item in items
        ]
