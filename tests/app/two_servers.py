"""Two app servers on one PostgreSQL and one Redis, as a municipality runs them behind a load
balancer, for tests/app/test_two_servers.py.

A run has a schema of its own in TEST_DATABASE_URL's database (migrated with `flask db
upgrade`, the demo loaded as `flask seed-demo` loads it), keys of its own in TEST_REDIS_URL's Redis
(the limiter's and the cache's, under one prefix), a mail server on loopback, two gunicorn
processes with the same settings, and mail workers when a test starts them. Everything is
stopped, dropped and deleted again however the test ends; a schema left by a killed run is
dropped by the next one, and Redis expires the keys of one by itself."""

import asyncio
import contextlib
import os
import re
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import requests
from aiosmtpd.controller import Controller
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.engine import Connection
from sqlalchemy.pool import NullPool

from bench.servers import free_port, stop_server, wait_healthy
from hallbarhet import create_app
from hallbarhet.demo import seed
from hallbarhet.extensions import db
from tests.mailbox import Recorder

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
PG_URL = os.environ.get("TEST_DATABASE_URL", "")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "")
IN_CI = os.environ.get("CI", "").lower() == "true"
SCHEMA_PREFIX = "two_servers_"
DEMO_PASSWORD = "demo-password"  # every demo account's (hallbarhet/demo)
# Failed sign-ins per account and password-link requests per address, low so that a few
# requests reach them.
SIGN_IN_LIMIT = 4
PASSWORD_LINK_LIMIT = 3


def require_services() -> None:
    """Skip when PostgreSQL or Redis is not there; in CI, where both must be, fail."""
    reason = _missing_service()
    if reason is None:
        return
    if IN_CI:
        pytest.fail(f"CI=true but {reason}: the two-server test must run", pytrace=False)
    pytest.skip(reason)


def _missing_service() -> str | None:
    if not PG_URL.startswith("postgresql"):
        return "two app servers need PostgreSQL: TEST_DATABASE_URL is not set"
    if not REDIS_URL:
        return "two app servers need Redis: TEST_REDIS_URL is not set"
    try:
        import redis
    except ImportError:
        return "Redis's client is not installed (pip install -e '.[test]')"
    try:
        engine = create_engine(PG_URL, poolclass=NullPool, connect_args={"connect_timeout": 3})
        with engine.connect():
            pass
    except Exception as error:  # noqa: BLE001 - said in the reason
        return f"PostgreSQL at TEST_DATABASE_URL does not answer ({type(error).__name__})"
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        return f"Redis at TEST_REDIS_URL does not answer ({type(error).__name__})"
    return None


class SlowRecorder(Recorder):
    """The test's mail server: takes a moment over each mail, as a real one does, so that
    two mail workers are at the outbox at the same time."""

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(0.05)
        return await super().handle_DATA(server, session, envelope)


