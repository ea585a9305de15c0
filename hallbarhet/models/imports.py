"""A file an administrator uploaded to import, kept between its preview and the
confirmation (admin.imports)."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model
from .base import UTCDateTime, utcnow


class StagedImport(Model):
    """The text of a checked file, under a random token that the preview's confirm form
    carries: the file itself is up to a megabyte, more than a form field may hold. Only
    the administrator who uploaded it confirms it; it goes once imported, and a day after
    it was uploaded (admin.imports.stage), since it holds staff's personal data."""

    token: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    created_by_id: Mapped[int] = mapped_column(
        sa.ForeignKey("app_user.id", name="fk_staged_import_created_by"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    filename: Mapped[str] = mapped_column(sa.String(200), default="")
    content: Mapped[str] = mapped_column(sa.Text)
