"""`make bench`: seed a municipality, serve it with gunicorn, measure the main pages.

Four passes, each written to its own section of BENCHMARKS.md as it ends (BENCH_PASS, a
comma-separated list; default all four, in this order):

- demo: `flask seed-demo`'s data, gunicorn as deploy/ runs it, 16 connections at once
  (bench/demo.py, bench/load.py);
- large: the large municipality (10,000 questions, 300 meetings) on SQLite, as below;
- huge: the same at ten times the data (100,000 questions, 3,000 meetings) on SQLite;
- postgresql: the large municipality on PostgreSQL (BENCH_DATABASE_URL, default
  postgresql+psycopg://postgres@127.0.0.1:5432/test), in a database of its own that the pass
  creates and drops. In "all" it is left out, with a note, when no server answers there.

The rest of this note is the large passes' (large, huge, postgresql).

One run measures every endpoint against the same server, so that each throughput can be
given as a ratio to /healthz's (the floor: routing, a session-less request, one SELECT 1).
The load comes from a few client threads on loopback, each with its own connection;
gunicorn's sync workers close every connection, so each request also pays a TCP connect,
as it would for a browser behind a proxy that does not pool.

Each endpoint is measured twice per round. Throughput with more clients than workers
(BENCH_CONCURRENCY, default 4), so that both workers are always busy; latency with one
client per worker, so that p50 and p95 are the time a request takes and not also the time
it waits in gunicorn's queue behind the other clients' requests (with 4 clients on 2
workers about half of each latency would be that wait; the report gives that p95 too).

Mail goes as in production: requests only write the outbox, and a mail worker
(`flask mail-worker`) beside gunicorn sends it to an SMTP server on loopback (aiosmtpd's
Sink, in a process of its own). The decision that queues a mail is measured twice in each
round: on that server, and on a second gunicorn on the same database whose mail server
accepts connections and never answers, with the mail worker configured alike running
instead while that row is measured (so both rows are taken under the same load, in the
same run). The two decision rows share the queue's questions, so each gets as many
requests as there are questions for (BENCHMARKS.md's "decision requests").

Environment: BENCH_PASS (above), BENCH_DATABASE_URL (the postgresql pass's server),
BENCH_CONNECTIONS (the demo pass's, default 16), BENCH_DEMO_SECONDS (per demo row, default
10), BENCH_COMMAND (the command named in BENCHMARKS.md; the Makefile sets it),
BENCH_REQUESTS (per endpoint and large pass, default 300), BENCH_CONCURRENCY (default 4),
BENCH_SECONDS (time limit per endpoint and large pass, default 60), BENCH_OUTPUT (default
BENCHMARKS.md), BENCH_ONLY (comma-separated words: only the large passes' rows whose name
holds one, with /healthz; e.g. BENCH_ONLY="park|refer" for the two decision rows; the demo
pass is left out and BENCHMARKS.md left alone unless BENCH_OUTPUT is set).
"""

import http.client
import os
import platform
import re
import sqlite3
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from . import demo, load, report
from .seed_large import PASSWORD, seed
from .servers import (
    HOST,
    WORKERS,
    HangingMailServer,
    MailWorkers,
    app_env,
    free_port,
    outbox_counts,
    start_server,
    start_smtp_sink,
    stop_server,
    wait_healthy,
    worker_memory,
)

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 5
WARM_UP = 2 * WORKERS  # requests before each measurement, not timed


@dataclass
class Result:
    name: str
    latencies: list[float] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)
    failures: int = 0
    seconds: float = 0.0

    def add(self, other: "Result") -> None:
        self.latencies += other.latencies
        self.sizes += other.sizes
        self.failures += other.failures
        self.seconds += other.seconds

    @property
    def requests(self) -> int:
        return len(self.latencies)

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))] * 1000

    @property
    def size(self) -> int:
        return max(self.sizes) if self.sizes else 0