class Cluster:
    """The two servers and what they share; start() brings them up, stop() takes it all down."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.token = uuid.uuid4().hex[:12]
        self.schema = SCHEMA_PREFIX + self.token
        parsed = make_url(PG_URL)
        options = " ".join(
            filter(None, [parsed.query.get("options"), f"-csearch_path={self.schema}"])
        )
        self.database_url = parsed.update_query_dict({"options": options}).render_as_string(
            hide_password=False
        )
        self.secret = uuid.uuid4().hex
        self.ports = [free_port(), free_port()]
        self.urls = [f"http://{HOST}:{port}" for port in self.ports]
        self.servers: list[subprocess.Popen] = []
        self.workers: list[tuple[subprocess.Popen, Path]] = []
        self.mail = SlowRecorder()
        self._smtp: Controller | None = None
        self._claim: Connection | None = None
        self._engine = create_engine(PG_URL, poolclass=NullPool, isolation_level="AUTOCOMMIT")
        # The test's own view of the database, for what it sets up and checks.
        self.app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": self.secret,
                "SQLALCHEMY_DATABASE_URI": self.database_url,
                "BASE_URL": f"http://{HOST}",
            }
        )

    @property
    def env(self) -> dict[str, str]:
        """The settings of both servers and of the mail workers: one database, one Redis,
        one secret key, one site address (the load balancer's)."""
        assert self._smtp is not None  # started first
        return {
            **os.environ,
            "HALLBARHET_SECRET_KEY": self.secret,
            "HALLBARHET_BASE_URL": f"http://{HOST}",
            "HALLBARHET_SESSION_COOKIE_SECURE": "false",
            "HALLBARHET_SQLALCHEMY_DATABASE_URI": self.database_url,
            "HALLBARHET_RATELIMIT_STORAGE_URI": REDIS_URL,
            "HALLBARHET_RATELIMIT_KEY_PREFIX": f"hallbarhet-{self.token}",
            "HALLBARHET_CACHE_TYPE": "RedisCache",
            "HALLBARHET_CACHE_REDIS_URL": REDIS_URL,
            "HALLBARHET_CACHE_KEY_PREFIX": f"hallbarhet-{self.token}:",
            "HALLBARHET_LOGIN_LIMIT_PER_ACCOUNT": f"{SIGN_IN_LIMIT} per minute",
            "HALLBARHET_PASSWORD_RESET_LIMIT_PER_ADDRESS": f"{PASSWORD_LINK_LIMIT} per minute",
            "HALLBARHET_MAIL_BACKEND": "smtp",
            "HALLBARHET_MAIL_SERVER": HOST,
            "HALLBARHET_MAIL_PORT": str(self._smtp.port),
            "HALLBARHET_MAIL_WORKER_INTERVAL": "0.2",
        }

    def start(self) -> None:
        self._smtp = Controller(self.mail, hostname=HOST, port=free_port())
        self._smtp.start()
        self._claim = self._engine.connect()
        # Held as long as this connection, also when the run is killed: while it is, no
        # other run drops the schema as one left behind.
        self._claim.execute(text("SELECT pg_advisory_lock(hashtext(:name))"), {"name": self.schema})
        _drop_abandoned_schemas(self._claim)
        self._claim.execute(text(f'CREATE SCHEMA "{self.schema}"'))
        self.flask("db", "upgrade")
        for number, port in enumerate(self.ports):
            log = open(self.folder / f"server-{number}.log", "w")  # noqa: SIM115 - the server's
            command = [
                sys.executable,
                "-m",
                "gunicorn",
                # As deployed (README "Installing"), with one worker each.
                "-c",
                str(ROOT / "deploy" / "gunicorn.conf.py"),
                "-w",
                "1",
                "-b",
                f"{HOST}:{port}",
                "--chdir",
                str(ROOT),
                "hallbarhet:create_app()",
            ]
            self.servers.append(
                subprocess.Popen(command, env=self.env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
            )
            log.close()
        # While the servers start: the demo municipality, as `flask seed-demo` loads it.
        with self.app.app_context():
            assert seed()
        for number, (server, port) in enumerate(zip(self.servers, self.ports, strict=True)):
            try:
                wait_healthy(server, port)
            except RuntimeError as error:
                raise RuntimeError(f"{error}: {self.log(f'server-{number}.log')}") from error

    def flask(self, *arguments: str) -> None:
        done = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "flask", "--app", "hallbarhet", *arguments],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, f"flask {' '.join(arguments)}: {done.stderr[-3000:]}"

    def start_mail_workers(self, count: int) -> None:
        """Mail workers (`flask mail-worker`, as deploy/hallbarhet-mail.service runs it) that
        take two mails at a time, each running once it has said so."""
        for number in range(count):
            path = self.folder / f"mail-worker-{number}.log"
            with open(path, "w") as log:
                worker = subprocess.Popen(  # noqa: S603
                    [sys.executable, "-m", "flask", "--app", "hallbarhet", "mail-worker"]
                    + ["--limit", "2"],
                    cwd=ROOT,
                    env=self.env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            self.workers.append((worker, path))
        for worker, path in self.workers:
            while "Mail worker started" not in path.read_text():
                assert worker.poll() is None, f"a mail worker stopped: {path.read_text()[-3000:]}"
                with contextlib.suppress(subprocess.TimeoutExpired):
                    worker.wait(timeout=0.1)  # a pause, ended early if it stops

    def stop_mail_workers(self) -> list[int]:
        """SIGTERM: each finishes the mail it is sending and exits. How many each sent."""
        sent = []
        for worker, path in self.workers:
            _stop(worker)
            found = re.search(r"Mail worker stopped: sent (\d+)", path.read_text())
            assert found, f"a mail worker did not stop cleanly: {path.read_text()[-3000:]}"
            sent.append(int(found.group(1)))
        self.workers = []
        return sent

    def log(self, name: str) -> str:
        path = self.folder / name
        return path.read_text()[-3000:] if path.exists() else ""

    def stop(self) -> None:
        """Every process stopped, the schema dropped and the keys deleted, each step also
        when one before it failed."""
        steps = [
            *(lambda worker=worker: _stop(worker) for worker, _path in self.workers),
            *(lambda server=server: stop_server(server) for server in self.servers),
            lambda: self._smtp is not None and self._smtp.stop(),
            self._delete_redis_keys,
            self._drop_schema,
        ]
        errors = []
        for step in steps:
            try:
                step()
            except Exception as error:  # noqa: BLE001 - raised after the other steps
                errors.append(error)
        if errors:
            raise errors[0]

    def _drop_schema(self) -> None:
        with self.app.app_context():
            db.engine.dispose()
        if self._claim is not None:
            self._claim.execute(text(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE'))
            self._claim.close()
        self._engine.dispose()

    def redis_keys(self) -> list[str]:
        import redis

        client = redis.Redis.from_url(REDIS_URL)
        return [key.decode() for key in client.scan_iter(match=f"*{self.token}*")]

    def _delete_redis_keys(self) -> None:
        import redis

        client = redis.Redis.from_url(REDIS_URL)
        keys = list(client.scan_iter(match=f"*{self.token}*"))
        if keys:
            client.delete(*keys)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _drop_abandoned_schemas(claim: Connection) -> None:
    names = claim.scalars(
        text("SELECT nspname FROM pg_namespace WHERE nspname LIKE :pattern"),
        {"pattern": SCHEMA_PREFIX.replace("_", r"\_") + "%"},
    ).all()
    for name in names:
        if claim.scalar(text("SELECT pg_try_advisory_lock(hashtext(:name))"), {"name": name}):
            claim.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
            claim.execute(text("SELECT pg_advisory_unlock(hashtext(:name))"), {"name": name})


_CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)">')


class Browser:
    """One person's browser behind the load balancer: its cookies go to both servers (a
    cookie is the host's, whatever the port), and each request names the server it goes to.
    The CSRF token a form sends is the one the last page from that server carried."""

    def __init__(self, cluster: Cluster):
        self.urls = cluster.urls
        self.session = requests.Session()
        self.tokens: dict[int, str] = {}

    def get(self, server: int, path: str, **kwargs) -> requests.Response:
        kwargs.setdefault("allow_redirects", False)
        response = self.session.get(self.urls[server] + path, timeout=30, **kwargs)
        found = _CSRF.search(response.text)
        if found:
            self.tokens[server] = found.group(1)
        return response

    def post(self, server: int, path: str, data: dict, *, htmx: bool = False) -> requests.Response:
        if server not in self.tokens:
            # The sign-in page, or where it sends someone signed in already.
            self.get(server, "/login", allow_redirects=True)
        headers = {"HX-Request": "true"} if htmx else {}
        return self.session.post(
            self.urls[server] + path,
            data={"csrf_token": self.tokens[server], **data},
            headers=headers,
            allow_redirects=False,
            timeout=30,
        )

    def sign_in(self, server: int, email: str, password: str = DEMO_PASSWORD) -> requests.Response:
        self.get(server, "/login")
        response = self.post(server, "/login", {"email": email, "password": password, "next": ""})
        if response.status_code == 302:
            # Signing in starts a new session, and with it new CSRF tokens.
            self.tokens.clear()
        return response

    def copy(self) -> "Browser":
        """Another browser holding this one's cookies now (a second device, or a copied
        session cookie)."""
        other = Browser.__new__(Browser)
        other.urls = self.urls
        other.session = requests.Session()
        other.session.cookies.update(self.session.cookies)
        other.tokens = dict(self.tokens)
        return other
