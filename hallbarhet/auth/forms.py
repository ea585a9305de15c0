from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, SelectField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # new in WTForms 3.3, not in its 3.2 stubs
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from ..forms_common import without_control_characters
from .signin import TYPED_MAX, has_invisible_characters


def _no_invisible_characters(_form, field):
    # Refused rather than removed: the attempt still counts against the account the
    # address stands for (hallbarhet.auth.limits, by normalise_email). Checked on what was
    # sent; the field shows it again without its control characters.
    if field.raw_data and has_invisible_characters(str(field.raw_data[0])[:TYPED_MAX]):
        raise ValidationError(_l("The e-mail address contains characters that cannot be in one."))


class LoginForm(FlaskForm):
    email = EmailField(
        _l("E-mail"),
        filters=[without_control_characters],
        validators=[DataRequired(), Length(max=254), _no_invisible_characters],
    )
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    next = HiddenField()


class LanguageForm(FlaskForm):
    language = SelectField(
        _l("Language"), choices=[SelectChoice("sv", "Svenska"), SelectChoice("en", "English")]
    )
    next = HiddenField()


# A password long enough to be a phrase; the longest is what the sign-in form takes.
PASSWORD_MIN = 12
PASSWORD_MAX = 200


def _new_password_fields():
    return (
        PasswordField(
            _l("New password"),
            validators=[DataRequired(), Length(min=PASSWORD_MIN, max=PASSWORD_MAX)],
        ),
        PasswordField(
            _l("The new password again"),
            validators=[
                DataRequired(),
                EqualTo("password", message=_l("The two passwords are not the same.")),
            ],
        ),
    )


class ChoosePasswordForm(FlaskForm):
    """A first or a new password, from a link in a mail (auth.password_links)."""

    password, confirm = _new_password_fields()


class ChangePasswordForm(FlaskForm):
    current = PasswordField(
        _l("Current password"), validators=[DataRequired(), Length(max=PASSWORD_MAX)]
    )
    password, confirm = _new_password_fields()


class ForgotPasswordForm(FlaskForm):
    email = EmailField(
        _l("E-mail"),
        filters=[without_control_characters],
        validators=[DataRequired(), Length(max=254), _no_invisible_characters],
    )
