"""The processes the benchmark runs beside itself: gunicorn, the mail worker, and mail
servers on loopback (a working one, and one that accepts connections and never answers)."""

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
WORKERS = 2


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def app_env(url: str, port: int, mail_port: int, secret: str | None = None) -> dict[str, str]:
    """The settings of a served app (not debug mode): its web server and its mail worker."""
    return {
        **os.environ,
        "HALLBARHET_SECRET_KEY": secret or os.urandom(16).hex(),
        "HALLBARHET_SQLALCHEMY_DATABASE_URI": url,
        "HALLBARHET_SESSION_COOKIE_SECURE": "false",
        "HALLBARHET_BASE_URL": f"http://{HOST}:{port}",
        # Decisions queue mail to the submitter; requests only write it to the outbox, and
        # the mail worker sends it over SMTP, as in production.
        "HALLBARHET_MAIL_BACKEND": "smtp",
        "HALLBARHET_MAIL_SERVER": HOST,
        "HALLBARHET_MAIL_PORT": str(mail_port),
        "HALLBARHET_MAIL_TIMEOUT": "10",
    }


def start_server(env: dict[str, str], port: int, log) -> subprocess.Popen:
    """gunicorn with WORKERS sync workers and deploy/gunicorn.conf.py, as README
    "Installing" runs it (one access log line per request), its address and workers given."""
    config = ["-c", str(ROOT / "deploy" / "gunicorn.conf.py")]
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        *config,
        "-w",
        str(WORKERS),
        "-b",
        f"{HOST}:{port}",
        "--chdir",
        str(ROOT),
        "--log-level",
        "warning",
        "hallbarhet:create_app()",
    ]
    return subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603


def start_smtp_sink(port: int, log) -> subprocess.Popen:
    """A mail server that takes every mail and keeps none (aiosmtpd's Sink), in a process
    of its own so that it does not share the client threads' interpreter."""
    command = [
        sys.executable,
        "-m",
        "aiosmtpd",
        "-n",
        "-l",
        f"{HOST}:{port}",
        "-c",
        "aiosmtpd.handlers.Sink",
    ]
    sink = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return sink
        except OSError:
            time.sleep(0.1)
    sink.kill()
    raise RuntimeError("the SMTP server on loopback did not start")


class HangingMailServer:
    """A mail server that accepts connections and never answers, not even its greeting."""

    def __init__(self):
        self._socket = socket.socket()
        self._socket.bind((HOST, 0))
        self._socket.listen(64)
        self._socket.settimeout(0.2)
        self.port = self._socket.getsockname()[1]
        self.connections = 0
        self._held: list[socket.socket] = []
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._done.is_set():
            try:
                connection, _address = self._socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            self._held.append(connection)

    def close(self) -> None:
        self._done.set()
        self._thread.join(timeout=5)
        for connection in self._held:
            connection.close()
        self._socket.close()


class MailWorkers:
    """One mail worker at a time on the shared outbox, configured as the row being measured
    wants: the one sending to the working mail server, or the one whose server hangs."""

    def __init__(self, envs: dict[str, dict[str, str]], folder: Path):
        self.envs = envs
        self.folder = folder
        self.current: str | None = None
        self.process: subprocess.Popen | None = None
        self.starts = 0

    def use(self, name: str) -> None:
        if name == self.current:
            return
        self.stop()
        self.starts += 1
        path = self.folder / f"mail-worker-{self.starts}-{name}.log"
        with open(path, "w") as log:
            self.process = subprocess.Popen(  # noqa: S603
                [sys.executable, "-m", "flask", "--app", "hallbarhet", "mail-worker"],
                cwd=ROOT,
                env=self.envs[name],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        # Measured once it is running, so that its start-up does not weigh on the row.
        deadline = time.monotonic() + 30
        while "Mail worker started" not in path.read_text():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the mail worker did not start: {path.read_text()[-2000:]}")
            time.sleep(0.1)
        self.current = name

    def stop(self) -> None:
        """SIGTERM: it finishes the mail it sends (at most MAIL_TIMEOUT on a hanging server)."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        self.current = None


def wait_healthy(server: subprocess.Popen, port: int, limit: float = 30) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn stopped while starting")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=5)
            try:
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    return
            finally:
                connection.close()
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer /healthz in time")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def worker_memory(master: int) -> int:
    """The largest resident set (bytes) among the master's child processes."""
    largest = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{master}$", text, re.M):
            rss = re.search(r"^VmRSS:\s+(\d+) kB", text, re.M)
            if rss:
                largest = max(largest, int(rss.group(1)) * 1024)
    return largest


def outbox_counts(url: str) -> str:
    """How many mails the outbox holds by status: that the mail worker did send."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT status, COUNT(*) FROM outbox_mail GROUP BY status ORDER BY status")
        ).all()
    engine.dispose()
    return ", ".join(f"{status} {count}" for status, count in rows) or "empty"
