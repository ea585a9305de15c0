"""The one ranking of similar questions: a weighted blend of five parts, over plain data.

The database only proposes candidates (index.py); this module orders them, so that SQLite
and PostgreSQL give the same list, and each part can be tested and measured on its own
(bench/similar_eval.py prints what each part adds).
"""

import math
from dataclasses import dataclass, field, replace

from . import text


@dataclass(frozen=True)
class Profile:
    """What the ranking knows of one question (or of what is being typed)."""

    stems: dict[str, float]  # stem -> weight: title words count double, planning words less
    trigrams: frozenset[str]  # of the title's stems
    concepts: dict[str, float]  # thesaurus topic -> weight, title topics double
    work_area_id: int | None = None
    goals: frozenset[int] = frozenset()
    # stem -> the word as written, to say which words two questions share
    surface: dict[str, str] = field(default_factory=dict, compare=False)


def profile(
    title: str,
    description: str = "",
    work_area_id=None,
    goals=(),
    topics: text.TopicMatcher = text.STARTING,
) -> Profile:
    """The question's wording, with its topics in the thesaurus `topics` (its network's)."""
    title = (title or "")[: text.MAX_QUERY_CHARS]
    description = description or ""
    stems: dict[str, float] = {}
    surface: dict[str, str] = {}
    concepts: dict[str, float] = {}
    for weight, part in ((2.0, title), (1.0, description)):
        for word in text.words(part):
            stem = text.stem(word)
            factor = 0.3 if stem in text.GENERIC_STEMS else 1.0
            stems[stem] = max(stems.get(stem, 0.0), weight * factor)
            surface.setdefault(stem, word)
            for concept in topics.word_concepts(word):
                concepts[concept] = max(concepts.get(concept, 0.0), weight)
    return Profile(
        stems=stems,
        trigrams=frozenset(text.trigrams(title)),
        concepts=concepts,
        work_area_id=work_area_id,
        goals=frozenset(int(goal) for goal in goals or ()),
        surface=surface,
    )


@dataclass(frozen=True)
class Weights:
    stems: float = 1.0
    trigrams: float = 0.8
    concepts: float = 0.9
    work_area: float = 0.2
    goals: float = 0.15
    # Below this a candidate is not shown: sharing one common word is not a topic.
    minimum: float = 0.12


WEIGHTS = Weights()


@dataclass(frozen=True)
class Match:
    issue_id: int
    score: float
    parts: dict[str, float]
    words: tuple[str, ...]  # shared words, as the candidate writes them
    topics: tuple[str, ...]  # shared thesaurus topics
    same_work_area: bool
    goals: tuple[int, ...]  # shared global goals


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    common = a.keys() & b.keys()
    if not common:
        return 0.0
    dot = sum(a[key] * b[key] for key in common)
    return dot / math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def parts(query: Profile, candidate: Profile) -> dict[str, float]:
    """Each part on its own, from 0 (nothing shared) to 1."""
    same_area = query.work_area_id is not None and query.work_area_id == candidate.work_area_id
    return {
        "stems": cosine(query.stems, candidate.stems),
        "trigrams": dice(query.trigrams, candidate.trigrams),
        "concepts": cosine(query.concepts, candidate.concepts),
        "work_area": 1.0 if same_area else 0.0,
        "goals": jaccard(query.goals, candidate.goals),
    }


def score(query: Profile, candidate: Profile, weights: Weights = WEIGHTS) -> tuple[float, dict]:
    """The blend. Work area and goals only add to questions that share some wording: on
    their own they say "same field", not "same question"."""
    found = parts(query, candidate)
    wording = (
        weights.stems * found["stems"]
        + weights.trigrams * found["trigrams"]
        + weights.concepts * found["concepts"]
    )
    context = weights.work_area * found["work_area"] + weights.goals * found["goals"]
    total = wording + context if wording > 0 else 0.0
    # Rounded so that the order never rests on the last bits of a float.
    return round(total, 9), found


def rank(
    query: Profile,
    candidates,
    weights: Weights = WEIGHTS,
    limit: int = 5,
) -> list[Match]:
    """The best `limit` of (issue_id, Profile) candidates, best first; ties by newest id."""
    scored = []
    for issue_id, candidate in candidates:
        total, found = score(query, candidate, weights)
        if total >= weights.minimum:
            scored.append((total, issue_id, candidate, found))
    scored.sort(key=lambda row: (-row[0], -row[1]))
    return [_match(query, *row) for row in scored[:limit]]


def _match(query: Profile, total, issue_id, candidate: Profile, found) -> Match:
    shared = sorted(
        query.stems.keys() & candidate.stems.keys(),
        key=lambda stem: (-candidate.stems[stem] * query.stems[stem], stem),
    )
    topics = sorted(
        query.concepts.keys() & candidate.concepts.keys(),
        key=lambda concept: (-candidate.concepts[concept] * query.concepts[concept], concept),
    )
    return Match(
        issue_id=issue_id,
        score=total,
        parts=found,
        words=tuple(candidate.surface.get(stem, stem) for stem in shared[:4]),
        topics=tuple(topics[:3]),
        same_work_area=found["work_area"] > 0,
        goals=tuple(sorted(query.goals & candidate.goals)),
    )


def only(**kept: float) -> Weights:
    """Weights with every part off but the ones named: only(stems=1.0)."""
    off = replace(WEIGHTS, stems=0.0, trigrams=0.0, concepts=0.0, work_area=0.0, goals=0.0)
    return replace(off, **kept)
