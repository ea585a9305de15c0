"""The benchmark's results as markdown, and their place in BENCHMARKS.md."""

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

START = "<!-- bench:results:start -->"
END = "<!-- bench:results:end -->"
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

`make bench` seeds a large municipality (bench/seed_large.py), serves it with gunicorn
(2 sync workers) on loopback and measures the main pages in one run (bench/run.py).
Throughput is also given as a ratio to `/healthz` measured in the same run, so that
numbers from different machines can be compared. The section between the markers below
is rewritten by every run; the notes after it are kept.

"""


@dataclass(frozen=True)
class Target:
    name: str
    wanted: str
    measured: str
    met: bool


def _by_name(results) -> dict:
    return {result.name: result for result in results}


def targets(results: dict, memory: int) -> list[Target]:
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
        (SIMILAR_TYPED, "Similar questions while typing a title p95 (10,000 questions)", 30),
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


def render(results: dict, memory: int, setup: dict, machine: dict) -> str:
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
    lines = [
        f"Run on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with `make bench`.",
        "",
        "**Machine:** " + "; ".join(f"{key}: {value}" for key, value in machine.items()) + ".",
        "",
        f"**Load:** gunicorn with 2 sync workers; database {setup['database']}. Each endpoint "
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
        "| target | wanted | measured | |",
        "|---|---|---|---|",
    ]
    for target in targets(results, memory):
        verdict = "met" if target.met else "**missed**"
        lines.append(f"| {target.name} | {target.wanted} | {target.measured} | {verdict} |")
    return "\n".join(lines) + "\n"


def write(path: Path, text: str) -> None:
    """Replace the results between the markers, keeping everything around them."""
    block = f"{START}\n{text}{END}\n"
    if path.exists():
        current = path.read_text(encoding="utf-8")
        if START in current and END in current:
            before, rest = current.split(START, 1)
            after = rest.split(END, 1)[1].lstrip("\n")
            path.write_text(before + block + ("\n" + after if after else ""), encoding="utf-8")
            return
        path.write_text(current.rstrip("\n") + "\n\n" + block, encoding="utf-8")
        return
    path.write_text(PREAMBLE + block, encoding="utf-8")
