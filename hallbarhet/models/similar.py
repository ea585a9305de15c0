"""The similar questions: the terms of each question that a lookup finds candidates by, and
each network's thesaurus (its topics and the words that name them)."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from .base import UTCDateTime, utcnow


class IssueTerm(Model):
    """One term of a question: "s:<stem>", "t:<trigram>" or "c:<topic>" (similar/index.py).

    The primary key (term, issue_id) is the index a lookup reads: the questions that have a
    term, newest first."""

    __tablename__ = "issue_term"
    __table_args__ = (sa.Index("ix_issue_term_issue_id", "issue_id"),)

    term: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    issue_id: Mapped[int] = mapped_column(
        sa.ForeignKey("issue.id", ondelete="CASCADE"), primary_key=True
    )


class Thesaurus(Model):
    """A network's thesaurus as a whole: the counter every change to its topics raises.

    The app servers keep each network's thesaurus in memory and ask for the versions once
    per request (similar/thesaurus/store.py), so that a change is seen by all of them at
    their next request. indexed_version is the version the topic terms of the network's
    questions were derived from; below version, the index follows in the background
    (similar/index.py, follow_thesaurus)."""

    __tablename__ = "thesaurus"

    network_id: Mapped[int] = mapped_column(sa.ForeignKey("network.id"), primary_key=True)
    version: Mapped[int] = mapped_column(default=1)
    indexed_version: Mapped[int] = mapped_column(default=1)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ThesaurusTopic(Model):
    """A topic of a network's thesaurus, named as the similar questions show it."""

    __tablename__ = "thesaurus_topic"
    __table_args__ = (
        sa.UniqueConstraint("network_id", "name", name="uq_thesaurus_topic_network_id_name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(sa.ForeignKey("thesaurus.network_id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(60))
    version: Mapped[int] = mapped_column(default=1)

    entries: Mapped[list["ThesaurusEntry"]] = relationship(
        order_by="ThesaurusEntry.word", cascade="all, delete-orphan", passive_deletes=True
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def words(self) -> list[str]:
        return [entry.word for entry in self.entries]


class ThesaurusEntry(Model):
    """A word or word part that names its topic, normalised (similar/thesaurus/entries.py)."""

    __tablename__ = "thesaurus_entry"

    topic_id: Mapped[int] = mapped_column(
        sa.ForeignKey("thesaurus_topic.id", ondelete="CASCADE"), primary_key=True
    )
    word: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
