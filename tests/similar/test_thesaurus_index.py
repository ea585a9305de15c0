"""The similar questions follow a network's thesaurus: a coordinator's topic makes questions
similar and its removal undoes that, each network's questions get their own network's topics,
a large network follows in the background while the pages keep working, and every app server
sees a change at its next request."""

import pytest
from sqlalchemy import select

from bench import similar_eval
from hallbarhet import create_app
from hallbarhet.extensions import db
from hallbarhet.models import IssueTerm, Thesaurus, ThesaurusTopic
from hallbarhet.similar import follow, index, ranking
from hallbarhet.similar.queries import find_similar
from hallbarhet.similar.thesaurus import operations, store
from tests.factories import make_issue

# Two questions that share no word, no three-letter piece of a title and no topic of the
# starting thesaurus: only a topic of the coordinators' own brings them together.
ONE = ("Pollinerande fjärilar", "Hur gynnar vi fjärilar?")
OTHER = ("Humlor vid vägkanten", "Fler humlor behövs.")


def _terms(issue_id: int) -> set[str]:
    return set(db.session.scalars(select(IssueTerm.term).where(IssueTerm.issue_id == issue_id)))


def _similar(user, issue) -> list[int]:
    store.forget()
    return [
        found.issue.id
        for found in find_similar(
            user, issue.title, issue.description, network_id=issue.network_id, exclude_id=issue.id
        )
    ]


@pytest.fixture
def pair(world):
    one = make_issue(world.neh, world.representative, title=ONE[0], description=ONE[1])
    other = make_issue(world.neh, world.other_representative, title=OTHER[0], description=OTHER[1])
    db.session.commit()
    return one, other


def _pollinators(world):
    return db.session.scalar(
        select(ThesaurusTopic).where(
            ThesaurusTopic.network_id == world.neh.id, ThesaurusTopic.name == "pollinatörer"
        )
    )


def test_the_pair_shares_nothing_of_the_starting_thesaurus(app, world, pair):
    one, other = pair
    topics = store.current().of(world.neh.id)
    assert not ranking.profile(*ONE, topics=topics).concepts.keys() & (
        ranking.profile(*OTHER, topics=topics).concepts.keys()
    )
    assert _similar(world.coordinator, one) == []


def test_a_coordinators_new_topic_makes_the_pair_similar_and_removing_it_undoes_that(
    client, login_as, world, pair
):
    one, other = pair
    login_as("coordinator")
    response = client.post(
        "/networks/neh/thesaurus",
        data={"name": "pollinatörer", "words": "fjäril\nhumla\nhumlor"},
        follow_redirects=True,
    )
    assert "De liknande frågorna följer redan ändringen." in response.get_data(as_text=True)
    assert "c:pollinatörer" in _terms(one.id) and "c:pollinatörer" in _terms(other.id)
    assert _similar(world.coordinator, one) == [other.id]
    page = client.get(f"/issues/{one.id}").get_data(as_text=True)
    similar = page[page.index('id="similar"') :]
    assert OTHER[0] in similar
    assert "ämne: pollinatörer" in similar

    topic = _pollinators(world)
    client.post(
        f"/networks/neh/thesaurus/{topic.id}/remove", data={"remove-version": str(topic.version)}
    )
    assert "c:pollinatörer" not in _terms(one.id) | _terms(other.id)
    assert _similar(world.coordinator, one) == []
    page = client.get(f"/issues/{one.id}").get_data(as_text=True)
    assert OTHER[0] not in page[page.index('id="similar"') :]


def test_a_large_network_follows_in_the_background_while_the_pages_work(
    client, login_as, world, pair, runner, monkeypatch
):
    monkeypatch.setattr(follow, "AT_ONCE", 1)  # the pair is "large"
    one, other = pair
    login_as("coordinator")
    response = client.post(
        "/networks/neh/thesaurus",
        data={"name": "pollinatörer", "words": "fjäril, humla, humlor"},
        follow_redirects=True,
    )
    body = response.get_data(as_text=True)
    assert "följer ändringen inom några minuter" in body
    assert "håller på att komma ikapp" in body  # the page says so until it has
    assert follow.is_stale(db.session, world.neh.id)
    assert "c:pollinatörer" not in _terms(one.id)
    # The lookup keeps working on the old terms meanwhile.
    found = client.get(f"/issues/{one.id}/similar", headers={"HX-Request": "true"})
    assert found.status_code == 200
    assert OTHER[0] not in found.get_data(as_text=True)

    result = runner.invoke(args=["reindex-similar", "--stale"])
    assert result.exit_code == 0, result.output
    assert "The similar questions of neh follow its thesaurus." in result.output
    assert not follow.is_stale(db.session, world.neh.id)
    assert "c:pollinatörer" in _terms(one.id)
    assert _similar(world.coordinator, one) == [other.id]
    assert "håller på" not in client.get("/networks/neh/thesaurus").get_data(as_text=True)
    # Nothing stale: the command does nothing.
    assert runner.invoke(args=["reindex-similar", "--stale"]).output == ""


