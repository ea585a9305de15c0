"""The benchmark's results as markdown, and their place in BENCHMARKS.md."""

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

# Each pass has its section between its markers; the section of an older layout (one
# section, "results") becomes the large pass's.
OLD_START = "<!-- bench:results:start -->"
OLD_END = "<!-- bench:results:end -->"
TITLES = {
    "demo": "Demo data, 16 connections",
    "large": "Large municipality (10,000 questions), SQLite",
    "huge": "Ten times the data (100,000 questions), SQLite",
    "postgresql": "Large municipality (10,000 questions), PostgreSQL",
}
ORDER = tuple(TITLES)
# Below these a run is for checking the bench, not for comparing.
FULL_REQUESTS = 300
FULL_DEMO_SECONDS = 10
KB = 1000
MB = 1000 * 1000

HEALTHZ = "GET /healthz"
AGENDA = "GET /agenda (participant)"
TRIAGE = "GET /triage (coordinator)"
DECISION = "POST /triage/<id>/assess (htmx)"
FILTERED = "GET /triage filtered, by suggested meeting (coordinator)"
PARK_OR_REFER = "POST /triage/<id>/park|refer (htmx, with its mail)"
PARK_OR_REFER_HANGING = "POST /triage/<id>/park|refer (htmx, with its mail), mail server hanging"
# A mail server that accepts connections and never answers costs a decision at most this
# much more than a working one (p95, same run).
HANGING_LIMIT = 1.2
# The demo pass's rows, besides /healthz and /agenda.
DEMO_MEETING = "GET /meetings/<id>, published agenda, 12 items (participant)"
DEMO_MINUTES = "GET /meetings/<id>, published minutes (participant)"
DEMO_MINUTES_PRINT = "GET /meetings/<id>/minutes/print (participant)"
DEMO_PLAN = "GET /meetings, semester plan (participant)"
DEMO_GUEST = "GET /invitations/<token>, guest page"
# Their throughput as a share of /healthz's, at 16 connections.
DEMO_SHARES = (
    (AGENDA, "/agenda", 0.40),
    (DEMO_MEETING, "Published 12-item meeting page", 0.40),
    (DEMO_MINUTES, "Published minutes (meeting page)", 0.30),
    (DEMO_MINUTES_PRINT, "Published minutes to print", 0.30),
    (DEMO_PLAN, "Semester plan", 0.30),
    (DEMO_GUEST, "Guest page", 0.30),
)
SIMILAR_TYPED = "GET /issues/similar?title=… (representative, htmx)"
SIMILAR_OF_ISSUE = "GET /issues/<id>/similar (coordinator, htmx)"
# The participants' and representatives' pages of the meeting rhythm: p95 under 50 ms each.
RHYTHM = (
    AGENDA,
    "GET /meetings (participant)",
    "GET /networks/neh/meetings.ics (participant)",
    "GET /administrations/<id>/report-back (representative)",
)

PREAMBLE = """# Benchmarks

`make bench` runs four passes (bench/run.py), each serving its data with gunicorn (2 sync
workers) on loopback: the demo data at 16 connections, a large municipality, ten times its
data, and the large municipality on PostgreSQL. Throughput is also given as a ratio to
`/healthz` measured in the same run, so that numbers from different machines can be
compared. Each pass rewrites its own section between its markers; the notes after them are
kept.

"""


@dataclass(frozen=True)
class Target:
    name: str
    wanted: str
    measured: str
    met: bool


def _by_name(results) -> dict:
    return {result.name: result for result in results}


