"""What a network's coordinators do with its thesaurus: add a topic, change its name or its
words, remove it. Each change is an Event about the network (before → after) in the
change's transaction, and raises the thesaurus's version, which every app server sees at
its next request; then the index follows (follow.py says when and how).

A topic is configuration, not a record: removing one deletes it, and its words stay in the
history. A topic's form carries the version it was rendered from, and a topic changed or
removed by someone else in between is refused (Conflict) rather than overwritten."""

import logging
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import flag_modified

from ... import access
from ...errors import Conflict, Invalid
from ...extensions import db
from ...models import Network, Thesaurus, ThesaurusEntry, ThesaurusTopic, User
from ...models.base import commit_or_conflict, refuses_cleanly, utcnow
from ...models.events import record
from .. import follow
from . import entries

TOPICS_MAX = 200
# What Event.from_value and to_value hold.
EVENT_VALUE_MAX = 200

logger = logging.getLogger(__name__)


class TopicRefused(Invalid):
    """Nothing was saved: the messages by the form field they belong beside."""

    def __init__(self, problems: dict[str, list[str]]):
        super().__init__(_("Nothing was saved. Correct the marked fields and send it again."))
        self.problems = problems


@dataclass
class Saved:
    """What a change did: the topic (None when removed), and whether the similar questions
    follow it already or will in the background."""

    topic: ThesaurusTopic | None
    name: str
    followed: bool
    changed: bool = True
    words: list[str] = field(default_factory=list)


def topics_of(network: Network) -> list[ThesaurusTopic]:
    """The network's topics with their words, in the order of their names."""
    found = db.session.scalars(
        select(ThesaurusTopic)
        .options(selectinload(ThesaurusTopic.entries))
        .where(ThesaurusTopic.network_id == network.id)
    ).all()
    return sorted(found, key=lambda topic: sort_key(topic.name))


def sort_key(name: str) -> str:
    """Swedish alphabetical order: å, ä, ö after z."""
    return name.lower().translate({ord("å"): "z\x01", ord("ä"): "z\x02", ord("ö"): "z\x03"})


@refuses_cleanly
def add_topic(user: User, network: Network, name: str, typed_words: str) -> Saved:
    access.require_coordinator(user, network.id)
    name = entries.clean_name(name)
    parsed = entries.parse(typed_words)
    problems = _problems(network, name, parsed)
    if len(_names(network)) >= TOPICS_MAX:
        problems.setdefault("name", []).append(
            _("A network has at most %(max)s topics.", max=TOPICS_MAX)
        )
    if problems:
        raise TopicRefused(problems)
    thesaurus = _thesaurus(network)
    topic = ThesaurusTopic(
        network_id=thesaurus.network_id,
        name=name,
        entries=[ThesaurusEntry(word=word) for word in parsed.entries],
    )
    db.session.add(topic)
    _raise_version(network)
    record(
        "thesaurus_topic_added",
        user,
        network=network,
        to_value=_short(_summary(name, parsed.entries)),
        message=_summary(name, parsed.entries),
    )
    _commit_or_taken(network, name)
    return Saved(topic, name, _follow(network), words=parsed.entries)


@refuses_cleanly
def change_topic(
    user: User,
    network: Network,
    topic_id: int,
    version: int | None,
    name: str,
    typed_words: str,
) -> Saved:
    """Give a topic its name and words as the form has them; an Event for each of the two
    that changed."""
    access.require_coordinator(user, network.id)
    topic = _current(network, topic_id, version)
    name = entries.clean_name(name)
    parsed = entries.parse(typed_words)
    problems = _problems(network, name, parsed, besides=topic)
    if problems:
        raise TopicRefused(problems)
    before_name, before_words = topic.name, topic.words
    after_words = sorted(parsed.entries)
    if (name, after_words) == (before_name, before_words):
        return Saved(topic, name, True, changed=False, words=before_words)
    if name != before_name:
        record(
            "thesaurus_topic_renamed",
            user,
            network=network,
            from_value=before_name,
            to_value=name,
        )
        topic.name = name
    if after_words != before_words:
        record(
            "thesaurus_words_changed",
            user,
            network=network,
            from_value=_short(", ".join(before_words)),
            to_value=_short(", ".join(after_words)),
            message=f"{name}: {_difference(before_words, after_words)}",
        )
        wanted = set(after_words)
        for entry in list(topic.entries):
            if entry.word not in wanted:
                topic.entries.remove(entry)
        for word in after_words:
            if word not in before_words:
                topic.entries.append(ThesaurusEntry(word=word))
        # The words are rows of their own: the topic's version moves on with them too.
        flag_modified(topic, "name")
    _raise_version(network)
    _commit_or_taken(network, name, topic)
    return Saved(topic, name, _follow(network), words=after_words)


