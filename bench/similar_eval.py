"""How well the similar questions find the same topic: `python -m bench.similar_eval`.

Loads tests/data/similar_eval.json (realistic questions, each with the topic a coordinator
would file it under) into a fresh in-memory database through the app's models, asks for
each question's similar ones as the question's page does, and prints recall@5 and
precision@1 for the full blend and for each part of it (the ablation in BENCHMARKS.md).

recall@5: of the other questions with the same topic, the share found in the top five,
divided by min(5, how many there are). precision@1: the top hit has the same topic.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from hallbarhet.demo import ADMINISTRATIONS, NETWORKS
from hallbarhet.extensions import db
from hallbarhet.models import (
    Administration,
    AskedFor,
    Issue,
    IssueKind,
    IssueStatus,
    Network,
    User,
    WorkArea,
)
from hallbarhet.similar import ranking
from hallbarhet.similar.queries import find_similar

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "similar_eval.json"
# Open and earlier questions alike: the lookup shows both.
STATUSES = (
    IssueStatus.SUBMITTED,
    IssueStatus.CLOSED,
    IssueStatus.SCHEDULED,
    IssueStatus.DISCUSSED,
    IssueStatus.PARKED,
)

ABLATION = {
    "stems only": ranking.only(stems=ranking.WEIGHTS.stems),
    "trigrams only": ranking.only(trigrams=ranking.WEIGHTS.trigrams),
    "stems + trigrams": ranking.only(
        stems=ranking.WEIGHTS.stems, trigrams=ranking.WEIGHTS.trigrams
    ),
    "+ thesaurus": ranking.only(
        stems=ranking.WEIGHTS.stems,
        trigrams=ranking.WEIGHTS.trigrams,
        concepts=ranking.WEIGHTS.concepts,
    ),
    "+ work area and goals (the blend)": ranking.WEIGHTS,
}


@dataclass
class Loaded:
    viewer: User
    topics: dict[int, str]  # issue id -> topic


def questions(path: Path = DATA) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["questions"]


def load(path: Path = DATA) -> Loaded:
    """The evaluation questions as submitted questions of the demo's administrations."""
    networks = _networks()
    areas = {area.name: area for network in networks.values() for area in network.work_areas}
    administrations = []
    for name, short in ADMINISTRATIONS:
        administration = Administration(name=name, short_name=short)
        db.session.add(administration)
        administrations.append(administration)
    # Nobody signs in as these two: "-" is no password hash, so no password matches it.
    submitter = User(email="eval@example.org", name="Utvärdering", password_hash="-")  # noqa: S106
    viewer = User(email="admin@example.org", name="Admin", password_hash="-", is_admin=True)  # noqa: S106
    db.session.add_all([submitter, viewer])
    db.session.flush()
    topics = {}
    for number, question in enumerate(questions(path), start=1):
        network = networks[question["network"]]
        area = areas.get(question["work_area"]) if question["work_area"] else None
        issue = Issue(
            network=network,
            administration=administrations[number % len(administrations)],
            submitter=submitter,
            reference=f"{network.slug.upper()}-2026-{number:03d}",
            title=question["title"],
            description=question["description"],
            kind=IssueKind.DIALOGUE,
            asked_for=AskedFor.DIALOGUE,
            work_area=area,
            goals=question["goals"],
            status=STATUSES[number % len(STATUSES)],
        )
        db.session.add(issue)
        db.session.flush()
        topics[issue.id] = question["topic"]
    db.session.commit()
    return Loaded(viewer, topics)


def _networks() -> dict[str, Network]:
    found = {}
    for slug, (name, dimension, description, area_names) in NETWORKS.items():
        network = Network(slug=slug, name=name, dimension=dimension, description=description)
        network.work_areas = [WorkArea(name=a, position=i) for i, a in enumerate(area_names)]
        db.session.add(network)
        found[slug] = network
    db.session.flush()
    return found


def rankings(loaded: Loaded, weights: ranking.Weights = ranking.WEIGHTS) -> dict[int, list[int]]:
    """For each question, the ids of its similar questions, best first (as on its page)."""
    issues = db.session.scalars(select(Issue).where(Issue.id.in_(loaded.topics))).all()
    return {
        issue.id: [
            found.issue.id
            for found in find_similar(
                loaded.viewer,
                issue.title,
                issue.description,
                work_area_id=issue.work_area_id,
                goals=issue.goals,
                network_id=issue.network_id,
                exclude_id=issue.id,
                weights=weights,
            )
        ]
        for issue in issues
    }


def figures(topics: dict[int, str], ranked: dict[int, list[int]]) -> dict[str, float]:
    recall, precision = [], []
    for issue_id, hits in ranked.items():
        topic = topics[issue_id]
        others = sum(1 for i, t in topics.items() if t == topic and i != issue_id)
        if not others:
            continue
        found = sum(1 for hit in hits[:5] if topics[hit] == topic)
        recall.append(found / min(5, others))
        precision.append(1.0 if hits and topics[hits[0]] == topic else 0.0)
    return {
        "recall@5": sum(recall) / len(recall),
        "precision@1": sum(precision) / len(precision),
        "queries": len(recall),
    }


def evaluate(loaded: Loaded, weights: ranking.Weights = ranking.WEIGHTS) -> dict[str, float]:
    return figures(loaded.topics, rankings(loaded, weights))


def ablation(loaded: Loaded) -> list[tuple[str, dict[str, float]]]:
    return [(name, evaluate(loaded, weights)) for name, weights in ABLATION.items()]


def main() -> None:
    from hallbarhet import create_app

    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "eval-only"}
    )
    with app.app_context():
        db.create_all()
        loaded = load()
        topics = len(set(loaded.topics.values()))
        print(f"{len(loaded.topics)} questions in {topics} topics ({DATA.name})\n")
        print("| ranking | recall@5 | precision@1 |")
        print("|---|---:|---:|")
        for name, result in ablation(loaded):
            print(f"| {name} | {result['recall@5']:.2f} | {result['precision@1']:.2f} |")


if __name__ == "__main__":
    main()
