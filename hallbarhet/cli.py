"""Commands for the flask CLI: demo data, accounts and the similar-questions index (the mail
commands are mail's own)."""

import click
from flask import Flask, current_app
from sqlalchemy import select

from .auth.password_links import Purpose, link
from .auth.signin import normalise_email
from .demo import seed
from .extensions import db
from .models import Administration, Membership, Network, Role, User
from .models.events import record
from .similar.cli import reindex_similar


def init_app(app: Flask) -> None:
    app.cli.add_command(seed_demo)
    app.cli.add_command(create_user)
    app.cli.add_command(create_admin)
    app.cli.add_command(reindex_similar)


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Only when the database holds no network yet.")
def seed_demo(if_empty: bool) -> None:
    """Load the demo municipality; running it again changes nothing."""
    if seed(only_if_empty=if_empty):
        click.echo("Demo data loaded. Sign in as coordinator@example.org / demo-password.")
    else:
        click.echo("Demo data left as it was: the database already has data.")


@click.command("create-user")
@click.option("--email", required=True, help="Work e-mail, used to sign in.")
@click.option("--name", required=True, help="Full name.")
@click.option(
    "--administration",
    "administration_short",
    default=None,
    help="Short name of the administration, e.g. MF.",
)
@click.option(
    "--role",
    "roles",
    multiple=True,
    metavar="NETWORK:ROLE",
    help="e.g. neh:coordinator, nsh:representative or nsh:participant; repeatable.",
)
@click.option("--admin", is_flag=True, help="Global administrator.")
@click.option("--language", type=click.Choice(["sv", "en"]), default="sv")
@click.password_option(help="Asked for when not given.")
def create_user(email, name, administration_short, roles, admin, language, password) -> None:
    """Add a real account."""
    email = normalise_email(email)
    if db.session.scalar(select(User).where(User.email == email)) is not None:
        raise click.ClickException(f"An account for {email} already exists.")
    administration = None
    if administration_short:
        administration = db.session.scalar(
            select(Administration).where(Administration.short_name == administration_short)
        )
        if administration is None:
            raise click.ClickException(f"No administration with short name {administration_short}.")
        if not administration.active:
            raise click.ClickException(f"The administration {administration_short} is deactivated.")
    user = User(
        email=email, name=name, administration=administration, is_admin=admin, language=language
    )
    user.set_password(password)
    for spec in roles:
        slug, _, role_name = spec.partition(":")
        network = db.session.scalar(select(Network).where(Network.slug == slug.lower()))
        if network is None or role_name not in {r.value for r in Role}:
            raise click.ClickException(f"Unknown network or role in {spec!r}.")
        if Role(role_name) is Role.REPRESENTATIVE and administration is None:
            raise click.ClickException("A representative needs --administration.")
        user.memberships.append(Membership(network=network, role=Role(role_name)))
    db.session.add(user)
    db.session.commit()
    click.echo(f"Created {email}.")


@click.command("create-admin")
@click.option("--email", required=True, help="Work e-mail, used to sign in.")
@click.option("--name", required=True, help="Full name.")
@click.option("--language", type=click.Choice(["sv", "en"]), default="sv")
def create_admin(email: str, name: str, language: str) -> None:
    """Make an administrator (the first one on an empty database) and print a link, good
    once within 24 hours, where they choose their password. Asks nothing, so it also runs
    without a terminal. An existing account is made administrator and gets a new link.
    Where passwords are off (PASSWORD_SIGNIN), no link: they sign in with the directory,
    which finds the account by the address."""
    passwords = current_app.config["PASSWORD_SIGNIN"]
    has_address = current_app.config.get("BASE_URL") or current_app.config.get("SERVER_NAME")
    if passwords and not has_address:
        raise click.ClickException(
            "Set the site's public address first: HALLBARHET_BASE_URL, e.g. "
            "https://hallbarhet.kommun.se (the link to choose a password is built on it)."
        )
    email = normalise_email(email)
    if "@" not in email or len(email) > 254 or not name.strip():
        raise click.ClickException("Give a work e-mail address and a name.")
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        user = User(email=email, name=name.strip(), language=language, is_admin=True)
        db.session.add(user)
        record("account_created", None, person=user, to_value="admin")
        done = f"Created the administrator {email}."
    else:
        if not user.is_admin:
            user.is_admin = True
            record("admin_granted", None, person=user)
        if not user.active:
            user.active = True
            record("account_reactivated", None, person=user)
        done = f"{email} is an administrator."
    db.session.commit()
    click.echo(done)
    if not passwords:
        click.echo(f"They sign in with the municipality's directory as {email}.")
        return
    click.echo("Open this link within 24 hours to choose the password (it works once):")
    click.echo(link(user, Purpose.FIRST))