def targets(results: dict, memory: int, questions: int = 10_000) -> list[Target]:
    """Throughput from the pass with more clients than workers, latency from the pass with
    one client per worker (bench/run.py says why). A row that was not measured (BENCH_ONLY)
    has no target."""
    loaded, timed = _by_name(results["throughput"]), _by_name(results["latency"])
    everything = results["throughput"] + results["latency"]
    found = []
    if AGENDA in loaded and HEALTHZ in loaded:
        healthz, agenda = loaded[HEALTHZ], loaded[AGENDA]
        ratio = agenda.rate / healthz.rate if healthz.rate else 0.0
        found.append(
            Target("/agenda throughput", ">= 40 % of /healthz", f"{ratio:.0%}", ratio >= 0.40)
        )
    p95_targets = (
        (TRIAGE, "/triage p95 (500 questions queued)", 60),
        (DECISION, "HTMX checklist answer p95", 20),
        (FILTERED, "/triage with filters applied p95", 60),
        (
            SIMILAR_TYPED,
            f"Similar questions while typing a title p95 ({questions:,} questions)",
            30,
        ),
        (SIMILAR_OF_ISSUE, "Similar questions of a queued question p95", 30),
        (PARK_OR_REFER, "Decision with its outbox row p95", 20),
    )
    for name, label, limit in p95_targets:
        if name in timed:
            p95 = timed[name].percentile(0.95)
            found.append(Target(label, f"< {limit} ms", f"{p95:.1f} ms", p95 < limit))
    if PARK_OR_REFER in timed and PARK_OR_REFER_HANGING in timed:
        working = timed[PARK_OR_REFER].percentile(0.95)
        hanging = timed[PARK_OR_REFER_HANGING].percentile(0.95)
        ratio = hanging / working if working else float("inf")
        found.append(
            Target(
                "Triage decision (park/refer with its mail) p95 with the mail server hanging",
                f"<= {HANGING_LIMIT} × with a working one",
                f"{hanging:.1f} ms ({ratio:.2f} × {working:.1f} ms)",
                ratio <= HANGING_LIMIT,
            )
        )
    if DECISION in timed:
        decision = timed[DECISION]
        found.append(
            Target(
                "HTMX checklist answer response",
                "< 10 KB",
                f"{decision.size / KB:.1f} KB",
                decision.size < 10 * KB,
            )
        )
    for name in RHYTHM:
        if name in timed:
            p95 = timed[name].percentile(0.95)
            label = f"{name.split(' (')[0].removeprefix('GET ')} p95"
            found.append(Target(label, "< 50 ms", f"{p95:.1f} ms", p95 < 50))
    found += [
        Target(
            "Largest worker's memory (RSS)", "< 150 MB", f"{memory / MB:.0f} MB", memory < 150 * MB
        ),
        Target(
            "Every response 200",
            "no failures",
            str(sum(result.failures for result in everything)),
            not any(result.failures for result in everything),
        ),
    ]
    return found


def _heading(name: str, about: dict, short: bool) -> list[str]:
    lines = [
        f"## {TITLES[name]}",
        "",
        f"Run on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with `{about['command']}` (pass `{name}`).",
        "",
        "**Machine:** "
        + "; ".join(f"{key}: {value}" for key, value in about["machine"].items())
        + ".",
        "",
    ]
    if short:
        lines += [
            "*A short run (fewer requests or seconds than the defaults): it checks the bench, "
            "its numbers are not for comparing.*",
            "",
        ]
    return lines


def _verdicts(found: list[Target]) -> list[str]:
    lines = ["| target | wanted | measured | |", "|---|---|---|---|"]
    for target in found:
        verdict = "met" if target.met else "**missed**"
        lines.append(f"| {target.name} | {target.wanted} | {target.measured} | {verdict} |")
    return lines


def demo_targets(loads: list, memory: int) -> list[Target]:
    by_name = _by_name(loads)
    healthz = by_name[HEALTHZ]
    found = []
    for name, label, share in DEMO_SHARES:
        if name in by_name:
            ratio = by_name[name].rate / healthz.rate if healthz.rate else 0.0
            found.append(
                Target(
                    f"{label} throughput",
                    f">= {share * 100:.0f} % of /healthz",
                    f"{ratio:.0%}",
                    ratio >= share,
                )  # fmt: skip
            )
    failures = sum(each.failures for each in loads)
    found += [
        Target(
            "Largest worker's memory (RSS)", "< 150 MB", f"{memory / MB:.0f} MB", memory < 150 * MB
        ),
        Target("Every response 200", "no failures", str(failures), not failures),
    ]
    return found


