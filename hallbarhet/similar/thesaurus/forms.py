"""The thesaurus page's forms: a topic's name and words, and the version an edit carries."""

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired
from wtforms.widgets import HiddenInput

from ...forms_common import without_control_characters
from . import entries

_INCOMPLETE = _l("The form is incomplete. Reload the page and try again.")


class VersionField(StringField):
    widget = HiddenInput()


class _Versioned:
    version: VersionField  # each form that mixes this in has one

    def version_number(self) -> int | None:
        value = (self.version.data or "").strip()
        return int(value) if re.fullmatch(r"[0-9]{1,9}", value) else None


class TopicForm(FlaskForm):
    """A new topic (the list page) or one being edited (with its version)."""

    name = StringField(
        _l("Name of the topic"),
        filters=[without_control_characters],
        render_kw={"maxlength": entries.NAME_MAX, "autocomplete": "off"},
    )
    words = TextAreaField(
        _l("Words and word parts"),
        filters=[without_control_characters],
        render_kw={"rows": 10, "spellcheck": "false"},
    )


class EditTopicForm(TopicForm, _Versioned):
    version = VersionField(validators=[DataRequired(message=_INCOMPLETE)])


class RemoveTopicForm(FlaskForm, _Versioned):
    version = VersionField(validators=[DataRequired(message=_INCOMPLETE)])
