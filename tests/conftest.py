import copy
import os

import pytest
from flask import g
from flask.testing import FlaskClient
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.pool import NullPool

from hallbarhet import create_app
from hallbarhet.extensions import cache, db, limiter
from tests.factories import make_world

PG_URL = os.environ.get("TEST_DATABASE_URL", "")
IN_CI = os.environ.get("CI", "").lower() == "true"
# "gw0", "gw1", ... under pytest-xdist; "master" in a plain run.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "master")
# The same for every worker of one run and different between runs, so that two runs at the
# same time on one database (two checkouts of a developer's) keep out of each other's schemas.
# A plain run has no run id of xdist's: its process id is unique among the runs going on.
RUN = os.environ.get("PYTEST_XDIST_TESTRUNUID", "")[:8] or f"p{os.getpid()}"


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


def pytest_collection_modifyitems(items):
    """The browser files first (in their order, each file's tests in theirs): each runs whole
    on one worker and takes up to minutes, so one started near the end kept a worker busy
    long after the other had run out of files."""
    items.sort(key=lambda item: not item.nodeid.startswith("tests/browser/"))


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


def worker_schema(worker: str = WORKER) -> str:
    """The PostgreSQL schema of an xdist worker (or of a plain run): workers and runs share
    the database and each one empties the tables after each test, so each needs its own."""
    return f"test_{RUN}_{worker}"


def worker_url(url: str = PG_URL, worker: str = WORKER) -> str:
    """url with the worker's schema as the only one on the search path, so that everything
    connecting through it (the app, threads, migrations and their alembic_version) lands
    there."""
    schema = worker_schema(worker)
    parsed = make_url(url)
    # A commit does not wait for the disk: a test database is never recovered after a crash,
    # and on a busy disk the waits were most of a PostgreSQL test's time.
    ours = [f"-csearch_path={schema}", "-csynchronous_commit=off"]
    options = " ".join(filter(None, [parsed.query.get("options"), *ours]))
    return parsed.update_query_dict({"options": options}).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def _pg_schema():
    """Create the tables on PostgreSQL once per run (per worker); each test empties them."""
    schema = worker_schema()
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


def _tables(url: str):
    """Create the tables at url for the run; yield url."""
    app = create_app(_base_config(url))
    with app.app_context():
        db.drop_all()
        db.create_all()
        db.engine.dispose()
        yield url
        db.drop_all()
        db.engine.dispose()


def _drop_abandoned_schemas(claim) -> None:
    """Drop the schemas of runs that were killed before they could drop their own."""
    names = claim.scalars(
        text("SELECT nspname FROM pg_namespace WHERE nspname LIKE :workers OR nspname LIKE :plain"),
        {"workers": r"test\_%\_gw%", "plain": r"test\_%\_master"},
    ).all()
    for name in names:
        if claim.scalar(text("SELECT pg_try_advisory_lock(hashtext(:name))"), {"name": name}):
            claim.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
            claim.execute(text("SELECT pg_advisory_unlock(hashtext(:name))"), {"name": name})


@pytest.fixture(scope="session")
def _sqlite_database(tmp_path_factory) -> str:
    """The worker's SQLite database with the tables, made once per run (per worker); each
    test empties it after itself."""
    yield from _tables("sqlite:///" + str(tmp_path_factory.mktemp("sqlite") / "test.sqlite"))


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request):
    if request.param == "sqlite":
        return request.getfixturevalue("_sqlite_database")
    if not PG_URL:
        if IN_CI:
            pytest.fail("CI=true but TEST_DATABASE_URL is not set: PostgreSQL must be tested")
        pytest.skip("PostgreSQL: TEST_DATABASE_URL is not set")
    request.getfixturevalue("_pg_schema")
    return worker_url()


@pytest.fixture(scope="session")
def _kept_apps():
    """The worker's apps with the fixture's settings, one per database, kept from test to
    test: making an app costs 45 ms (Werkzeug compiling the URL map), and a new one also
    compiles every template and SQL statement again."""
    apps: dict[str, KeptApp] = {}
    yield apps
    for kept in apps.values():
        with kept.app.app_context():
            db.engine.dispose()