def test_following_in_batches_gives_what_a_full_reindex_gives(app, world, pair):
    make_issue(world.neh, world.representative, title="Solceller på förskoletaken")
    make_issue(world.nsh, world.representative, title="Fjärilar i skolträdgården")
    db.session.commit()
    topic = operations.add_topic(world.coordinator, world.neh, "pollinatörer", "fjäril").topic
    operations.change_topic(
        world.coordinator, world.neh, topic.id, topic.version, "pollinatörer", "fjäril\nhumla"
    )
    db.session.execute(Thesaurus.__table__.update().values(indexed_version=0))
    db.session.commit()
    assert follow.follow_thesaurus(db.session, world.neh.id, batch=1)
    assert follow.follow_thesaurus(db.session, world.nsh.id, batch=1)
    followed = set(db.session.execute(select(IssueTerm.issue_id, IssueTerm.term)).all())
    index.reindex_all(db.session)
    assert set(db.session.execute(select(IssueTerm.issue_id, IssueTerm.term)).all()) == followed


def test_topic_terms_alone_are_those_of_the_full_terms(app):
    similar_eval.load()
    thesauri = store.current()
    rows = db.session.execute(select(*index.COLUMNS)).all()
    for row in rows:
        topics = thesauri.of(row.network_id)
        full = {term for term in index.terms(index.issue_profile(row, topics)) if term[0] == "c"}
        assert index.concept_terms(row, topics) == full, row.title


def test_a_following_that_meets_a_newer_change_starts_over_with_it(app, world, pair, monkeypatch):
    one, _other = pair
    operations.add_topic(world.coordinator, world.neh, "pollinatörer", "fjäril")
    db.session.execute(Thesaurus.__table__.update().values(indexed_version=0))
    db.session.commit()
    real = follow._derive
    changes = []

    def changed_meanwhile(session, network_id, version, topics, batch):
        if not changes:
            # Another coordinator saves while the first round is under way.
            changes.append(version)
            session.execute(
                Thesaurus.__table__.update()
                .where(Thesaurus.network_id == network_id)
                .values(version=Thesaurus.version + 1)
            )
            session.commit()
        return real(session, network_id, version, topics, batch)

    monkeypatch.setattr(follow, "_derive", changed_meanwhile)
    assert follow.follow_thesaurus(db.session, world.neh.id)
    thesaurus = db.session.get(Thesaurus, world.neh.id)
    db.session.refresh(thesaurus)
    assert thesaurus.indexed_version == thesaurus.version == changes[0] + 1
    assert "c:pollinatörer" in _terms(one.id)


def test_each_network_gives_its_own_questions_its_own_topics(app, world):
    neh = make_issue(world.neh, world.representative, title="Våld i nära relationer")
    nsh = make_issue(world.nsh, world.representative, title="Våld i nära relationer")
    db.session.commit()
    assert "c:våld i nära relationer" in _terms(nsh.id)
    assert not any(term.startswith("c:") for term in _terms(neh.id))
    operations.add_topic(world.coordinator, world.neh, "våld i nära relationer", "våld")
    assert "c:våld i nära relationer" in _terms(neh.id)


def test_a_question_moved_to_another_network_gets_that_networks_topics(app, world):
    issue = make_issue(world.neh, world.representative, title="Våld i nära relationer")
    db.session.commit()
    issue.network = world.nsh
    db.session.commit()
    assert "c:våld i nära relationer" in _terms(issue.id)


def test_typed_wording_gets_the_topics_of_its_network(client, login_as, world):
    nsh = make_issue(
        world.nsh, world.other_representative, title="Kvinnofridsarbetet i socialtjänsten"
    )
    db.session.commit()
    login_as("coordinator")

    def found(**network):
        response = client.get("/issues/similar", query_string={"title": "Relationsvåld", **network})
        return nsh.reference in response.get_data(as_text=True)

    # The wording shares only the topic with the question: NEH's thesaurus lacks it.
    assert found(network=world.nsh.id)
    assert found()  # in no network: every network's topics
    assert not found(network=world.neh.id)


def test_another_app_server_sees_a_change_at_its_next_request(app, world, pair):
    one, other = pair
    second = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "SERVER_NAME": "localhost",
        }
    )

    def seen_on_the_second() -> set[str]:
        with second.app_context():
            try:
                return set(store.current().of(world.neh.id).topics)
            finally:
                db.session.remove()

    assert "pollinatörer" not in seen_on_the_second()
    operations.add_topic(world.coordinator, world.neh, "pollinatörer", "fjäril")
    assert "pollinatörer" in seen_on_the_second()
    topic = _pollinators(world)
    operations.remove_topic(world.coordinator, world.neh, topic.id, topic.version)
    assert "pollinatörer" not in seen_on_the_second()
    with second.app_context():
        db.engine.dispose()
