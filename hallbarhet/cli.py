"""Commands for the flask CLI: demo data and accounts."""

import click
from flask import Flask


def init_app(app: Flask) -> None:
    @app.cli.command("seed-demo")
    def seed_demo():
        """Load the demo municipality (does nothing to data that is already there)."""
        from .demo import seed

        created = seed()
        click.echo("Demo data loaded." if created else "Demo data was already there.")
