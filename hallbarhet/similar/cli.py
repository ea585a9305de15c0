"""`flask --app hallbarhet reindex-similar`: rebuild the terms of every question; with
`--stale`, only follow the thesauri that changed (the deploy timer runs that every minute)."""

import click
from flask.cli import with_appcontext

from ..extensions import db
from .follow import follow_stale
from .index import reindex_all


@click.command("reindex-similar")
@click.option(
    "--stale",
    is_flag=True,
    help="Only derive the topics of the questions of networks whose thesaurus changed "
    "since their index last followed it (quick when none did).",
)
@with_appcontext
def reindex_similar(stale: bool) -> None:
    """Rebuild the similar-questions index from every question's wording."""
    if not stale:
        count = reindex_all(db.session)
        click.echo(f"Indexed {count} questions.")
        return
    followed = follow_stale(db.session)
    for network, done in followed:
        if done:
            click.echo(f"The similar questions of {network.slug} follow its thesaurus.")
        else:
            click.echo(f"The thesaurus of {network.slug} kept changing; left for the next run.")
