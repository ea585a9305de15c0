"""Backup and restore as README "Backup and restore" says: pg_dump of a database built by
the migrations, pg_restore into a fresh database, and the app reads it as it was."""

import os
import shutil
import subprocess
import uuid

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, func, make_url, select, text
from sqlalchemy.pool import NullPool

from hallbarhet import create_app
from hallbarhet.extensions import db
from hallbarhet.models import Event, Issue, User
from tests.conftest import IN_CI, PG_URL, _base_config
from tests.factories import make_issue, make_world


def _needs_postgresql():
    missing = [tool for tool in ("pg_dump", "pg_restore") if shutil.which(tool) is None]
    if PG_URL and not missing:
        return
    reason = "TEST_DATABASE_URL is not set" if not PG_URL else f"{', '.join(missing)} not found"
    if IN_CI:
        pytest.fail(f"CI=true but {reason}: backup and restore must be tested")
    pytest.skip(f"PostgreSQL backup: {reason}")


def libpq(url: str) -> str:
    """The address as pg_dump and pg_restore take it (no SQLAlchemy driver name)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture
def databases():
    """Two fresh, empty databases: the one backed up and the one restored into."""
    _needs_postgresql()
    admin = create_engine(PG_URL, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    names = [f"hb_backup_{uuid.uuid4().hex[:8]}", f"hb_restore_{uuid.uuid4().hex[:8]}"]
    with admin.connect() as connection:
        for name in names:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield [make_url(PG_URL).set(database=name).render_as_string(False) for name in names]
    finally:
        with admin.connect() as connection:
            for name in names:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_a_dump_restored_into_a_fresh_database_reads_as_it_was(databases, tmp_path):
    original, restored = databases
    app = create_app(_base_config(original))
    with app.app_context():
        upgrade()  # the schema as a real install has it: built by the migrations
        world = make_world()
        issue = make_issue(world.neh, world.representative, title="Laddplatser vid förskolor")
        db.session.commit()
        issue_id, user_id = issue.id, world.representative.get_id()
        counts = {
            model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in (User, Issue, Event)
        }
        head = db.session.scalar(text("SELECT version_num FROM alembic_version"))
        db.engine.dispose()

    dump = tmp_path / "hallbarhet.dump"
    env = {**os.environ, "PGCONNECT_TIMEOUT": "10"}
    subprocess.run(  # noqa: S603 (the tools found on PATH, our own arguments)
        [
            shutil.which("pg_dump"),
            "--format=custom",
            "--no-owner",
            f"--file={dump}",
            libpq(original),
        ],
        check=True,
        env=env,
        timeout=120,
    )
    subprocess.run(  # noqa: S603
        [
            shutil.which("pg_restore"),
            "--no-owner",
            "--exit-on-error",
            f"--dbname={libpq(restored)}",
            dump,
        ],
        check=True,
        env=env,
        timeout=120,
    )

    app = create_app(_base_config(restored))
    with app.app_context():
        assert db.session.scalar(text("SELECT version_num FROM alembic_version")) == head
        assert {
            model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in (User, Issue, Event)
        } == counts
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = user_id
        page = client.get(f"/issues/{issue_id}")
        assert page.status_code == 200
        assert "Laddplatser vid förskolor" in page.get_data(as_text=True)
        db.session.remove()
        db.engine.dispose()
