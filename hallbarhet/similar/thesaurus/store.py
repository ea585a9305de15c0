"""The networks' thesauri as the database holds them, kept in each app process.

A network's thesaurus is read once per version (Thesaurus.version, which every change to it
raises) and kept as a text.TopicMatcher, which keeps the topics of each word it has met.
Which versions are current is asked once per request, one query of a row per network, and
kept on flask.g for the rest of the request: a change saved on one app server is seen by
every other at its next request, and nothing has to tell them. (A time to live instead
would save that query, but leave the servers disagreeing for as long as it lasts.)

Outside a request (a command, a test), g is the app context's, so a command sees the
thesauri as they were when it first asked; follow_thesaurus reads its network's anew."""

import threading
from dataclasses import dataclass
from typing import cast

from flask import current_app, g, has_app_context
from sqlalchemy import Table, insert, select

from ...extensions import db
from ...models import Thesaurus, ThesaurusEntry, ThesaurusTopic
from .. import text
from . import starting_topics

EMPTY = text.TopicMatcher({})
_G_KEY = "similar_thesauri"
_APP_KEY = "hallbarhet.similar.thesauri"


@dataclass(frozen=True)
class Thesauri:
    """Every network's thesaurus as of one moment."""

    versions: dict[int, int]
    matchers: dict[int, text.TopicMatcher]
    everything: text.TopicMatcher

    def of(self, network_id: int | None) -> text.TopicMatcher:
        """The thesaurus of the network's questions; for wording in no network (a search
        that names none), every network's at once."""
        if network_id is None:
            return self.everything
        return self.matchers.get(network_id, EMPTY)


class _Kept:
    """What one app process keeps: each network's matcher with its version, and the union."""

    def __init__(self):
        self.lock = threading.Lock()
        self.matchers: dict[int, tuple[int, text.TopicMatcher]] = {}
        self.everything: tuple[tuple, text.TopicMatcher] | None = None


def current(connection=None) -> Thesauri:
    """The thesauri as of this request (asked for once in it)."""
    found = g.get(_G_KEY) if has_app_context() else None
    if found is not None:
        return found
    connection = connection if connection is not None else db.session.connection()
    versions = dict(connection.execute(select(Thesaurus.network_id, Thesaurus.version)).all())
    kept = _kept()
    with kept.lock:
        changed = [
            network_id
            for network_id, version in versions.items()
            if kept.matchers.get(network_id, (None, None))[0] != version
        ]
        if changed:
            topics = _topics(connection, changed)
            for network_id in changed:
                matcher = text.TopicMatcher(topics.get(network_id, {}))
                kept.matchers[network_id] = (versions[network_id], matcher)
        key = tuple(sorted(versions.items()))
        if kept.everything is None or kept.everything[0] != key:
            union = text.TopicMatcher.union(kept.matchers[n][1] for n in sorted(versions))
            kept.everything = (key, union)
        found = Thesauri(
            versions,
            {network_id: kept.matchers[network_id][1] for network_id in versions},
            kept.everything[1],
        )
    if has_app_context():
        g.setdefault(_G_KEY, found)
    return found


def forget() -> None:
    """After a change in this request: the next question asks the database again."""
    if has_app_context():
        g.pop(_G_KEY, None)


def read(connection, network_id: int) -> tuple[int, text.TopicMatcher] | None:
    """One network's version and thesaurus, read now (not from what the process keeps)."""
    version = connection.scalar(select(Thesaurus.version).where(Thesaurus.network_id == network_id))
    if version is None:
        return None
    return version, text.TopicMatcher(_topics(connection, [network_id]).get(network_id, {}))


def topics_of(network_id: int) -> dict[str, tuple[str, ...]]:
    """The network's topics and their entries as the database holds them now."""
    return _topics(db.session.connection(), [network_id]).get(network_id, {})


def _topics(connection, network_ids) -> dict[int, dict[str, tuple[str, ...]]]:
    rows = connection.execute(
        select(ThesaurusTopic.network_id, ThesaurusTopic.name, ThesaurusEntry.word)
        .join(ThesaurusEntry, ThesaurusEntry.topic_id == ThesaurusTopic.id)
        .where(ThesaurusTopic.network_id.in_(list(network_ids)))
        .order_by(ThesaurusTopic.network_id, ThesaurusTopic.id, ThesaurusEntry.word)
    )
    found: dict[int, dict[str, list[str]]] = {}
    for network_id, name, word in rows:
        found.setdefault(network_id, {}).setdefault(name, []).append(word)
    return {
        network_id: {name: tuple(words) for name, words in topics.items()}
        for network_id, topics in found.items()
    }


def give_starting(connection, networks) -> None:
    """Give networks (with id and dimension) that have no thesaurus yet the starting one of
    their dimension (thesaurus/__init__.py), as a new network gets it."""
    networks = list(networks)
    if not networks:
        return
    have = set(
        connection.scalars(
            select(Thesaurus.network_id).where(Thesaurus.network_id.in_([n.id for n in networks]))
        )
    )
    networks = [network for network in networks if network.id not in have]
    if not networks:
        return
    connection.execute(
        insert(cast(Table, Thesaurus.__table__)), [{"network_id": n.id} for n in networks]
    )
    topics = [
        {"network_id": network.id, "name": name}
        for network in networks
        for name in starting_topics(network.dimension)
    ]
    if not topics:
        forget()
        return
    connection.execute(insert(cast(Table, ThesaurusTopic.__table__)), topics)
    ids = {
        (network_id, name): topic_id
        for topic_id, network_id, name in connection.execute(
            select(ThesaurusTopic.id, ThesaurusTopic.network_id, ThesaurusTopic.name).where(
                ThesaurusTopic.network_id.in_([n.id for n in networks])
            )
        )
    }
    connection.execute(
        insert(cast(Table, ThesaurusEntry.__table__)),
        [
            {"topic_id": ids[(network.id, name)], "word": word}
            for network in networks
            for name, words in starting_topics(network.dimension).items()
            for word in dict.fromkeys(words)
        ],
    )
    forget()


def _kept() -> _Kept:
    return current_app.extensions.setdefault(_APP_KEY, _Kept())
