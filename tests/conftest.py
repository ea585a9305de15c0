import os
import shutil
from pathlib import Path

import pytest
from flask import g
from flask.testing import FlaskClient
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.pool import NullPool

from hallbarhet import create_app
from hallbarhet.extensions import db
from tests.factories import make_world

PG_URL = os.environ.get("TEST_DATABASE_URL", "")
IN_CI = os.environ.get("CI", "").lower() == "true"
# "gw0", "gw1", ... under pytest-xdist; "master" in a plain run.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "master")
# The same for every worker of one run and different between runs, so that two runs at the
# same time on one database (two checkouts of a developer's) keep out of each other's schemas.
RUN = os.environ.get("PYTEST_XDIST_TESTRUNUID", "")[:8]


def pytest_report_header(config):
    if PG_URL:
        return "databases: SQLite and PostgreSQL (TEST_DATABASE_URL)"
    return "databases: SQLite only; PostgreSQL runs are skipped: TEST_DATABASE_URL is not set"


def pytest_terminal_summary(terminalreporter):
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if "postgresql" in r.nodeid]
    if skipped:
        terminalreporter.write_line(
            f"{len(skipped)} PostgreSQL runs skipped: TEST_DATABASE_URL is not set "
            "(CI sets it and runs them)."
        )


def _base_config(uri: str) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": uri,
        "WTF_CSRF_ENABLED": False,
        "SERVER_NAME": "localhost",
        # High enough that only the tests of the limits themselves reach them.
        "LOGIN_LIMIT_PER_ADDRESS": "1000 per minute",
        "LOGIN_LIMIT_PER_ACCOUNT": "1000 per minute",
        "PASSWORD_RESET_LIMIT_PER_ADDRESS": "1000 per minute",
    }


def worker_schema(worker: str = WORKER) -> str | None:
    """The PostgreSQL schema of an xdist worker: workers share the database and each one
    truncates every table after each test, so each needs tables of its own."""
    return None if worker == "master" else f"test_{RUN}_{worker}"


def worker_url(url: str = PG_URL, worker: str = WORKER) -> str:
    """url with the worker's schema as the only one on the search path, so that everything
    connecting through it (the app, threads, migrations and their alembic_version) lands
    there; a plain run uses url as it is."""
    schema = worker_schema(worker)
    if schema is None:
        return url
    parsed = make_url(url)
    options = " ".join(filter(None, [parsed.query.get("options"), f"-csearch_path={schema}"]))
    return parsed.update_query_dict({"options": options}).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def _pg_schema():
    """Create the tables on PostgreSQL once per run (per worker); tests then truncate."""
    schema = worker_schema()
    if schema is None:
        yield from _tables(PG_URL)
        return
    engine = create_engine(PG_URL, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    with engine.connect() as claim:
        # The lock lasts as long as this connection, also when the worker is killed: while
        # it is held, no other run takes the schema for one left behind.
        claim.execute(text("SELECT pg_advisory_lock(hashtext(:name))"), {"name": schema})
        _drop_abandoned_schemas(claim)
        claim.execute(text(f'CREATE SCHEMA "{schema}"'))
        try:
            yield from _tables(worker_url())
        finally:
            claim.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


def _tables(url: str, keep: Path | None = None):
    """Create the tables at url for the run; yield keep (the database's file, if it is one)."""
    app = create_app(_base_config(url))
    with app.app_context():
        db.drop_all()
        db.create_all()
        db.engine.dispose()
        yield keep
        db.drop_all()
        db.engine.dispose()


def _drop_abandoned_schemas(claim) -> None:
    """Drop the worker schemas of runs that were killed before they could drop their own."""
    names = claim.scalars(
        text("SELECT nspname FROM pg_namespace WHERE nspname LIKE :pattern"),
        {"pattern": r"test\_%\_gw%"},
    ).all()
    for name in names:
        if claim.scalar(text("SELECT pg_try_advisory_lock(hashtext(:name))"), {"name": name}):
            claim.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
            claim.execute(text("SELECT pg_advisory_unlock(hashtext(:name))"), {"name": name})


@pytest.fixture(scope="session")
def _sqlite_schema(tmp_path_factory) -> Path:
    """An SQLite database with the tables, made once per run (per worker): each test starts
    from a copy of the file, which costs a fraction of creating the tables again."""
    path = tmp_path_factory.mktemp("schema") / "schema.sqlite"
    yield from _tables("sqlite:///" + str(path), keep=path)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        path = tmp_path / "test.sqlite"
        shutil.copyfile(request.getfixturevalue("_sqlite_schema"), path)
        return "sqlite:///" + str(path)
    if not PG_URL:
        if IN_CI:
            pytest.fail("CI=true but TEST_DATABASE_URL is not set: PostgreSQL must be tested")
        pytest.skip("PostgreSQL: TEST_DATABASE_URL is not set")
    request.getfixturevalue("_pg_schema")
    return worker_url()


@pytest.fixture
def app(database_url, request, tmp_path):
    # Mails a test sends after a response go to its own folder, not the instance's outbox.
    config = _base_config(database_url) | {"MAIL_OUTBOX_DIR": str(tmp_path / "outbox")}
    app = create_app(config | getattr(request, "param", {}))
    app.test_client_class = Client
    with app.app_context():
        yield app
        db.session.remove()
        if not database_url.startswith("sqlite"):
            tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            with db.engine.begin() as connection:
                connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        db.engine.dispose()


class Client(FlaskClient):
    """A test client whose every request starts with a fresh `g`, as in a served app.

    The `app` fixture keeps an app context pushed for the test (for db.session), and a
    request would otherwise reuse it, leaking the signed-in user, the locale and the
    CSRF token from one request into the next."""

    def open(self, *args, **kwargs):
        g.__dict__.clear()
        return super().open(*args, **kwargs)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def world(app):
    return make_world()


@pytest.fixture
def login_as(client, world):
    """Sign the test client in as one of the world's people: login_as("coordinator").

    Pass lang="en" to see the pages in English (Swedish is the default)."""

    def login(name: str, lang: str | None = None):
        user = getattr(world, name)
        if lang is not None:
            user.language = lang
            db.session.commit()
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        return user

    return login
