"""The index follows a change of a network's thesaurus: the topic terms ("c:…") of the
network's questions are derived anew from the thesaurus as it is now. Stems and trigrams do
not depend on it and stay.

Why partly in the background. Deriving the topics of 10,000 questions takes about a second
on a busy 2-core machine, those of 1,000 about a sixth of one (BENCHMARKS.md, "The
thesaurus in the database, per network"), and a request that saves must not wait seconds.
So a change only raises Thesaurus.version, in its own transaction; the network's index is
then stale (indexed_version below version), and:

- a network of at most AT_ONCE questions is followed at once, after the change's commit, in
  the request that saved it, so that in a municipality's first years (a few hundred
  questions a year) the coordinator sees the change's effect on the next page;
- a larger one is followed by `flask --app hallbarhet reindex-similar --stale`, which the
  deploy timer runs every minute (deploy/hallbarhet-similar.timer), and which does nothing
  when no network is stale.

Meanwhile the pages keep working on the old terms: the candidates come from the index as it
was, and the ranking reads each candidate's topics from its thesaurus as it is now, so a
removed topic stops counting at once and a new one counts as soon as its questions are
proposed.

The work goes in batches of BATCH questions, each its own short transaction that locks its
questions' rows (on PostgreSQL), so that a question edited meanwhile is written after the
batch, not mixed with it. A batch that finds the thesaurus changed again gives up, and the
next round starts over with the newer version; only a pass that saw one version throughout
marks the index as following it."""

from sqlalchemy import delete, func, insert, select, update

from ..models import Issue, IssueTerm, Network, Thesaurus
from . import index
from .thesaurus import store

AT_ONCE = 1000
BATCH = 500
# Rounds one call makes when the thesaurus keeps changing under it; then it is left stale
# for the next call.
ROUNDS = 3


def after_change(session, network_id: int) -> bool:
    """After a change to the network's thesaurus has been committed: follow it now when the
    network is small. Returns whether the index follows the thesaurus now."""
    store.forget()
    questions = session.scalar(
        select(func.count()).select_from(Issue).where(Issue.network_id == network_id)
    )
    if questions > AT_ONCE:
        return False
    return follow_thesaurus(session, network_id)


def is_stale(session, network_id: int) -> bool:
    state = session.execute(
        select(Thesaurus.version, Thesaurus.indexed_version).where(
            Thesaurus.network_id == network_id
        )
    ).one_or_none()
    return state is not None and state.indexed_version < state.version


def stale_networks(session) -> list[Network]:
    return list(
        session.scalars(
            select(Network)
            .join(Thesaurus, Thesaurus.network_id == Network.id)
            .where(Thesaurus.indexed_version < Thesaurus.version)
            .order_by(Network.id)
        )
    )


def follow_stale(session) -> list[tuple[Network, bool]]:
    """Follow every stale network's thesaurus: (network, whether it follows now)."""
    networks = stale_networks(session)
    session.commit()
    return [(network, follow_thesaurus(session, network.id)) for network in networks]


def follow_thesaurus(session, network_id: int, batch: int = BATCH) -> bool:
    """Bring the topic terms of the network's questions up to its thesaurus. Returns whether
    the index follows it now (False: it kept changing; the next call goes on)."""
    for _round in range(ROUNDS):
        read = store.read(session.connection(), network_id)
        indexed = session.scalar(
            select(Thesaurus.indexed_version).where(Thesaurus.network_id == network_id)
        )
        session.commit()
        if read is None:
            return True
        version, topics = read
        if indexed >= version:
            return True
        if not _derive(session, network_id, version, topics, batch):
            continue
        session.execute(
            update(Thesaurus)
            .where(
                Thesaurus.network_id == network_id,
                Thesaurus.version == version,
                Thesaurus.indexed_version < version,
            )
            .values(indexed_version=version)
        )
        session.commit()
    return not is_stale(session, network_id)


def _derive(session, network_id: int, version: int, topics, batch: int) -> bool:
    last = 0
    while True:
        rows = session.execute(
            select(*index.COLUMNS)
            .where(Issue.network_id == network_id, Issue.id > last)
            .order_by(Issue.id)
            .limit(batch)
            .with_for_update(of=Issue)
        ).all()
        if not rows:
            session.commit()
            return True
        now = session.scalar(select(Thesaurus.version).where(Thesaurus.network_id == network_id))
        if now != version:
            session.rollback()
            return False
        ids = [row.id for row in rows]
        wanted = {(row.id, term) for row in rows for term in index.concept_terms(row, topics)}
        have = set(
            session.execute(
                select(IssueTerm.issue_id, IssueTerm.term).where(
                    IssueTerm.issue_id.in_(ids), IssueTerm.term.startswith("c:")
                )
            ).all()
        )
        gone: dict[str, list[int]] = {}
        for issue_id, term in have - wanted:
            gone.setdefault(term, []).append(issue_id)
        for term, issue_ids in gone.items():
            session.execute(
                delete(IssueTerm).where(IssueTerm.term == term, IssueTerm.issue_id.in_(issue_ids))
            )
        added = wanted - have
        if added:
            session.execute(
                insert(IssueTerm), [{"issue_id": i, "term": term} for i, term in sorted(added)]
            )
        session.commit()
        last = ids[-1]