def render_demo(loads: list, setup: dict, about: dict) -> str:
    healthz = _by_name(loads)[HEALTHZ]
    generator = (
        "wrk (Debian's package), one thread per connection"
        if setup["generator"] == "wrk"
        else "Python threads (wrk was not installed), one per connection"
    )
    shown = ("connections", "seconds", "rounds", "generator", "memory")
    lines = _heading("demo", about, setup["seconds"] < FULL_DEMO_SECONDS)
    lines += [
        "**Load:** `flask seed-demo`'s data on SQLite, with the bench's additions (the "
        "published agenda filled up to 12 items, the held meeting's minutes published, a "
        "colleague invited); gunicorn with 2 sync workers and deploy/gunicorn.conf.py (its "
        "access log included), behind a proxy as deploy/ has it (PROXIES=1): each guest page "
        "request comes from an address of its own (X-Forwarded-For), as many guests would, "
        "so that the limit per address is checked and not reached. "
        f"{setup['connections']} connections at once from {generator}, "
        f"each signed-in connection with a session of its own, for {setup['seconds']:.0f} s "
        f"per endpoint in {setup.get('rounds', 1)} interleaved rounds, after a second's "
        "warm-up (p50 and p95: the median of the rounds'). gunicorn closes each connection "
        "after its "
        "response, so every request also pays a TCP connect. The latencies include the wait "
        f"for a free worker ({setup['connections']} connections on 2 workers). "
        + (
            "Bytes include the headers." if setup["generator"] == "wrk" else "Bytes are the body's."
        ),
        "",
        "**Data:** "
        + ", ".join(f"{key} {value}" for key, value in setup.items() if key not in shown)
        + ".",
        "",
        "| endpoint | req/s | ratio to /healthz | p50 ms | p95 ms | response bytes |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for each in loads:
        ratio = each.rate / healthz.rate if healthz.rate else 0.0
        failed = f" ({each.failures} failed)" if each.failures else ""
        lines.append(
            f"| {each.name}{failed} | {each.rate:.0f} | {ratio:.0%} | {each.p50:.1f} "
            f"| {each.p95:.1f} | {each.size} |"
        )
    memory = setup["memory"]
    lines += [
        "",
        f"Largest gunicorn worker's resident memory after the pass: {memory / MB:.0f} MB.",
        "",
        *_verdicts(demo_targets(loads, memory)),
    ]
    return "\n".join(lines) + "\n"


def render(name: str, results: dict, memory: int, setup: dict, about: dict) -> str:
    loaded, timed = results["throughput"], _by_name(results["latency"])
    healthz = _by_name(loaded)[HEALTHZ]
    shown = (
        "requests",
        "seconds",
        "concurrency",
        "latency clients",
        "database",
        "decision requests",
    )
    short = setup["requests"] < FULL_REQUESTS or setup["seconds"] < 60
    lines = _heading(name, about, short)
    lines += [
        "**Load:** gunicorn with 2 sync workers and deploy/gunicorn.conf.py (its access log "
        f"included); database {setup['database']}. Each endpoint "
        f"in 5 interleaved rounds, each after a warm-up, twice per round: {setup['requests']} "
        f"requests in all (at most {setup['seconds']:.0f} s) from {setup['concurrency']} "
        "client threads on loopback for the throughput, and as many from "
        f"{setup['latency clients']} (one per worker) for the latencies. The last column is "
        f"the p95 with {setup['concurrency']} clients, which adds the wait for a free worker. "
        "Mail is sent by a mail worker beside gunicorn to an SMTP server on loopback; the "
        "decision rows (park, then refer, each queueing the submitter's mail) share the "
        f"queue's questions, {setup.get('decision requests', setup['requests'])} requests each "
        "per pass, and the one with the mail server hanging is served by a second gunicorn "
        "on the same database whose mail server (and mail worker's) accepts connections and "
        "never answers.",
        "",
        "**Data:** "
        + ", ".join(f"{key} {value}" for key, value in setup.items() if key not in shown)
        + ".",
        "",
        "| endpoint | req/s | ratio to /healthz | p50 ms | p95 ms | response bytes "
        f"| p95 ms, {setup['concurrency']} clients |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for result in loaded:
        ratio = result.rate / healthz.rate if healthz.rate else 0.0
        single = timed[result.name]
        failures = result.failures + single.failures
        failed = f" ({failures} failed)" if failures else ""
        lines.append(
            f"| {result.name}{failed} | {result.rate:.0f} | {ratio:.0%} "
            f"| {single.percentile(0.5):.1f} | {single.percentile(0.95):.1f} | {result.size} "
            f"| {result.percentile(0.95):.1f} |"
        )
    lines += [
        "",
        f"Largest gunicorn worker's resident memory after the run: {memory / MB:.0f} MB.",
        "",
        *_verdicts(targets(results, memory, setup.get("questions", 10_000))),
    ]
    return "\n".join(lines) + "\n"


def markers(name: str) -> tuple[str, str]:
    return f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"


def write(path: Path, name: str, text: str) -> None:
    """Replace the pass's section between its markers, keeping everything around them; a
    pass without a section yet gets one after the sections of the passes before it."""
    start, end = markers(name)
    block = f"{start}\n{text}{end}\n"
    current = path.read_text(encoding="utf-8") if path.exists() else PREAMBLE
    if OLD_START in current and OLD_END in current:
        large_start, large_end = markers("large")
        current = current.replace(OLD_START, large_start).replace(OLD_END, large_end)
    if start in current and end in current:
        before, rest = current.split(start, 1)
        after = rest.split(end, 1)[1].lstrip("\n")
        path.write_text(before + block + ("\n" + after if after else ""), encoding="utf-8")
        return
    earlier = [markers(other)[1] for other in ORDER[: ORDER.index(name)]]
    ends = [current.index(mark) + len(mark) for mark in earlier if mark in current]
    if ends:
        at = max(ends)
        before, after = current[:at].rstrip("\n"), current[at:].lstrip("\n")
        path.write_text(before + "\n\n" + block + ("\n" + after if after else ""), "utf-8")
        return
    later = [markers(other)[0] for other in ORDER[ORDER.index(name) + 1 :]]
    begins = [current.index(mark) for mark in later if mark in current]
    if begins:
        at = min(begins)
        path.write_text(current[:at] + block + "\n" + current[at:], encoding="utf-8")
        return
    path.write_text(current.rstrip("\n") + "\n\n" + block, encoding="utf-8")
