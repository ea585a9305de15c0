"""The terms of each question that the similar-questions lookup finds candidates by."""

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model


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
