"""What the agenda's forms send: a new item, a move, an item's kind, minutes and presenter, a
removal, publishing and announcing the changes."""

import re
from contextlib import suppress

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, FieldList, Form, FormField, IntegerField, StringField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, NumberRange, Optional

from ..forms_common import INCOMPLETE, add_error, without_control_characters
from .operations import FREE_KINDS, ITEM_MINUTES_MAX, PRESENTER_MAX, TITLE_MAX

KIND_VALUES = tuple(kind.value for kind in FREE_KINDS)


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
    version = WholeNumberField(validators=[DataRequired(message=INCOMPLETE)])


class MoveForm(VersionedForm):
    direction = StringField(
        validators=[AnyOf(("up", "down"), message=_l("Choose to move the item up or down."))]
    )


def _minutes_field():
    return WholeNumberField(
        _l("Minutes"),
        validators=[
            NumberRange(
                min=0,
                max=ITEM_MINUTES_MAX,
                message=_l("Enter a whole number of minutes from %(min)s to %(max)s."),
            )
        ],
    )


def _presenter_field():
    return StringField(
        _l("Presenter"),
        filters=[without_control_characters, _strip],
        validators=[Length(max=PRESENTER_MAX, message=_l("Write at most %(max)d characters."))],
    )


_UNKNOWN_KIND = _l("Choose one of the kinds in the list.")


class ItemForm(VersionedForm):
    minutes = _minutes_field()
    presenter = _presenter_field()
    # Not sent for a standing item, whose kind stays.
    kind = StringField(_l("Kind"), validators=[Optional(), AnyOf(KIND_VALUES, _UNKNOWN_KIND)])


class AddItemForm(VersionedForm):
    title = StringField(
        _l("Title"),
        filters=[without_control_characters, _strip],
        validators=[
            DataRequired(message=_l("Write what the item is about.")),
            Length(max=TITLE_MAX, message=_l("Write at most %(max)d characters.")),
        ],
    )
    kind = StringField(
        _l("Kind"),
        default="information",
        validators=[InputRequired(message=_UNKNOWN_KIND), AnyOf(KIND_VALUES, _UNKNOWN_KIND)],
    )
    minutes = _minutes_field()
    presenter = _presenter_field()


class RemoveForm(VersionedForm):
    pass


class PublishForm(VersionedForm):
    pass


class AnnounceForm(VersionedForm):
    pass


class StandingRowForm(Form):
    title = StringField(_l("Title"), filters=[without_control_characters, _strip])
    minutes = WholeNumberField(_l("Minutes"))
    remove = BooleanField(_l("Remove"))


_MOVE = re.compile(r"^(\d{1,3}):(up|down)$")


class StandingItemsForm(FlaskForm):
    """The whole template in one form: each row's title and minutes, rows to remove, one new
    row, and (from the clicked button) a row to move, all applied at once."""

    rows = FieldList(FormField(StandingRowForm))
    new_title = StringField(_l("Title"), filters=[without_control_characters, _strip])
    new_minutes = WholeNumberField(_l("Minutes"), default=5)
    rendered_from = StringField()
    move = StringField()

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for row in self.rows:
            if row.form.remove.data:
                continue
            valid &= _title_ok(row.form.title) & _minutes_ok(row.form.minutes)
        if self.new_title.data:
            valid &= _title_ok(self.new_title) & _minutes_ok(self.new_minutes)
        if self.move.data and not _MOVE.match(self.move.data):
            add_error(self.move, _l("Choose to move the item up or down."))
            valid = False
        return valid

    def wanted(self) -> tuple[list[tuple[str, int]], int | None]:
        """The template a validated form asks for, and where the moved row ended up (if one
        was). validate() saw a title and minutes in every row kept, and in a new one."""
        kept: list[tuple[int, str, int]] = []
        for index, row in enumerate(self.rows):
            if not row.form.remove.data:
                title, minutes = row.form.title.data, row.form.minutes.data
                assert title is not None and minutes is not None
                kept.append((index, title, minutes))
        moved_to = None
        match = _MOVE.match(self.move.data or "")
        if match:
            index, direction = int(match.group(1)), match.group(2)
            at = next((n for n, (each, *_rest) in enumerate(kept) if each == index), None)
            if at is not None:
                other = at - 1 if direction == "up" else at + 1
                if 0 <= other < len(kept):
                    kept[at], kept[other] = kept[other], kept[at]
                    moved_to = other
        rows = [(title, minutes) for _index, title, minutes in kept]
        if self.new_title.data:
            # Before the last item, which closes every agenda ("next meeting").
            at = len(rows) - 1 if len(rows) > 1 else len(rows)
            assert self.new_minutes.data is not None
            rows.insert(at, (self.new_title.data, self.new_minutes.data))
            if moved_to is not None and moved_to >= at:
                moved_to += 1
        return rows, moved_to


def _title_ok(field) -> bool:
    if not field.data:
        field.errors.append(_l("Write a title, or tick Remove."))
        return False
    if len(field.data) > TITLE_MAX:
        field.errors.append(_l("Write at most %(max)d characters.") % {"max": TITLE_MAX})
        return False
    return True


def _minutes_ok(field) -> bool:
    if field.data is None or not 0 <= field.data <= ITEM_MINUTES_MAX:
        field.errors.append(
            _l("Enter a whole number of minutes from %(min)s to %(max)s.")
            % {"min": 0, "max": ITEM_MINUTES_MAX}
        )
        return False
    return True


def first_error(form: FlaskForm) -> str:
    for errors in form.errors.values():
        if errors:
            return str(errors[0])
    return ""
