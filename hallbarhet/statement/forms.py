"""The form administrators edit the municipality's parts of the statement with."""

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # new in WTForms 3.3, not in its 3.2 stubs
from wtforms.validators import (
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from .. import labels
from ..forms_common import Versioned, within_the_years, without_control_characters
from ..invitations.operations import EMAIL_MAX, looks_like_email
from ..models import AccessibilityStatement, AssessmentMethod, Compliance
from .operations import PHONE_MAX, PROBLEMS_MAX, RESPONSE_DAYS_MAX, StatementInput

_PHONE = re.compile(r"^[0-9+()\- ]*$")


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _an_email_address(_form, field):
    if field.data and not looks_like_email(field.data):
        raise ValidationError(_l("Write an e-mail address such as name@kommun.se."))


def _a_phone_number(_form, field):
    if field.data and not _PHONE.match(field.data):
        raise ValidationError(_l("Write a phone number with digits, such as 08-123 456 78."))


def _text(label, maximum):
    return TextAreaField(
        label,
        filters=[without_control_characters, _strip],
        validators=[Length(max=maximum, message=_l("Write at most %(max)d characters."))],
    )


class StatementForm(FlaskForm, Versioned):
    compliance = SelectField(
        _l("How far the service complies with the law"),
        choices=[SelectChoice(code.value, label) for code, label in labels.COMPLIANCE.items()],
    )
    known_problems = _text(_l("What is not accessible, and why (in Swedish)"), PROBLEMS_MAX)
    known_problems_en = _text(_l("The same in English"), PROBLEMS_MAX)
    assessed_on = DateField(
        _l("Date of the municipality's latest assessment"),
        validators=[Optional(), within_the_years],
    )
    assessment_method = SelectField(
        _l("How it was assessed"),
        choices=[
            SelectChoice(code.value, label) for code, label in labels.ASSESSMENT_METHOD.items()
        ],
    )
    contact_email = StringField(
        _l("E-mail for reports and requests"),
        filters=[without_control_characters, _strip],
        validators=[
            Length(max=EMAIL_MAX, message=_l("Write at most %(max)d characters.")),
            _an_email_address,
        ],
        render_kw={"type": "email", "autocomplete": "off", "spellcheck": "false"},
    )
    contact_phone = StringField(
        _l("Phone"),
        filters=[without_control_characters, _strip],
        validators=[
            Length(max=PHONE_MAX, message=_l("Write at most %(max)d characters.")),
            _a_phone_number,
        ],
        render_kw={"type": "tel", "autocomplete": "off"},
    )
    response_days = IntegerField(
        _l("Answered within (working days)"),
        validators=[
            InputRequired(message=_l("Give a number of working days.")),
            NumberRange(
                min=1,
                max=RESPONSE_DAYS_MAX,
                message=_l("Give between %(min)s and %(max)s working days."),
            ),
        ],
        render_kw={"min": 1, "max": RESPONSE_DAYS_MAX},
    )

    def to_input(self) -> StatementInput:
        """What a validated form says (InputRequired saw the working days)."""
        assert self.response_days.data is not None
        return StatementInput(
            compliance=Compliance(self.compliance.data),
            known_problems=self.known_problems.data or "",
            known_problems_en=self.known_problems_en.data or "",
            assessed_on=self.assessed_on.data,
            assessment_method=AssessmentMethod(self.assessment_method.data),
            contact_email=self.contact_email.data or "",
            contact_phone=self.contact_phone.data or "",
            response_days=self.response_days.data,
        )


def form_data(statement: AccessibilityStatement) -> dict:
    """The form filled in with the statement as it is."""
    return {
        "version": str(statement.version or 0),
        "compliance": statement.compliance.value,
        "known_problems": statement.known_problems,
        "known_problems_en": statement.known_problems_en,
        "assessed_on": statement.assessed_on,
        "assessment_method": statement.assessment_method.value,
        "contact_email": statement.contact_email,
        "contact_phone": statement.contact_phone,
        "response_days": statement.response_days,
    }
