"""The benchmark's report writer and pass selector (bench/), without running a pass."""

import pytest

from bench import report, run
from bench.load import Load

ABOUT = {"machine": {"CPUs (nproc)": "2"}, "command": "make bench PASS=demo"}


def _demo_loads(agenda_rate: float) -> list[Load]:
    def load(name, requests):
        return Load(name, requests, 10.0, 1000, 5.0, 9.0, 0)

    return [
        load(report.HEALTHZ, 10_000),
        load(report.AGENDA, int(agenda_rate * 10_000)),
        load(report.DEMO_MEETING, 4_000),
        load(report.DEMO_GUEST, 2_000),
    ]


def test_each_pass_gets_its_own_section_in_order_and_the_notes_stay(tmp_path):
    path = tmp_path / "BENCHMARKS.md"
    path.write_text(
        f"# Benchmarks\n\n{report.OLD_START}\nold table\n{report.OLD_END}\n\n## Notes\nkept\n",
        encoding="utf-8",
    )
    report.write(path, "postgresql", "## PostgreSQL\npg table\n")
    report.write(path, "demo", "## Demo\ndemo table\n")
    report.write(path, "large", "## Large\nlarge table\n")
    report.write(path, "huge", "## Huge\nhuge table\n")
    report.write(path, "demo", "## Demo\nnew demo table\n")
    text = path.read_text(encoding="utf-8")
    assert "old table" not in text and text.count("demo table") == 1
    order = [text.index(report.markers(name)[0]) for name in report.ORDER]
    assert order == sorted(order)
    assert text.index("## Notes") > text.index(report.markers("postgresql")[1])
    assert text.count("kept") == 1 and text.startswith("# Benchmarks")


def test_a_new_file_starts_with_the_preamble(tmp_path):
    path = tmp_path / "BENCHMARKS.md"
    report.write(path, "huge", "## Huge\n")
    text = path.read_text(encoding="utf-8")
    assert text.startswith(report.PREAMBLE) and report.markers("huge")[1] in text


@pytest.mark.parametrize(("rate", "met"), [(0.45, True), (0.35, False)])
def test_the_demo_shares_are_judged_against_healthz_of_the_same_run(rate, met):
    found = {t.name: t for t in report.demo_targets(_demo_loads(rate), 100 * report.MB)}
    assert found["/agenda throughput"].met is met
    assert found["Published 12-item meeting page throughput"].met is True  # 40 %
    assert found["Guest page throughput"].met is False  # 20 % of 30 %
    assert found["Every response 200"].met is True


def test_the_demo_table_names_the_command_and_the_machine():
    setup = {"connections": 16, "seconds": 10.0, "generator": "wrk", "memory": 100 * report.MB}
    text = report.render_demo(_demo_loads(0.45), setup, ABOUT)
    assert "`make bench PASS=demo`" in text and "CPUs (nproc): 2" in text
    assert "| GET /agenda (participant) | 450 | 45% |" in text
    assert "short run" not in text


def test_passes_are_chosen_by_name(monkeypatch):
    monkeypatch.setenv("BENCH_PASS", "all")
    assert run.selected_passes() == list(run.PASSES)
    monkeypatch.setenv("BENCH_PASS", "demo,huge")
    assert run.selected_passes() == ["demo", "huge"]
    monkeypatch.setenv("BENCH_PASS", "nonsense")
    with pytest.raises(SystemExit):
        run.selected_passes()
