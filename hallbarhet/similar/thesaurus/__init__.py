"""A small municipal thesaurus: the topics a coordinator recognises, and the words and
word parts that name them in the administrations' Swedish.

Entries are matched against each word by text.word_concepts: an entry of five letters or
more anywhere in a word ("dagvatten" in "dagvattenhantering"), a shorter one as the whole
word or the end of a compound, give or take an inflection ("tak" in "förskoletaken",
"bil" in "tjänstebilar", never "bil" in "bilaga"). Entries are written normalised: lower
case, with å, ä and ö. A word may name several topics; a topic is shown as its name when
the page explains why two questions are alike.
"""

from . import ecological, social

# Topic -> its entries, the ecological network's first.
TOPICS: dict[str, tuple[str, ...]] = {**ecological.TOPICS, **social.TOPICS}

# Entry -> the topics it names.
CONCEPTS: dict[str, frozenset[str]] = {}
for _topic, _entries in TOPICS.items():
    for _entry in _entries:
        CONCEPTS[_entry] = CONCEPTS.get(_entry, frozenset()) | {_topic}
