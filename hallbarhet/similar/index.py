"""The candidate index: each question's terms in issue_term, kept up to date on flush, and
the one query that proposes candidates for a lookup. A question's topic terms come from its
network's thesaurus; how the index follows a change of a thesaurus is follow.py's."""

from functools import cache, lru_cache
from typing import Any

from sqlalchemy import (
    BindParameter,
    Integer,
    Row,
    String,
    TextualSelect,
    bindparam,
    delete,
    event,
    func,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from ..models import Issue, IssueStatus, IssueTerm, Network, Thesaurus
from . import ranking
from . import text as wording
from .text import TopicMatcher
from .thesaurus import store

# Each term proposes at most this many questions (the newest that have it), so that a
# word every question shares costs as little as a rare one; rare terms propose them all.
PER_TERM = 300
# Questions handed to the ranking.
CANDIDATES = 60
# Terms a lookup asks for at most; a long text keeps its title's and its topics first.
MAX_TERMS = 40
# A topic or a word counts more than one shared three-letter piece in proposing.
TERM_WEIGHTS = {"c": 8, "s": 4, "t": 1}
TERM_CHARS = 64
# Questions nobody is shown as similar.
HIDDEN = (IssueStatus.WITHDRAWN, IssueStatus.MERGED)
_INDEXED = ("title", "description", "work_area_id", "goals", "network_id")
# What a question's terms are made from, as the index reads it.
COLUMNS = (
    Issue.id,
    Issue.network_id,
    Issue.title,
    Issue.description,
    Issue.work_area_id,
    Issue.goals,
)


def issue_profile(issue, topics: TopicMatcher) -> ranking.Profile:
    """A question (an object with its wording, work area and goals) in a thesaurus: its
    network's (store.current().of(issue.network_id))."""
    goals = tuple(issue.goals or ())
    return _profile(issue.title, issue.description or "", issue.work_area_id, goals, topics)


# Keyed by the wording itself and the thesaurus (a new one for each version), so that an
# edited question or thesaurus never gives an old profile.
@lru_cache(maxsize=20000)
def _profile(
    title: str, description: str, work_area_id, goals: tuple, topics: TopicMatcher
) -> ranking.Profile:
    return ranking.profile(title, description, work_area_id, goals, topics)


def terms(profile: ranking.Profile) -> list[str]:
    """The index terms of a question or a query, most telling first."""
    concepts = sorted(profile.concepts, key=lambda c: (-profile.concepts[c], c))
    stems = sorted(profile.stems, key=lambda s: (-profile.stems[s], s))
    found = [f"c:{c}" for c in concepts] + [f"s:{s}" for s in stems]
    found += [f"t:{t}" for t in sorted(profile.trigrams)]
    return list(dict.fromkeys(term[:TERM_CHARS] for term in found))


def concept_terms(issue, topics: TopicMatcher) -> set[str]:
    """The topic terms alone of a question (as terms() gives them), in a thesaurus."""
    title = (issue.title or "")[: wording.MAX_QUERY_CHARS]
    found = wording.concepts(title, topics) | wording.concepts(issue.description or "", topics)
    return {f"c:{concept}"[:TERM_CHARS] for concept in found}


def write_terms(connection, issues, thesauri: store.Thesauri | None = None) -> None:
    """Replace the terms of these questions (objects with id, network_id, title, ...)."""
    issues = list(issues)
    if not issues:
        return
    thesauri = thesauri or store.current(connection)
    connection.execute(delete(IssueTerm).where(IssueTerm.issue_id.in_([i.id for i in issues])))
    rows = [
        {"issue_id": issue.id, "term": term}
        for issue in issues
        for term in terms(issue_profile(issue, thesauri.of(issue.network_id)))
    ]
    if rows:
        connection.execute(insert(IssueTerm), rows)


@event.listens_for(Session, "after_flush")
def _keep_terms(session: Session, _context) -> None:
    """New questions, and questions whose wording, work area or goals changed, get their
    terms rewritten in the same transaction. A new network gets its starting thesaurus
    first, so that its first questions are indexed in it."""
    networks = [obj for obj in session.new if isinstance(obj, Network)]
    if networks:
        store.give_starting(session.connection(), networks)
    changed = [obj for obj in session.new if isinstance(obj, Issue)]
    for obj in session.dirty:
        if isinstance(obj, Issue) and _wording_changed(obj):
            changed.append(obj)
    if changed:
        write_terms(session.connection(), changed)


def _wording_changed(issue: Issue) -> bool:
    state = inspect(issue)
    return any(state.attrs[name].history.has_changes() for name in _INDEXED)


def reindex_all(session, batch: int = 1000) -> int:
    """Rebuild every question's terms (after a bulk load, or for data from before the
    index), each in its network's thesaurus as it is now, which the index then follows;
    returns the number of questions."""
    store.forget()
    thesauri = store.current(session.connection())
    session.execute(delete(IssueTerm))
    done = 0
    last = 0
    while True:
        rows = session.execute(
            select(*COLUMNS).where(Issue.id > last).order_by(Issue.id).limit(batch)
        ).all()
        if not rows:
            break
        write_terms(session.connection(), rows, thesauri)
        done += len(rows)
        last = rows[-1].id
    for network_id, version in thesauri.versions.items():
        session.execute(
            update(Thesaurus)
            .where(Thesaurus.network_id == network_id, Thesaurus.version == version)
            .values(indexed_version=version)
        )
    session.commit()
    return done


def candidates(session, query_terms: list[str], visible) -> list[Row]:
    """Up to CANDIDATES questions sharing the most (weighted) terms with the query, among
    those the `visible` condition on Issue allows, with the COLUMNS their profiles are made
    from; ties go to the newest."""
    query_terms = query_terms[:MAX_TERMS]
    if not query_terms:
        return []
    weights = [TERM_WEIGHTS.get(term[0], 1) for term in query_terms]
    if session.get_bind().dialect.name == "postgresql":
        proposed = _PROPOSED_POSTGRESQL.bindparams(
            terms=query_terms, weights=weights, per_term=PER_TERM
        )
    else:
        proposed = _proposed(query_terms, weights)
    return _ranked(session, proposed.subquery("proposed"), visible)


# Each term's newest questions on PostgreSQL: the terms and their weights as two arrays, so
# that the statement is one text whatever the number of terms (prepared once, never planned
# anew), and each term looked up in the index beside it (a lateral join: 18 % less than the
# union of one subquery a term, which PostgreSQL runs through a layer more for every row).
_PROPOSED_POSTGRESQL = (
    text(
        "SELECT p.issue_id, q.weight"
        " FROM unnest(CAST(:terms AS text[]), CAST(:weights AS integer[])) AS q(term, weight)"
        " CROSS JOIN LATERAL (SELECT issue_id FROM issue_term WHERE issue_term.term = q.term"
        " ORDER BY issue_id DESC LIMIT :per_term) AS p"
    )
    .bindparams(
        bindparam("terms", type_=ARRAY(String)),
        bindparam("weights", type_=ARRAY(Integer)),
        bindparam("per_term", type_=Integer),
    )
    .columns(issue_id=Integer, weight=Integer)
)


def _proposed(query_terms: list[str], weights: list[int]):
    """Each term's newest questions elsewhere (SQLite has no lateral join): a subquery a
    term, the terms and their weights bound."""
    values: dict[str, object] = {f"term{n}": term for n, term in enumerate(query_terms)}
    values |= {f"weight{number}": weight for number, weight in enumerate(weights)}
    return _union(len(query_terms)).bindparams(**values)


@cache
def _union(count: int) -> TextualSelect:
    """The union for so many terms, one statement for each number of terms. With the
    weights written into the text, or a term's type taken from its value (å, ä or ö make it
    another), it was another statement for nearly every question, each kept in
    SQLAlchemy's cache of compiled statements (up to 500 of them, with every part of each:
    400,000 objects and 230 MB at 100,000 questions, which the garbage collector walked for
    up to 230 ms at a time). Written as text: the same statement built from SQLAlchemy
    subqueries cost more to construct than to run. Only numbers of this module's own are
    formatted in, so there is nothing to inject (hence the nosec)."""
    parts = [
        f"SELECT issue_id, :weight{number} AS weight FROM "  # noqa: S608  # nosec B608
        f"(SELECT issue_id FROM issue_term WHERE term = :term{number} "
        f"ORDER BY issue_id DESC LIMIT {PER_TERM:d}) AS p{number}"
        for number in range(count)
    ]
    # The types named: a value's own would make a term with å, ä or ö another statement.
    typed: list[BindParameter[Any]] = [
        bindparam(f"term{number}", type_=String()) for number in range(count)
    ]
    typed += [bindparam(f"weight{number}", type_=Integer()) for number in range(count)]
    return (
        text(" UNION ALL ".join(parts)).bindparams(*typed).columns(issue_id=Integer, weight=Integer)
    )


def _ranked(session, proposed, visible) -> list[Row]:
    """The visible questions among the proposed, most hits first (ties: the newest)."""
    # Summed before the join, so that only the proposed questions are looked up (by their
    # primary key) rather than every visible question joined to the proposals.
    hits = (
        select(proposed.c.issue_id, func.sum(proposed.c.weight).label("hits"))
        .group_by(proposed.c.issue_id)
        .subquery("hits")
    )
    statement = (
        select(*COLUMNS)
        .join(hits, hits.c.issue_id == Issue.id)
        .where(visible, Issue.status.not_in(HIDDEN))
        .order_by(hits.c.hits.desc(), Issue.id.desc())
        .limit(CANDIDATES)
    )
    return list(session.execute(statement))