class Client:
    """A signed-in (or anonymous) person: a session cookie and a CSRF token."""

    def __init__(self, port: int):
        self.port = port
        self.cookie = ""
        self.csrf = ""

    def request(self, method, path, body=None, headers=None, conn=None):
        own = conn is None
        conn = conn or http.client.HTTPConnection(HOST, self.port, timeout=30)
        sent = {"Cookie": self.cookie} if self.cookie else {}
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        sent.update(headers or {})
        try:
            conn.request(method, path, body=body, headers=sent)
            response = conn.getresponse()
            data = response.read()
            return response.status, response.getheader("Set-Cookie") or "", data
        finally:
            if own:
                conn.close()

    def login(self, email: str, password: str) -> "Client":
        _status, cookie, page = self.request("GET", "/login")
        self._keep(cookie)
        token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
            rb'name="csrf-token" content="([^"]+)"', page
        )
        form = {"email": email, "password": password, "csrf_token": token.group(1).decode()}
        status, cookie, _page = self.request("POST", "/login", urlencode(form))
        if status != 302:
            raise RuntimeError(f"signing in as {email} gave {status}")
        self._keep(cookie)
        # Signing in clears the session; the next page stores a fresh CSRF token in it.
        _status, cookie, page = self.request("GET", "/agenda")
        self._keep(cookie)
        self.csrf = re.search(rb'name="csrf-token" content="([^"]+)"', page).group(1).decode()
        return self

    def _keep(self, set_cookie: str) -> None:
        match = re.search(r"(session=[^;]+)", set_cookie)
        if match:
            self.cookie = match.group(1)


def measure(name, client, method, path, *, requests, concurrency, seconds, body=None, headers=None):
    """Send `requests` requests (or as many as fit in `seconds`) from `concurrency` threads."""
    result = Result(name)
    lock = threading.Lock()
    issued = 0

    def work(thread: int):
        nonlocal issued
        conn = http.client.HTTPConnection(HOST, client.port, timeout=30)
        sent = 0
        try:
            while True:
                with lock:
                    if issued >= requests or time.monotonic() > deadline:
                        return
                    issued += 1
                started = time.perf_counter()
                status, _cookie, data = client.request(
                    method,
                    path(thread) if callable(path) else path,
                    body(thread, sent) if callable(body) else body,
                    headers,
                    conn,
                )
                elapsed = time.perf_counter() - started
                sent += 1
                with lock:
                    result.latencies.append(elapsed)
                    result.sizes.append(len(data))
                    if status != 200:
                        result.failures += 1
        finally:
            conn.close()

    # Warm both workers (templates compiled, connections pooled) before the clock starts.
    for thread in range(WARM_UP):
        client.request(
            method,
            path(thread) if callable(path) else path,
            body(thread, 0) if callable(body) else body,
            headers,
        )
    # The time limit starts after the warm-up, which on the largest data can take longer.
    deadline = time.monotonic() + seconds
    threads = [threading.Thread(target=work, args=(n,)) for n in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    return result


def prepare_database(url: str, scale: int = 1):
    """A fresh schema through the migrations, then the large municipality."""
    from flask_migrate import upgrade
    from sqlalchemy import text

    from hallbarhet import create_app
    from hallbarhet.extensions import db

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "bench-seeding-only",
            "BASE_URL": f"http://{HOST}",
        }
    )
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            db.drop_all()
            db.session.execute(text("DROP TABLE IF EXISTS alembic_version"))
            db.session.commit()
        upgrade()
        started = time.perf_counter()
        seeded = seed(scale=scale)
        seeded.counts["seconds to seed"] = round(time.perf_counter() - started, 1)
        if db.engine.dialect.name == "postgresql":
            # What autovacuum does soon after a bulk load on a server in service: the
            # visibility map and the planner's statistics. Without them every index scan
            # reads the table rows behind it, and the planner guesses the row counts.
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as vacuum:
                vacuum.execute(text("VACUUM ANALYZE"))
        db.engine.dispose()
    return seeded


