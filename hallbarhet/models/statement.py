"""The accessibility statement's parts that the municipality writes (the rest of the statement
is the product's own text): one row for the site, made by the first save."""

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from .base import UTCDateTime, enum_column
from .organisation import User

# The one statement's id: the site has one statement.
STATEMENT_ID = 1


class Compliance(enum.StrEnum):
    """How far the service complies with the law, in DIGG's three words."""

    FULL = "full"
    PARTIAL = "partial"
    NONE = "none"


class AssessmentMethod(enum.StrEnum):
    """How the municipality assessed the service (DIGG: utvärderingsmetod)."""

    SELF = "self"
    EXTERNAL = "external"


class AccessibilityStatement(Model):
    __table_args__ = (
        sa.CheckConstraint(f"id = {STATEMENT_ID}", name="ck_accessibility_statement_one_row"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Partly, until the municipality has reviewed the service itself: automated tests do
    # not find every problem.
    compliance: Mapped[Compliance] = mapped_column(
        enum_column(Compliance), default=Compliance.PARTIAL
    )
    # What is not accessible and why, in the municipality's words; the English page shows
    # the Swedish text when there is no English one.
    known_problems: Mapped[str] = mapped_column(sa.Text, default="")
    known_problems_en: Mapped[str] = mapped_column(sa.Text, default="")
    assessed_on: Mapped[date | None] = mapped_column()
    assessment_method: Mapped[AssessmentMethod] = mapped_column(
        enum_column(AssessmentMethod), default=AssessmentMethod.SELF
    )
    contact_email: Mapped[str] = mapped_column(sa.String(254), default="")
    contact_phone: Mapped[str] = mapped_column(sa.String(40), default="")
    # Working days within which a report or a request gets its answer.
    response_days: Mapped[int] = mapped_column(default=5)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("app_user.id", name="fk_accessibility_statement_updated_by")
    )
    version: Mapped[int] = mapped_column()

    updated_by: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @classmethod
    def initial(cls) -> "AccessibilityStatement":
        """The statement as the product ships it, before the municipality's first save
        (not added to the session): what the page shows until then."""
        return cls(
            id=STATEMENT_ID,
            compliance=Compliance.PARTIAL,
            known_problems="",
            known_problems_en="",
            assessed_on=None,
            assessment_method=AssessmentMethod.SELF,
            contact_email="",
            contact_phone="",
            response_days=5,
            updated_at=None,
            version=0,
        )
