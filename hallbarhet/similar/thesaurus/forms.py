"""The thesaurus page's forms: a topic's name and words, and the version an edit carries."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField

from ...forms_common import Versioned, without_control_characters
from . import entries


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


class EditTopicForm(TopicForm, Versioned):
    pass


class RemoveTopicForm(FlaskForm, Versioned):
    pass