@refuses_cleanly
def remove_topic(user: User, network: Network, topic_id: int, version: int | None) -> Saved:
    access.require_coordinator(user, network.id)
    topic = _current(network, topic_id, version)
    name, words = topic.name, topic.words
    record(
        "thesaurus_topic_removed",
        user,
        network=network,
        from_value=_short(_summary(name, words)),
        message=_summary(name, words),
    )
    db.session.delete(topic)
    _raise_version(network)
    commit_or_conflict(lambda: changed_first(network))
    return Saved(None, name, _follow(network), words=words)


def changed_first(network: Network, removed: bool = False) -> Conflict:
    if removed:
        message = _(
            "Someone else removed this topic while you had it open. The topics are here as "
            "they are now; add it again if it is still wanted."
        )
    else:
        message = _(
            "Someone else changed this topic while you had it open. Here it is as it is now; "
            "make your change again if it still applies."
        )
    return Conflict(message, current=network)


def _current(network: Network, topic_id: int, version: int | None) -> ThesaurusTopic:
    topic = db.session.scalar(
        select(ThesaurusTopic)
        .options(selectinload(ThesaurusTopic.entries))
        .where(ThesaurusTopic.id == topic_id, ThesaurusTopic.network_id == network.id)
    )
    if topic is None:
        raise changed_first(network, removed=True)
    if version is None or version != topic.version:
        raise changed_first(network)
    return topic


def _problems(
    network: Network, name: str, parsed: entries.Parsed, besides: ThesaurusTopic | None = None
) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    problem = entries.name_problem(name)
    if problem is None and name.lower() in _names(network, besides):
        problem = _("The network already has a topic named “%(name)s”.", name=name)
    if problem:
        problems["name"] = [problem]
    if parsed.problems:
        problems["words"] = parsed.problems
    return problems


def _names(network: Network, besides: ThesaurusTopic | None = None) -> set[str]:
    query = select(func.lower(ThesaurusTopic.name)).where(ThesaurusTopic.network_id == network.id)
    if besides is not None:
        query = query.where(ThesaurusTopic.id != besides.id)
    # func.lower leaves å, ä and ö as they are on SQLite: lower them here as well.
    return {name.lower() for name in db.session.scalars(query)}


def _thesaurus(network: Network) -> Thesaurus:
    """The network's thesaurus row (one made now for a network that somehow has none)."""
    thesaurus = db.session.get(Thesaurus, network.id)
    if thesaurus is None:
        thesaurus = Thesaurus(network_id=network.id, version=1, indexed_version=1)
        db.session.add(thesaurus)
        db.session.flush()
    return thesaurus


def _raise_version(network: Network) -> None:
    _thesaurus(network)
    db.session.execute(
        update(Thesaurus)
        .where(Thesaurus.network_id == network.id)
        .values(version=Thesaurus.version + 1, changed_at=utcnow())
    )


def _commit_or_taken(network: Network, name: str, topic: ThesaurusTopic | None = None) -> None:
    """Commit; a name another coordinator gave a topic at the same moment is refused."""
    try:
        commit_or_conflict(lambda: changed_first(network))
    except IntegrityError:
        db.session.rollback()
        raise TopicRefused(
            {"name": [_("The network already has a topic named “%(name)s”.", name=name)]}
        ) from None


def _follow(network: Network) -> bool:
    """After the commit: the index follows now, or in the background when the network is
    large or following fails (the change is saved either way)."""
    try:
        return follow.after_change(db.session, network.id)
    except SQLAlchemyError:
        logger.exception("The similar questions of %s did not follow at once", network.slug)
        db.session.rollback()
        return False


def _summary(name: str, words: list[str]) -> str:
    return f"{name}: {', '.join(words)}"


def _short(value: str) -> str:
    return value if len(value) <= EVENT_VALUE_MAX else value[: EVENT_VALUE_MAX - 1] + "…"


def _difference(before: list[str], after: list[str]) -> str:
    added = [word for word in after if word not in before]
    removed = [word for word in before if word not in after]
    parts = []
    if added:
        parts.append("+ " + ", ".join(added))
    if removed:
        parts.append("− " + ", ".join(removed))
    return "; ".join(parts)
