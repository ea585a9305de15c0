"""Words of a question as the similarity index sees them.

Swedish municipal wording is compounds and synonyms: "förskoletaken", "dagvattnet",
"solcellsanläggningar". Three kinds of term cover it between them:

- stems: Snowball's Swedish stemmer, with three rules of our own on top ("dagvattnet" ->
  "dagvat"),
- trigrams: three-letter pieces of each stem with boundary marks, which find a shared
  part of two compounds ("#sol", "sol", ...),
- concepts: topics from a network's thesaurus (thesaurus/), matched as prefixes or compound
  parts, so that "skyfall", "dagvatten" and "kraftiga regn" meet in one topic. A thesaurus is
  matched through a TopicMatcher, which keeps the topics of each word it has met; without
  one, the starting thesaurus of every network at once (STARTING).
"""

import re
import threading
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache

import snowballstemmer

from . import thesaurus

# A query is cut here; the rest of a long text adds little and costs time.
MAX_QUERY_CHARS = 400
# Longer "words" are pasted junk (links, hashes), not language.
MAX_WORD_CHARS = 40


def _wordlist(words: str) -> frozenset[str]:
    return frozenset(words.split())


_WORD = re.compile(r"[a-zåäö0-9]+")
# Diacritics that carry no meaning in Swedish are dropped (é -> e, ü -> u); å, ä and ö
# are letters of their own and stay.
_KEEP = {"å", "ä", "ö"}

STOPWORDS = _wordlist(
    """
    alla allt andra att av bara blev bli blir de dem den denna deras dess det detta dig
    din ditt du där då efter eller en ett fler flera från för ha hade han har hela hon
    hos hur här i icke ingen inom inte jag kan kunna kunde man med mellan men mer mig min
    mitt mot mycket ni nu när någon något några och om oss på samma sedan sig sin sina
    sitt sju själv ska skall skulle som så till under upp ut utan vad var vara varför
    vart vem vi vid vilka vilken vill än är åt över också även ska kring samt hos inför
    genom
    """
)
# Words every question in the tool has: they say nothing about its topic.
DOMAIN_STOPWORDS = _wordlist(
    """
    kommun kommunen kommunens kommuner förvaltning förvaltningen förvaltningens
    förvaltningar förvaltningarna nätverk nätverket nätverkets fråga frågan frågor
    frågorna nämnd nämnden nämndens ks kf ta tar göra gör behöver behov hand
    """
)
# Two-letter words worth keeping: abbreviations with a topic.
SHORT_WORDS = frozenset({"va", "el", "co2", "gc"})
# Planning words: they shape a question but do not make two questions the same topic.
# Written as words, with the forms whose stem differs; GENERIC_STEMS (below stem()) holds
# their stems.
GENERIC_WORDS = _wordlist(
    """
    plan handlingsplan strategi program programmet policy riktlinje uppföljning rapport
    arbete insats insatser åtgärd utveckling ny nya översyn förslag redovisning
    information dialog samverka underlag beslut remiss kartläggning
    """
)

# One stemmer object for the process: it keeps state while it stems, so one word at a time.
_SNOWBALL = snowballstemmer.stemmer("swedish")
_SNOWBALL_LOCK = threading.Lock()
_MIN_STEM = 3


class _Folding(dict):
    """str.translate's table: each character as the wording keeps it, worked out the first
    time it is met."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char in _KEEP or char.isascii():
            kept = char
        else:
            base = unicodedata.normalize("NFD", char)[0]
            kept = base if base.isascii() else " "
        self[code] = kept
        return kept


_FOLDING = _Folding()
# What needs folding at all: Swedish text seldom has any, and the search for it is one scan.
_TO_FOLD = re.compile(r"[^\x00-\x7fåäö]")


def normalise(text: str) -> str:
    """Lower case, å ä ö kept, other diacritics dropped, at most MAX_QUERY_CHARS."""
    text = unicodedata.normalize("NFC", (text or "")[: MAX_QUERY_CHARS * 20].lower())
    return text.translate(_FOLDING) if _TO_FOLD.search(text) else text


def words(text: str) -> list[str]:
    """The meaningful words of a text, in order (stopwords and one-letter words left out)."""
    return [
        word
        for word in _WORD.findall(normalise(text))
        if (len(word) > 2 or word in SHORT_WORDS)
        and len(word) <= MAX_WORD_CHARS
        and word not in STOPWORDS
        and word not in DOMAIN_STOPWORDS
    ]


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Snowball's Swedish stem, then what it leaves that the ranking needs alike: the
    nouns made of verbs lose their -ning ("utbildningen" -> "utbild"), the forms that lose
    an e when inflected meet the uninflected one ("dagvattnet" and "dagvatten" both give
    "dagvat"), and a final double consonant is made single ("solcell" -> "solcel")."""
    with _SNOWBALL_LOCK:
        word = _SNOWBALL.stemWord(word)
    if word.endswith("ning") and len(word) - 4 >= _MIN_STEM:
        word = word[:-4]
    # Snowball keeps the -et of "dagvattnet" (no vowel before the n): a double consonant
    # and n, l or r, with or without -et, is the e-less form; the n, l or r goes too.
    tail = 2 if word.endswith("et") else 0
    rest = word[: len(word) - tail]
    if len(rest) > 4 and rest[-1] in "nlr" and rest[-2] == rest[-3] and _consonant(rest[-2]):
        word = rest[:-1]
    if len(word) > _MIN_STEM + 1 and word[-1] == word[-2] and _consonant(word[-1]):
        word = word[:-1]
    return word


