"""`flask --app hallbarhet reindex-similar`: rebuild the terms of every question."""

import click

from ..extensions import db
from . import bp
from .index import reindex_all


@bp.cli.command("reindex-similar")
def reindex_similar() -> None:
    """Rebuild the similar-questions index from every question's wording."""
    count = reindex_all(db.session)
    click.echo(f"Indexed {count} questions.")
