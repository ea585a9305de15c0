"""The thesaurus of a network's similar questions (similar/thesaurus/): topics and
their words, the network the Event's."""

from flask_babel import gettext as _

from .shape import NOTHING, Sentences, change

SENTENCES: Sentences = {
    # A network's thesaurus of the similar questions (similar/thesaurus/operations.py): the
    # values are "topic: words" (up to 200 characters), the message the whole of it.
    "thesaurus_topic_added": (
        lambda e: _("added a topic for similar questions: %(after)s", after=e.to_value or NOTHING),
        False,
    ),
    "thesaurus_topic_renamed": (
        lambda e: _(
            "renamed a topic for similar questions: %(before)s → %(after)s",
            **change(e),
        ),
        False,
    ),
    "thesaurus_words_changed": (
        lambda e: _(
            "changed the words of a topic for similar questions: %(before)s → %(after)s",
            **change(e),
        ),
        True,
    ),
    "thesaurus_topic_removed": (
        lambda e: _(
            "removed a topic for similar questions: %(before)s", before=e.from_value or NOTHING
        ),
        False,
    ),
}
