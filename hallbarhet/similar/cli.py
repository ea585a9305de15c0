"""`flask --app hallbarhet reindex-similar`: rebuild the terms of every question."""

import click
from flask.cli import with_appcontext

from ..extensions import db
from .index import reindex_all


@click.command("reindex-similar")
@with_appcontext
def reindex_similar() -> None:
    """Rebuild the similar-questions index from every question's wording."""
    count = reindex_all(db.session)
    click.echo(f"Indexed {count} questions.")
