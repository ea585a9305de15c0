"""The thesaurus of the similar questions: the topics a coordinator recognises, and the words
and word parts that name them in the administrations' Swedish.

Each network keeps its own in the database (models.similar: Thesaurus, ThesaurusTopic,
ThesaurusEntry), which its coordinators edit on /networks/<slug>/thesaurus (views.py); a
network's thesaurus gives the topics of that network's questions. The modules here are the
*starting* thesaurus: what a new network gets when it is created (store.give_starting), by
its dimension, and what the migration that made the tables loaded into the networks there
were. Without a database (the wording's own tests, a quick look in a shell) text.py matches
against all of them at once (TOPICS, CONCEPTS).

Entries are matched against each word by text.word_concepts: an entry of five letters or
more anywhere in a word ("dagvatten" in "dagvattenhantering"), a shorter one as the whole
word or the end of a compound, give or take an inflection ("tak" in "förskoletaken",
"bil" in "tjänstebilar", never "bil" in "bilaga"). Entries are written normalised
(entries.py): lower case, with å, ä and ö. A word may name several topics; a topic is shown
as its name when the page explains why two questions are alike.
"""

from ...models import Dimension
from . import ecological, social

# A new network's topics by its dimension (topic -> entries); an economic network starts
# with none and its coordinators add its own.
STARTING: dict[Dimension, dict[str, tuple[str, ...]]] = {
    Dimension.ECOLOGICAL: ecological.TOPICS,
    Dimension.SOCIAL: social.TOPICS,
    Dimension.ECONOMIC: {},
}

# Every starting topic -> its entries, the ecological network's first.
TOPICS: dict[str, tuple[str, ...]] = {**ecological.TOPICS, **social.TOPICS}

# Entry -> the topics it names.
CONCEPTS: dict[str, frozenset[str]] = {}
for _topic, _entries in TOPICS.items():
    for _entry in _entries:
        CONCEPTS[_entry] = CONCEPTS.get(_entry, frozenset()) | {_topic}


def starting_topics(dimension) -> dict[str, tuple[str, ...]]:
    """The topics a new network of this dimension starts with."""
    return STARTING.get(Dimension(dimension), {})
