"""The migration that put the thesaurus in the database: the networks there were get
today's topics by their dimension, their index is marked to follow, and it goes back down."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from hallbarhet import create_app
from hallbarhet.extensions import db
from hallbarhet.similar.thesaurus import ecological, social

BEFORE = "a1c4e7b9d302"


def test_the_networks_there_are_get_todays_topics(tmp_path):
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'm.sqlite'}"}
    )
    with app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO network (slug, name, dimension, description, "
                    "submission_lead_days, agenda_lead_days) VALUES "
                    "('neh', 'NEH', 'ecological', '', 14, 5), ('nsh', 'NSH', 'social', '', 14, 5), "
                    "('eko', 'Ekonomi', 'economic', '', 14, 5)"
                )
            )
        upgrade()
        with db.engine.connect() as connection:
            states = connection.execute(
                text(
                    "SELECT n.slug, t.version, t.indexed_version FROM thesaurus t "
                    "JOIN network n ON n.id = t.network_id ORDER BY n.slug"
                )
            ).all()
            rows = connection.execute(
                text(
                    "SELECT n.slug, p.name, e.word FROM thesaurus_topic p "
                    "JOIN network n ON n.id = p.network_id "
                    "JOIN thesaurus_entry e ON e.topic_id = p.id"
                )
            ).all()
        assert states == [("eko", 1, 0), ("neh", 1, 0), ("nsh", 1, 0)]
        found: dict[str, dict[str, set[str]]] = {}
        for slug, name, word in rows:
            found.setdefault(slug, {}).setdefault(name, set()).add(word)
        assert found["neh"] == {name: set(words) for name, words in ecological.TOPICS.items()}
        assert found["nsh"] == {name: set(words) for name, words in social.TOPICS.items()}
        assert "eko" not in found
        downgrade(revision=BEFORE)
        tables = set(inspect(db.engine).get_table_names())
        assert not tables & {"thesaurus", "thesaurus_topic", "thesaurus_entry"}
        db.engine.dispose()