def _consonant(char: str) -> bool:
    return char.isalpha() and char not in "aeiouyåäö"


GENERIC_STEMS = frozenset(stem(word) for word in GENERIC_WORDS)


@lru_cache(maxsize=65536)
def word_trigrams(word: str) -> frozenset[str]:
    marked = f"#{word}#"
    return frozenset(marked[i : i + 3] for i in range(len(marked) - 2))


# Endings a short thesaurus entry may have after it ("taket", "förskoletaken").
_ENDINGS = _wordlist("a an ar arna as e en ens er erna et ets n na or orna s") | {""}
_LONG_ENTRY = 5
# Words a matcher keeps the topics of; past this it starts again (pasted junk is unbounded).
_CACHED_WORDS = 65536


def entry_matches(entry: str, word: str) -> bool:
    """An entry of five letters or more matches anywhere in the word; a shorter one is the
    whole word or ends a compound, give or take an ending ("tak" in "förskoletaken", not in
    "kontakt"); one of two letters ("va") only the whole word."""
    if len(entry) >= _LONG_ENTRY:
        return entry in word
    if len(entry) <= 2:
        return word == entry
    at = word.rfind(entry)
    return (at == 0 or at >= 3) and word[at + len(entry) :] in _ENDINGS if at >= 0 else False


class TopicMatcher:
    """One thesaurus (topic -> its entries) as the wording matches it. The topics found for
    a word are kept, so each word costs a pass over the entries once per thesaurus."""

    def __init__(self, topics: Mapping[str, Iterable[str]]):
        self.topics: dict[str, tuple[str, ...]] = {
            topic: tuple(entries) for topic, entries in topics.items()
        }
        concepts: dict[str, frozenset[str]] = {}
        for topic, entries in self.topics.items():
            for entry in entries:
                concepts[entry] = concepts.get(entry, frozenset()) | {topic}
        self.concepts = concepts
        self._words: dict[str, frozenset[str]] = {}

    @classmethod
    def union(cls, matchers: Iterable["TopicMatcher"]) -> "TopicMatcher":
        """Several thesauri as one; a topic name in more than one has all their entries."""
        topics: dict[str, dict[str, None]] = {}
        for matcher in matchers:
            for topic, entries in matcher.topics.items():
                topics.setdefault(topic, {}).update(dict.fromkeys(entries))
        return cls(topics)

    def word_concepts(self, word: str) -> frozenset[str]:
        found = self._words.get(word)
        if found is None:
            found = frozenset(
                topic
                for entry, topics in self.concepts.items()
                if entry_matches(entry, word)
                for topic in topics
            )
            if len(self._words) >= _CACHED_WORDS:
                self._words.clear()
            self._words[word] = found
        return found


# Every network's starting thesaurus at once: for the wording without a database.
STARTING = TopicMatcher(thesaurus.TOPICS)
CONCEPTS = STARTING.concepts


def word_concepts(word: str, topics: TopicMatcher = STARTING) -> frozenset[str]:
    """Topics of one word in a thesaurus (entry_matches says how an entry matches)."""
    return topics.word_concepts(word)


def stems(text: str) -> list[str]:
    return [stem(word) for word in words(text)]


def trigrams(text: str) -> set[str]:
    result: set[str] = set()
    for word in words(text):
        result |= word_trigrams(stem(word))
    return result


def concepts(text: str, topics: TopicMatcher = STARTING) -> set[str]:
    result: set[str] = set()
    for word in words(text):
        result |= topics.word_concepts(word)
    return result
