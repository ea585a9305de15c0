"""Similar-question lookups over the large municipality, in process:
`python -m bench.similar_latency [database URL]` (default: a temporary SQLite file).

Seeds bench/seed_large.py's 10,000 questions (which builds the term index), then times
lookups as the question form makes them (a title being typed) and as a question's page
and triage card make them (title and description). Target: p95 under 30 ms. `make bench`
measures the same lookups over HTTP (bench/run.py).
"""

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from hallbarhet.extensions import db
from hallbarhet.models import Issue, IssueStatus, User

from .seed_large import WORDS

TYPED = [
    "Skyfallsplan för kommunen",
    "Solenergi på förskoletaken",
    "Handlingsplan mot mäns våld mot kvinnor",
    "kemikalier i förskola",
    "Cykel",
    "upphandling av solceller och energi",
]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure(rounds: int = 200) -> dict[str, dict[str, float]]:
    from hallbarhet.similar.queries import find_similar, similar_to_issue

    rng = random.Random(7)  # noqa: S311  (benchmark data, not security)
    user = db.session.scalar(select(User).where(User.email == "coordinator@bench.example"))
    ids = db.session.scalars(select(Issue.id).where(Issue.status != IssueStatus.DRAFT)).all()
    typed = TYPED + [" ".join(rng.sample(WORDS, 3)) for _ in range(30)]
    timings: dict[str, list[float]] = {"typed title": [], "question's page": []}
    for number in range(rounds):
        started = time.perf_counter()
        find_similar(user, typed[number % len(typed)])
        timings["typed title"].append((time.perf_counter() - started) * 1000)
        issue = db.session.get(Issue, rng.choice(ids))
        started = time.perf_counter()
        similar_to_issue(user, issue)
        timings["question's page"].append((time.perf_counter() - started) * 1000)
        db.session.rollback()
    return {
        name: {
            "p50 ms": statistics.median(values),
            "p95 ms": percentile(values, 0.95),
            "lookups": len(values),
        }
        for name, values in timings.items()
    }


def main() -> None:
    from flask_migrate import upgrade

    from hallbarhet import create_app

    from .seed_large import seed

    with tempfile.TemporaryDirectory() as folder:
        url = sys.argv[1] if len(sys.argv) > 1 else f"sqlite:///{Path(folder) / 'bench.sqlite'}"
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": url,
                "SECRET_KEY": "bench-similar-only",
                "BASE_URL": "http://127.0.0.1",
            }
        )
        with app.app_context():
            if db.engine.dialect.name != "sqlite":
                db.drop_all()
                db.session.execute(db.text("DROP TABLE IF EXISTS alembic_version"))
                db.session.commit()
            upgrade()
            started = time.perf_counter()
            seeded = seed()
            print(f"seeded in {time.perf_counter() - started:.1f} s: {seeded.counts}")
            for name, figures in measure().items():
                print(
                    f"{name}: p50 {figures['p50 ms']:.1f} ms, p95 {figures['p95 ms']:.1f} ms "
                    f"({figures['lookups']} lookups)"
                )
            db.engine.dispose()


if __name__ == "__main__":
    main()
