"""Many connections at once: wrk (Debian's package `wrk`, which `make bench` installs) with one
thread per connection, each thread with its own session cookie; or, where wrk is missing,
the same load from Python threads (bench/run.py's measure), which on a small machine takes
CPU from the server and so flatters the cheap rows (/healthz most).

gunicorn's sync workers close every connection, so each request also pays a TCP connect
whichever generator sends it.
"""

import http.client
import json
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from .servers import HOST

# wrk reports through this Lua: per thread, the cookie of its connection; at the end, one
# JSON line with the counts and percentiles (microseconds).
SCRIPT = """
local cookies = {%(cookies)s}
local headers = {%(headers)s}
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("cookie", cookies[(counter - 1) %% #cookies + 1])
  thread:set("number", counter)
end
function init(args)
  for name, value in pairs(headers) do wrk.headers[name] = value end
  if cookie ~= "" then wrk.headers["Cookie"] = cookie end
end
%(request)s
function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'BENCH {"requests": %%d, "microseconds": %%d, "bytes": %%d, "p50": %%d, "p95": %%d, '
    .. '"connect": %%d, "read": %%d, "write": %%d, "status": %%d, "timeout": %%d}\\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50),
    latency:percentile(95), errors.connect, errors.read, errors.write, errors.status,
    errors.timeout))
end
"""


# With `addresses`, each request comes from an address of its own (X-Forwarded-For, which
# the app trusts with PROXIES=1, as behind the reverse proxy in deploy/): many guests, each
# within the limit per address, rather than one client past it.
ADDRESSES = """
local sent = 0
function request()
  sent = sent + 1
  wrk.headers["X-Forwarded-For"] = string.format("10.%%d.%%d.%%d", number %% 256,
    math.floor(sent / 256) %% 256, sent %% 256)
  return wrk.format()
end
"""


def address(thread: int, sent: int) -> str:
    """The Python generator's counterpart of ADDRESSES."""
    return f"10.{thread % 256}.{sent // 256 % 256}.{sent % 256}"


@dataclass
class Load:
    """One endpoint under many connections for a fixed time."""

    name: str
    requests: int
    seconds: float
    size: int  # bytes per response, headers included
    p50: float  # milliseconds
    p95: float
    failures: int

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def combined(name: str, rounds: list[Load]) -> Load:
    """One row from its rounds: every request over all their time; p50 and p95 the median
    of the rounds' (percentiles of the rounds together are not kept)."""
    p50s = sorted(each.p50 for each in rounds)
    p95s = sorted(each.p95 for each in rounds)
    return Load(
        name,
        sum(each.requests for each in rounds),
        sum(each.seconds for each in rounds),
        rounds[0].size,
        p50s[len(p50s) // 2],
        p95s[len(p95s) // 2],
        sum(each.failures for each in rounds),
    )


def generator() -> str:
    return "wrk" if shutil.which("wrk") else "python"


def _lua(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid Lua string for these characters


def wrk(name, port, path, cookies, *, connections, seconds, headers=None, addresses=False):
    """`connections` connections, each on a wrk thread of its own with the next cookie."""
    script = SCRIPT % {
        "request": ADDRESSES % {} if addresses else "",
        "cookies": ", ".join(_lua(c) for c in cookies or [""]),
        "headers": ", ".join(f"[{_lua(k)}] = {_lua(v)}" for k, v in (headers or {}).items()),
    }
    with tempfile.TemporaryDirectory(prefix="hallbarhet-wrk-") as folder:
        lua = Path(folder) / "bench.lua"
        lua.write_text(script)
        command = [
            "wrk",
            f"-t{connections}",
            f"-c{connections}",
            f"-d{max(1, round(seconds))}s",
            "--timeout",
            "10s",
            "-s",
            str(lua),
            f"http://{HOST}:{port}{path}",
        ]
        done = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("BENCH ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no summary for {path}: {done.stdout}{done.stderr}")
    found = json.loads(line.removeprefix("BENCH "))
    failures = sum(found[k] for k in ("connect", "read", "write", "status", "timeout"))
    # gunicorn closes each connection after its response; wrk counts that as a read error
    # only when a response was cut short, which the status check below would also see.
    return Load(
        name,
        found["requests"],
        found["microseconds"] / 1e6,
        found["bytes"] // found["requests"] if found["requests"] else 0,
        found["p50"] / 1000,
        found["p95"] / 1000,
        failures,
    )


def python(name, port, path, cookies, *, connections, seconds, headers=None, addresses=False):
    """The same load from `connections` Python threads, each with the next cookie."""
    latencies: list[float] = []
    sizes: list[int] = []
    failures = 0
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def work(number: int) -> None:
        nonlocal failures
        sent = dict(headers or {})
        cookie = (cookies or [""])[number % len(cookies or [""])]
        if cookie:
            sent["Cookie"] = cookie
        count = 0
        while time.monotonic() < deadline:
            count += 1
            if addresses:
                sent["X-Forwarded-For"] = address(number, count)
            started = time.perf_counter()
            conn = http.client.HTTPConnection(HOST, port, timeout=10)
            try:
                conn.request("GET", path, headers=sent)
                response = conn.getresponse()
                data = response.read()
                status = response.status
            except OSError:
                data, status = b"", 0
            finally:
                conn.close()
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                sizes.append(len(data))
                failures += status != 200

    threads = [threading.Thread(target=work, args=(n,)) for n in range(connections)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies) or [float("nan")]

    def at(share: float) -> float:
        return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))] * 1000

    return Load(
        name,
        len(latencies),
        elapsed,
        max(sizes) if sizes else 0,
        at(0.5),
        at(0.95),
        failures,
    )


def measure(name, port, path, cookies, *, connections, seconds, headers=None, addresses=False):
    run = wrk if generator() == "wrk" else python
    return run(
        name,
        port,
        path,
        cookies,
        connections=connections,
        seconds=seconds,
        headers=headers,
        addresses=addresses,
    )