def machine() -> dict[str, str]:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.M)
    memory = re.search(r"^MemTotal:\s+(\d+) kB", meminfo, re.M)
    return {
        "CPUs (nproc)": str(os.cpu_count()),
        "CPU model": model.group(1).strip() if model else platform.processor() or "unknown",
        "Memory": f"{int(memory.group(1)) / 1024 / 1024:.1f} GiB" if memory else "unknown",
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "SQLite": sqlite3.sqlite_version,
    }


def selected(plan: list, only: list[str]) -> list:
    """The rows whose name holds one of `only` (BENCH_ONLY), and /healthz, which every
    ratio needs; all rows when `only` is empty."""
    if not only:
        return plan
    return [row for row in plan if row[0] == report.HEALTHZ or any(w in row[0] for w in only)]


def run(url: str | None = None, scale: int = 1) -> tuple[dict[str, list[Result]], int, dict, str]:
    """One large pass: the municipality at `scale`, on `url` (default a fresh SQLite file)."""
    requests = int(os.environ.get("BENCH_REQUESTS", "300"))
    concurrency = int(os.environ.get("BENCH_CONCURRENCY", "4"))
    seconds = float(os.environ.get("BENCH_SECONDS", "60"))
    only = [word.strip() for word in os.environ.get("BENCH_ONLY", "").split(",") if word.strip()]
    limits = {"requests": requests, "concurrency": concurrency, "seconds": seconds}
    with tempfile.TemporaryDirectory(prefix="hallbarhet-bench-") as folder, ExitStack() as stack:
        url = url or f"sqlite:///{folder}/bench.sqlite"
        database = url.split(":", 1)[0].split("+", 1)[0]
        print(f"Seeding the municipality (× {scale}) into {database} …", flush=True)
        seeded = prepare_database(url, scale)
        print(", ".join(f"{k}: {v}" for k, v in seeded.counts.items()), flush=True)
        logs = Path(folder)
        # Two servers on the same database: the one the pages are measured on, whose mail
        # server works, and one whose mail server accepts connections and never answers.
        sink_log = stack.enter_context(open(logs / "smtp.log", "w"))
        sink_port = free_port()
        sink = start_smtp_sink(sink_port, sink_log)
        stack.callback(stop_server, sink)
        hanging = HangingMailServer()
        stack.callback(hanging.close)
        port, hanging_port = free_port(), free_port()
        env = app_env(url, port, sink_port)
        hanging_env = app_env(url, hanging_port, hanging.port)
        log = stack.enter_context(open(logs / "gunicorn.log", "w+"))
        hanging_log = stack.enter_context(open(logs / "gunicorn-hanging.log", "w+"))
        server = start_server(env, port, log)
        stack.callback(stop_server, server)
        hanging_server = start_server(hanging_env, hanging_port, hanging_log)
        stack.callback(stop_server, hanging_server)
        # Mail goes as in production: a mail worker beside the web server, the one whose
        # server works except while the row with the hanging server is measured.
        workers = MailWorkers({"working": env, "hanging": hanging_env}, logs)
        stack.callback(workers.stop)
        try:
            wait_healthy(server, port)
            wait_healthy(hanging_server, hanging_port)
            anonymous = Client(port)
            participant = Client(port).login(seeded.participant, PASSWORD)
            coordinator = Client(port).login(seeded.coordinator, PASSWORD)
            representative = Client(port).login(seeded.representative, PASSWORD)
            decision_headers = {"HX-Request": "true", "X-CSRFToken": coordinator.csrf}
            hanging_coordinator = Client(hanging_port).login(seeded.coordinator, PASSWORD)
            hanging_headers = {"HX-Request": "true", "X-CSRFToken": hanging_coordinator.csrf}

            def decision_path(thread: int) -> str:
                return f"/triage/{seeded.queue_ids[thread]}/assess"

            def decision_body(_thread: int, sent: int) -> str:
                # Each thread toggles one answer on its own question: yes, unanswered, yes…
                answer = "yes" if sent % 2 == 0 else ""
                return urlencode({"question": "affects_several", "answer": answer})

            # Each decision takes the next question of the queue (those the checklist pass
            # above does not use): parked first, then the parked ones referred. Both decision
            # rows take from the same pool, so that they decide alike.
            pool = [(i, "park", 1) for i in seeded.queue_ids[WORKERS * 4 :]] + [
                (i, "refer", 2) for i in seeded.queue_ids[WORKERS * 4 :]
            ]
            taken = iter(pool)
            mine = threading.local()
            pool_lock = threading.Lock()

            def park_or_refer_path(_thread: int) -> str:
                with pool_lock:
                    mine.question = next(taken)
                issue_id, action, _version = mine.question
                return f"/triage/{issue_id}/{action}"

            def park_or_refer_body(_thread: int, _sent: int) -> str:
                _id, action, version = mine.question
                message = "arbetsgrupp" if action == "refer" else "Till våren"
                return urlencode({"version": version, "message": message})

            park_or_refer = {"body": park_or_refer_body, "headers": decision_headers}
            filtered = "/triage?" + urlencode(
                {
                    "kind": "dialogue",
                    "area": seeded.work_area_id,
                    "q": "och",
                    "sort": "suggested",
                }
            )
            plan = [
                (report.HEALTHZ, anonymous, "GET", "/healthz", {}),
                (report.AGENDA, participant, "GET", "/agenda", {}),
                (report.TRIAGE, coordinator, "GET", "/triage", {}),
                (report.FILTERED, coordinator, "GET", filtered, {}),
                ("GET /issues (representative)", representative, "GET", "/issues", {}),
                ("GET /meetings (participant)", participant, "GET", "/meetings", {}),
                (
                    "GET /networks/neh/meetings.ics (participant)",
                    participant,
                    "GET",
                    "/networks/neh/meetings.ics",
                    {},
                ),
                (
                    "GET /administrations/<id>/report-back (representative)",
                    representative,
                    "GET",
                    f"/administrations/{seeded.administration_id}/report-back",
                    {},
                ),
                (
                    report.SIMILAR_TYPED,
                    representative,
                    "GET",
                    "/issues/similar?" + urlencode({"title": "Skyfallsplan för kommunen"}),
                    {"headers": {"HX-Request": "true"}},
                ),
                (
                    report.SIMILAR_OF_ISSUE,
                    coordinator,
                    "GET",
                    f"/issues/{seeded.queue_ids[0]}/similar",
                    {"headers": {"HX-Request": "true"}},
                ),
                (
                    report.DECISION,
                    coordinator,
                    "POST",
                    decision_path,
                    {"body": decision_body, "headers": decision_headers},
                ),
                (report.PARK_OR_REFER, coordinator, "POST", park_or_refer_path, park_or_refer),
                (
                    report.PARK_OR_REFER_HANGING,
                    hanging_coordinator,
                    "POST",
                    park_or_refer_path,
                    park_or_refer | {"headers": hanging_headers},
                ),
            ]
            plan = selected(plan, only)
            # Endpoints take turns in rounds, so that anything else the machine does during
            # the run weighs on all of them alike and the ratios stay fair.
            passes = {"throughput": concurrency, "latency": WORKERS}
            per_round = requests // ROUNDS
            # The queue holds so many questions: the decision rows share them, warm-ups too.
            deciding = sum(1 for row in plan if row[3] is park_or_refer_path) or 1
            decisions = min(per_round, len(pool) // (ROUNDS * len(passes) * deciding) - WARM_UP)
            results = {kind: {name: Result(name) for name, *_ in plan} for kind in passes}
            for number in range(ROUNDS):
                print(f"Round {number + 1} of {ROUNDS} …", flush=True)
                for name, client, method, path, extra in plan:
                    workers.use("hanging" if name == report.PARK_OR_REFER_HANGING else "working")
                    for kind, clients in passes.items():
                        part = measure(
                            name,
                            client,
                            method,
                            path,
                            requests=decisions if path is park_or_refer_path else per_round,
                            concurrency=clients,
                            seconds=seconds / ROUNDS,
                            **extra,
                        )
                        results[kind][name].add(part)
            results = {kind: list(found.values()) for kind, found in results.items()}
            memory = worker_memory(server.pid)
            workers.stop()
            print(f"Connections the hanging mail server held: {hanging.connections}", flush=True)
            print(f"Outbox after the run: {outbox_counts(url)}", flush=True)
        except Exception:
            for each in (log, hanging_log):
                each.seek(0)
                sys.stderr.write(each.read()[-4000:])
            raise
    setup = {
        **limits,
        "decision requests": decisions * ROUNDS,
        "latency clients": WORKERS,
        "database": database,
        **seeded.counts,
    }
    return results, memory, setup, url


PASSES = ("demo", "large", "huge", "postgresql")
POSTGRESQL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
HUGE = 10  # the huge pass's scale: 100,000 questions, 3,000 meetings
DEMO_ROUNDS = 5  # the demo pass's rounds, each row BENCH_DEMO_SECONDS / DEMO_ROUNDS in each


def demo_pass() -> tuple[list[load.Load], dict]:
    """The demo data on gunicorn as deployed, each row under BENCH_CONNECTIONS connections
    for BENCH_DEMO_SECONDS in all, in DEMO_ROUNDS interleaved rounds after a second's
    warm-up; each signed-in connection has a session of its own."""
    connections = int(os.environ.get("BENCH_CONNECTIONS", "16"))
    seconds = float(os.environ.get("BENCH_DEMO_SECONDS", "10"))
    with (
        tempfile.TemporaryDirectory(prefix="hallbarhet-bench-demo-") as folder,
        ExitStack() as stack,
    ):
        url = f"sqlite:///{folder}/demo.sqlite"
        port = free_port()
        secret = os.urandom(16).hex()
        print("Seeding the demo data into sqlite …", flush=True)
        started = time.perf_counter()
        data = demo.prepare(url, secret, port)
        seeding = round(time.perf_counter() - started, 1)
        log = stack.enter_context(open(Path(folder) / "gunicorn.log", "w+"))
        env = app_env(url, port, free_port(), secret)
        # Behind a reverse proxy, as deploy/ serves it: the guest page's limit per address
        # (30 a minute) sees the guests' addresses (X-Forwarded-For), one per request.
        env["HALLBARHET_PROXIES"] = "1"
        server = start_server(env, port, log)
        stack.callback(stop_server, server)
        try:
            wait_healthy(server, port)
            print(f"Signing in {connections} participants …", flush=True)
            cookies = [
                Client(port).login(data.participant, data.password).cookie
                for _ in range(connections)
            ]
            published, minutes = data.published_id, data.minutes_id
            plan = [
                (report.HEALTHZ, "/healthz", False),
                ("GET /login (anonymous)", "/login", False),
                (report.AGENDA, "/agenda", True),
                (report.DEMO_MEETING, f"/meetings/{published}", True),
                (report.DEMO_MINUTES, f"/meetings/{minutes}", True),
                (report.DEMO_MINUTES_PRINT, f"/meetings/{minutes}/minutes/print", True),
                (report.DEMO_PLAN, "/meetings", True),
                (report.DEMO_GUEST, data.guest_path, "guests"),
            ]
            for _name, path, who in plan:
                jar = cookies if who is True else [""]
                status, _cookie, _page = Client(port).request(
                    "GET", path, headers={"Cookie": jar[0]} if jar[0] else None
                )
                if status != 200:
                    raise RuntimeError(f"{path} gave {status} before the load")
            # In interleaved rounds, each row after a second's warm-up: anything else the
            # machine does then weighs on every row alike, /healthz's included.
            taken: dict[str, list[load.Load]] = {name: [] for name, _path, _who in plan}
            for round_ in range(DEMO_ROUNDS):
                print(f"Round {round_ + 1} of {DEMO_ROUNDS} …", flush=True)
                for name, path, who in plan:
                    jar = cookies if who is True else [""]
                    each = {"connections": connections, "addresses": who == "guests"}
                    if round_ == 0:
                        load.measure(name, port, path, jar, seconds=1, **each)
                    share = seconds / DEMO_ROUNDS
                    taken[name].append(load.measure(name, port, path, jar, seconds=share, **each))
            results = [load.combined(name, taken[name]) for name, _path, _who in plan]
            memory = worker_memory(server.pid)
        except Exception:
            log.seek(0)
            sys.stderr.write(log.read()[-4000:])
            raise
    setup = {
        "connections": connections,
        "seconds": seconds,
        "rounds": DEMO_ROUNDS,
        "generator": load.generator(),
        "memory": memory,
        "seconds to seed": seeding,
        **data.counts,
    }
    return results, setup


def postgresql_available(url: str) -> bool:
    from sqlalchemy import create_engine

    engine = create_engine(url)
    try:
        with engine.connect():
            return True
    except Exception:  # noqa: BLE001  (any failure to connect means: no server to use)
        return False
    finally:
        engine.dispose()


class OwnDatabase:
    """A database of the pass's own beside the one `url` names, created and dropped."""

    def __init__(self, url: str):
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url

        self.name = f"hallbarhet_bench_{os.getpid()}"
        self.admin = create_engine(url, isolation_level="AUTOCOMMIT")
        self.url = make_url(url).set(database=self.name).render_as_string(hide_password=False)

    def __enter__(self) -> str:
        from sqlalchemy import text

        with self.admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{self.name}"'))
        return self.url

    def __exit__(self, *_exc) -> None:
        from sqlalchemy import text

        with self.admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
        self.admin.dispose()


def command() -> str:
    """The command that made the run, as BENCHMARKS.md names it: the settings that differ
    from the defaults first."""
    shown = (
        "BENCH_REQUESTS",
        "BENCH_SECONDS",
        "BENCH_CONCURRENCY",
        "BENCH_CONNECTIONS",
        "BENCH_DEMO_SECONDS",
    )
    settings = [f"{name}={os.environ[name]}" for name in shown if os.environ.get(name)]
    return " ".join([*settings, os.environ.get("BENCH_COMMAND") or "python -m bench.run"])


def selected_passes() -> list[str]:
    wanted = os.environ.get("BENCH_PASS", "all").replace("|", ",")
    names = [w.strip() for w in wanted.split(",") if w.strip()]
    if names in ([], ["all"]):
        return list(PASSES)
    unknown = [name for name in names if name not in PASSES]
    if unknown:
        raise SystemExit(
            f"BENCH_PASS: unknown pass {', '.join(unknown)} (known: all, {', '.join(PASSES)})"
        )
    return names


def main() -> int:
    passes = selected_passes()
    everything = os.environ.get("BENCH_PASS", "all") == "all"
    only = bool(os.environ.get("BENCH_ONLY"))
    output = Path(os.environ.get("BENCH_OUTPUT", ROOT / "BENCHMARKS.md"))
    keep = not only or bool(os.environ.get("BENCH_OUTPUT"))
    about = {"machine": machine(), "command": command()}
    for name in passes:
        print(f"== Pass: {name} ==", flush=True)
        started = time.perf_counter()
        if name == "demo":
            if only:
                print("BENCH_ONLY: the demo pass is left out.")
                continue
            loads, setup = demo_pass()
            text = report.render_demo(loads, setup, about)
        elif name == "postgresql":
            url = os.environ.get("BENCH_DATABASE_URL") or POSTGRESQL
            if everything and not postgresql_available(url):
                print(f"No PostgreSQL answers at {url}: the postgresql pass is left out.")
                continue
            with OwnDatabase(url) as own:
                results, memory, setup, _url = run(own, 1)
            text = report.render(name, results, memory, setup, about)
        else:
            results, memory, setup, _url = run(None, HUGE if name == "huge" else 1)
            text = report.render(name, results, memory, setup, about)
        print()
        print(text)
        print(f"Pass {name} took {time.perf_counter() - started:.0f} s.", flush=True)
        if keep:
            report.write(output, name, text)
            print(f"Written to {output}")
        else:
            print("Some rows only (BENCH_ONLY): BENCHMARKS.md left as it was.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
