"""What a thesaurus entry and a topic's name may be, as a coordinator types them.

An entry is one word or word part, stored normalised as the wording is (text.normalise:
lower case, å ä ö kept, other diacritics dropped), so that it meets the words of the
questions: letters only, at least three of them (the two-letter abbreviations the wording
keeps, such as "va" and "el", may be entries too, and so may "co2"), at most as long as a
word the wording keeps."""

import re
from dataclasses import dataclass, field

from flask_babel import gettext as _

from .. import text

# Entries are typed one a line or separated by commas (or semicolons).
_SEPARATORS = re.compile(r"[\n\r,;]+")
_LETTERS = re.compile(r"[a-zåäö]+")
_SPACE = re.compile(r"\s+")
MIN_LETTERS = 3
MAX_LETTERS = text.MAX_WORD_CHARS
# Enough for any real topic; a paste of a whole document is refused rather than stored.
MAX_ENTRIES = 200
MAX_CHARS = 8000
NAME_MIN = 2
# "c:" and the name fit the index's term column (index.TERM_CHARS) whole.
NAME_MAX = 60


@dataclass
class Parsed:
    """The entries as they will be stored (normalised, each once, in the order typed), and
    a message for each that cannot be."""

    entries: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def parse(typed: str) -> Parsed:
    result = Parsed()
    typed = typed or ""
    if len(typed) > MAX_CHARS:
        result.problems.append(
            _("Write at most %(max)s characters of words for one topic.", max=MAX_CHARS)
        )
        return result
    seen: set[str] = set()
    for piece in _SEPARATORS.split(typed):
        shown = _SPACE.sub(" ", piece).strip()
        if not shown:
            continue
        entry = text.normalise(shown).strip()
        problem = entry_problem(entry, shown)
        if problem:
            result.problems.append(problem)
        elif entry not in seen:
            seen.add(entry)
            result.entries.append(entry)
    if not result.problems and not result.entries:
        result.problems.append(_("Write at least one word or word part for the topic."))
    if len(result.entries) > MAX_ENTRIES:
        result.problems.append(
            _("A topic has at most %(max)s words; split it into two topics.", max=MAX_ENTRIES)
        )
    return result


def entry_problem(entry: str, shown: str) -> str | None:
    """Why an entry (normalised) cannot be stored, in words about it as typed (shown)."""
    if _SPACE.search(shown):
        return _("“%(entry)s” has a space: write one word or word part on each line.", entry=shown)
    if entry in text.SHORT_WORDS:
        return None
    if not _LETTERS.fullmatch(entry):
        return _(
            "“%(entry)s” has a digit or a sign: an entry is letters only (a–z, å, ä, ö).",
            entry=shown,
        )
    if len(entry) < MIN_LETTERS:
        return _(
            "“%(entry)s” is too short: an entry has at least %(min)s letters "
            "(of shorter ones only %(short)s).",
            entry=shown,
            min=MIN_LETTERS,
            short=", ".join(sorted(word for word in text.SHORT_WORDS if len(word) < MIN_LETTERS)),
        )
    if len(entry) > MAX_LETTERS:
        return _(
            "“%(entry)s” is too long: an entry has at most %(max)s letters.",
            entry=shown[: MAX_LETTERS + 3] + "…",
            max=MAX_LETTERS,
        )
    return None


def clean_name(typed: str) -> str:
    """A topic's name as stored: spaces made single, at the ends none."""
    return _SPACE.sub(" ", typed or "").strip()


def name_problem(name: str) -> str | None:
    if not NAME_MIN <= len(name) <= NAME_MAX:
        return _(
            "Give the topic a name of %(min)s to %(max)s characters.", min=NAME_MIN, max=NAME_MAX
        )
    return None


def as_text(words: list[str]) -> str:
    """Entries as the form's text area shows them: one a line."""
    return "\n".join(words)