class KeptApp:
    """An app kept for the next test, and what a test may change about it: the settings
    are put back, and an app changed in any other way is not kept."""

    def __init__(self, config: dict):
        self.app = create_app(config)
        self.config = copy.deepcopy(dict(self.app.config))
        self.extensions = set(self.app.extensions)
        self.shape = _shape(self.app)

    def reset(self, changes: dict) -> None:
        """The app as create_app made it, with changes to its settings."""
        self.app.config.clear()
        self.app.config.update(copy.deepcopy(self.config) | changes)
        # What the app keeps as it goes (the thesauri it has read) belongs to the test's
        # data, and a directory a test configured to the test.
        for name in set(self.app.extensions) - self.extensions:
            del self.app.extensions[name]
        with self.app.app_context():
            # New counters in new storage, as create_app gives, and no rendered fragment
            # of another test's rows (which have the same ids and versions).
            limiter.init_app(self.app)
            cache.clear()

    def unchanged(self) -> bool:
        return _shape(self.app) == self.shape


def _shape(app) -> tuple:
    """What a test could add to an app besides settings: routes, hooks, template names."""
    hooks = (
        app.before_request_funcs,
        app.after_request_funcs,
        app.teardown_request_funcs,
        app.template_context_processors,
    )
    return (
        len(app.view_functions),
        len(list(app.url_map.iter_rules())),
        tuple(sum(len(functions) for functions in hook.values()) for hook in hooks),
        len(app.teardown_appcontext_funcs),
        sorted(app.jinja_env.globals),
        sorted(app.jinja_env.filters),
    )


@pytest.fixture
def app(database_url, request, tmp_path, _kept_apps):
    """The app on the test's database, with nothing in it.

    Settings given as the fixture's parameter, or the mark own_app (a test that adds a
    route), make an app for the test alone; otherwise the test gets the worker's kept app,
    reset to the fixture's settings."""
    # Mails a test sends after a response go to its own folder, not the instance's outbox.
    per_test = {"MAIL_OUTBOX_DIR": str(tmp_path / "outbox")}
    settings = getattr(request, "param", None)
    own = settings is not None or request.node.get_closest_marker("own_app") is not None
    kept = None
    if own:
        app = create_app(_base_config(database_url) | per_test | (settings or {}))
    else:
        kept = _kept_apps.get(database_url)
        if kept is None:
            kept = _kept_apps[database_url] = KeptApp(_base_config(database_url))
        kept.reset(per_test)
        app = kept.app
    app.test_client_class = Client
    with app.app_context():
        yield app
        db.session.remove()
        _empty_tables()
        if own:
            db.engine.dispose()
    if kept is not None and not kept.unchanged():
        with app.app_context():
            db.engine.dispose()
        del _kept_apps[database_url]


def _empty_tables() -> None:
    """Empty the tables as in a new database: ids start from 1 again, and rows read without
    an ORDER BY come in the order they are written.

    SQLite: deleting the rows does that. PostgreSQL: the rows of the tables a test wrote
    are deleted and vacuumed away, which gives the tables back their storage; truncating
    every table instead cost 50 ms a test, and 300 ms on a busy disk. A table that vacuum
    could not empty (another transaction on the server still sees its old rows) is
    truncated."""
    tables = db.metadata.sorted_tables
    names = {"tables": [table.name for table in tables]}
    with db.engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            for table in reversed(tables):
                connection.execute(table.delete())
            return
        written = set(connection.scalars(WRITTEN, names))
        for table in reversed(tables):
            if table.name in written:
                connection.execute(table.delete())
        for sequence in connection.scalars(USED_SEQUENCES).all():
            connection.execute(text(f'ALTER SEQUENCE "{sequence}" RESTART'))
    if not written:
        return
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM " + ", ".join(f'"{name}"' for name in written)))
        left = connection.scalars(WRITTEN, names).all()
        if left:
            quoted = ", ".join(f'"{name}"' for name in left)
            connection.execute(text(f"TRUNCATE {quoted} CASCADE"))


# The worker's tables with storage: written since they were made, truncated or vacuumed.
WRITTEN = text(
    "SELECT relname FROM pg_class WHERE relnamespace = current_schema()::regnamespace"
    " AND relname = ANY(:tables) AND pg_relation_size(oid) > 0"
)
USED_SEQUENCES = text(
    "SELECT sequencename FROM pg_sequences"
    " WHERE schemaname = current_schema() AND last_value IS NOT NULL"
)


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
