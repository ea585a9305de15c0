"""Words of a question as the similarity index sees them.

Swedish municipal wording is compounds and synonyms: "förskoletaken", "dagvattnet",
"solcellsanläggningar". Three kinds of term cover it between them:

- stems: the word with its common inflection cut off ("dagvattnet" -> "dagvatt"),
- trigrams: three-letter pieces of each stem with boundary marks, which find a shared
  part of two compounds ("#sol", "sol", ...),
- concepts: topics from a small hand-written municipal thesaurus, matched as prefixes or
  compound parts, so that "skyfall", "dagvatten" and "kraftiga regn" meet in one topic.
"""

import re
import unicodedata
from functools import lru_cache

from .thesaurus import CONCEPTS

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
GENERIC_STEMS = _wordlist(
    """
    plan handlingsplan strategi program policy riktlinj uppföljning rapport arbet
    insats åtgärd utveckling ny nya översyn förslag redovisning information dialog
    samverk underlag beslut remiss kartläggning
    """
)

# Longest first, so that "ningarna" goes before "na". A stem keeps at least three letters.
_SUFFIXES = sorted(
    _wordlist(
        """
    ningarna ningarnas ningar ningen ningens ning heterna heten heter het arnas ernas
    ornas arna erna orna andet andes ande ende aren arens ens ens ades ade are ast aste
    iska iskt isk en ern et ets ar er or na as es at ad a e s
    """
    ),
    key=len,
    reverse=True,
)
_S_BEFORE = set("bcdfghjklmnoprtvy")  # a final s is a genitive after these, as in snowball
_MIN_STEM = 3


def normalise(text: str) -> str:
    """Lower case, å ä ö kept, other diacritics dropped, at most MAX_QUERY_CHARS."""
    text = unicodedata.normalize("NFC", (text or "")[: MAX_QUERY_CHARS * 20].lower())
    out = []
    for char in text:
        if char in _KEEP or char.isascii():
            out.append(char)
            continue
        base = unicodedata.normalize("NFD", char)[0]
        out.append(base if base.isascii() else " ")
    return "".join(out)


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
    """A light Swedish stemmer: one inflectional suffix off, then the forms that lose an
    e when inflected made alike ("dagvatten" and "dagvattnet" both give "dagvat")."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            if suffix == "s" and word[-2] not in _S_BEFORE:
                continue
            word = word[: -len(suffix)]
            break
    if len(word) > 4 and word[-1] in "nlr" and word[-2] == word[-3] and _consonant(word[-2]):
        word = word[:-1]
    if len(word) > _MIN_STEM + 1 and word[-1] == word[-2] and _consonant(word[-1]):
        word = word[:-1]
    return word


def _consonant(char: str) -> bool:
    return char.isalpha() and char not in "aeiouyåäö"


@lru_cache(maxsize=65536)
def word_trigrams(word: str) -> frozenset[str]:
    marked = f"#{word}#"
    return frozenset(marked[i : i + 3] for i in range(len(marked) - 2))


# Endings a short thesaurus entry may have after it ("taket", "förskoletaken").
_ENDINGS = _wordlist("a an ar arna as e en ens er erna et ets n na or orna s") | {""}
_LONG_ENTRY = 5


@lru_cache(maxsize=65536)
def word_concepts(word: str) -> frozenset[str]:
    """Topics of one word. An entry of five letters or more matches anywhere in the word;
    a shorter one is the whole word or ends a compound, give or take an ending ("tak" in
    "förskoletaken", not in "kontakt"); one of two letters ("va") only the whole word."""
    found = set()
    for entry, concepts in CONCEPTS.items():
        if len(entry) >= _LONG_ENTRY:
            hit = entry in word
        elif len(entry) <= 2:
            hit = word == entry
        else:
            at = word.rfind(entry)
            hit = (at == 0 or at >= 3) and word[at + len(entry) :] in _ENDINGS if at >= 0 else False
        if hit:
            found.update(concepts)
    return frozenset(found)


def stems(text: str) -> list[str]:
    return [stem(word) for word in words(text)]


def trigrams(text: str) -> set[str]:
    result: set[str] = set()
    for word in words(text):
        result |= word_trigrams(stem(word))
    return result


def concepts(text: str) -> set[str]:
    result: set[str] = set()
    for word in words(text):
        result |= word_concepts(word)
    return result
