"""What the agenda's forms send: a move, an item's minutes and presenter, publishing."""

from contextlib import suppress

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField
from wtforms.validators import AnyOf, DataRequired, Length, NumberRange

from ..forms_common import without_control_characters
from .operations import ITEM_MINUTES_MAX

PRESENTER_MAX = 200


class WholeNumberField(IntegerField):
    """An integer, or no value at all, so that one range message covers every bad input."""

    def process_formdata(self, valuelist):
        self.data = None
        if valuelist:
            with suppress(ValueError):
                self.data = int(str(valuelist[0]).strip())


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class VersionedForm(FlaskForm):
    version = WholeNumberField(
        validators=[
            DataRequired(message=_l("The form is incomplete. Reload the page and try again."))
        ]
    )


class MoveForm(VersionedForm):
    direction = StringField(
        validators=[AnyOf(("up", "down"), message=_l("Choose to move the item up or down."))]
    )


class ItemForm(VersionedForm):
    minutes = WholeNumberField(
        _l("Minutes"),
        validators=[
            NumberRange(
                min=0,
                max=ITEM_MINUTES_MAX,
                message=_l("Enter a whole number of minutes from %(min)s to %(max)s."),
            )
        ],
    )
    presenter = StringField(
        _l("Presenter"),
        filters=[without_control_characters, _strip],
        validators=[
            Length(
                max=PRESENTER_MAX,
                message=_l("Write at most %(max)d characters."),
            )
        ],
    )


class PublishForm(VersionedForm):
    pass


def first_error(form: FlaskForm) -> str:
    for errors in form.errors.values():
        if errors:
            return str(errors[0])
    return ""
