"""A network's topics for similar questions, as its coordinators keep them: the starting
thesaurus, the pages, adding, changing and removing a topic, bad words, stale forms, and the
history of each change."""

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from hallbarhet import history
from hallbarhet.errors import NotAllowed
from hallbarhet.extensions import db
from hallbarhet.models import (
    Dimension,
    Event,
    Network,
    Thesaurus,
    ThesaurusEntry,
    ThesaurusTopic,
)
from hallbarhet.similar import text
from hallbarhet.similar.thesaurus import ecological, entries, operations, social, store
from tests.factories import make_issue, make_network


def _topics(network) -> dict[str, list[str]]:
    return {topic.name: topic.words for topic in operations.topics_of(network)}


def _topic(network, name: str) -> ThesaurusTopic:
    return db.session.scalar(
        select(ThesaurusTopic).where(
            ThesaurusTopic.network_id == network.id, ThesaurusTopic.name == name
        )
    )


def _version(network) -> int:
    return db.session.get(Thesaurus, network.id).version


def _events(network) -> list[Event]:
    return list(
        db.session.scalars(select(Event).where(Event.network_id == network.id).order_by(Event.id))
    )


# --- the starting thesaurus ---------------------------------------------------------------


def test_a_new_network_starts_with_the_topics_of_its_dimension(app, world):
    expected = {
        world.neh: ecological.TOPICS,
        world.nsh: social.TOPICS,
    }
    for network, topics in expected.items():
        found = _topics(network)
        assert found == {name: sorted(set(words)) for name, words in topics.items()}
    economic = make_network("eko", "Nätverk för ekonomisk hållbarhet", Dimension.ECONOMIC, [])
    db.session.commit()
    assert _topics(economic) == {}
    assert db.session.get(Thesaurus, economic.id).version == 1


def test_the_starting_thesaurus_is_every_topic_of_before_in_one_network_each():
    assert set(ecological.TOPICS).isdisjoint(social.TOPICS)
    assert "våld i nära relationer" in social.TOPICS
    assert "trygghet och brott" in social.TOPICS
    assert "skyfall och dagvatten" in ecological.TOPICS


def test_every_starting_entry_is_one_a_coordinator_could_type():
    for topic, words in {**ecological.TOPICS, **social.TOPICS}.items():
        assert entries.name_problem(topic) is None, topic
        for word in words:
            assert text.normalise(word) == word, (topic, word)
            assert entries.entry_problem(word, word) is None, (topic, word)


def test_the_demo_networks_get_the_starting_thesaurus(app):
    from hallbarhet.demo import seed

    assert seed()
    for network in db.session.scalars(select(Network)):
        assert set(_topics(network)) == set(
            ecological.TOPICS if network.dimension == Dimension.ECOLOGICAL else social.TOPICS
        )


# --- the words as typed -------------------------------------------------------------------


def test_words_are_normalised_and_kept_once_in_the_order_typed():
    parsed = entries.parse("Skyfall\n dagvatten, SKYFALL;Café\r\n\n, VA ,co2")
    assert parsed.problems == []
    assert parsed.entries == ["skyfall", "dagvatten", "cafe", "va", "co2"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("by", "“by” is too short"),
        ("kraftiga regn", "“kraftiga regn” has a space"),
        ("co3", "“co3” has a digit or a sign"),
        ("va-nät", "“va-nät” has a digit or a sign"),
        ("a" * 41, "is too long"),
        (" , \n", "Write at least one word"),
    ],
)
def test_bad_words_are_named_in_the_message(app, typed, expected):
    with app.test_request_context(), force_locale("en"):
        problems = entries.parse(typed).problems
    assert len(problems) == 1
    assert expected in problems[0]


# --- the pages ----------------------------------------------------------------------------


def test_the_coordinator_sees_the_topics_with_their_words_and_questions(client, login_as, world):

    make_issue(world.neh, world.representative, title="Skyfallsplan för kommunen")
    db.session.commit()
    login_as("coordinator")
    response = client.get("/networks/neh/thesaurus")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>Ämnen för liknande frågor: Nätverk för ekologisk hållbarhet</h1>" in body
    topic = _topic(world.neh, "skyfall och dagvatten")
    item = body[body.index(f'id="topic-{topic.id}"') :]
    item = item[: item.index("</li>")]
    assert "1 fråga har ämnet" in item
    assert "dagvatt, dränering" in item
    assert f'href="/networks/neh/thesaurus/{topic.id}"' in item
    assert "Lägg till ett ämne" in body
    assert "våld i nära relationer" not in body  # the social network's


def test_the_pages_in_english(client, login_as, world):
    login_as("coordinator", lang="en")
    body = client.get("/networks/nsh/thesaurus").get_data(as_text=True)
    assert "Topics for similar questions: Nätverk för social hållbarhet" in body
    assert "Add a topic" in body
    topic = _topic(world.nsh, "landsbygd")
    body = client.get(f"/networks/nsh/thesaurus/{topic.id}").get_data(as_text=True)
    assert "Save the topic" in body
    assert "Remove “landsbygd”" in body


def test_the_pages_are_linked_where_coordinators_work(client, login_as, world):

    issue = make_issue(world.neh, world.representative, title="Skyfallsplan för kommunen")
    db.session.commit()
    link = 'href="/networks/neh/thesaurus"'
    login_as("coordinator")
    assert link in client.get("/networks/neh/standing-items").get_data(as_text=True)
    assert link in client.get(f"/issues/{issue.id}").get_data(as_text=True)
    assert link in client.get("/issues/similar?title=Skyfall").get_data(as_text=True)
    login_as("representative")
    assert link not in client.get(f"/issues/{issue.id}").get_data(as_text=True)


def test_adding_a_topic(client, login_as, world):
    before = _version(world.neh)
    login_as("coordinator")
    response = client.post(
        "/networks/neh/thesaurus",
        data={"name": "  Laddinfrastruktur ", "words": "Laddstolpe\nladdplats, LADDSTOLPE"},
    )
    assert response.status_code == 302
    topic = _topic(world.neh, "Laddinfrastruktur")
    assert response.headers["Location"].endswith(f"/networks/neh/thesaurus#topic-{topic.id}")
    assert topic.words == ["laddplats", "laddstolpe"]
    assert _version(world.neh) == before + 1
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Ämnet ”Laddinfrastruktur” är tillagt." in page
    assert "De liknande frågorna följer redan ändringen." in page
    event = _events(world.neh)[-1]
    assert (event.action, event.actor_id, event.from_value) == (
        "thesaurus_topic_added",
        world.coordinator.id,
        None,
    )
    assert event.to_value == "Laddinfrastruktur: laddstolpe, laddplats"
    with client.application.test_request_context():
        assert "Laddinfrastruktur: laddstolpe, laddplats" in history.sentence(event)[0]


def test_bad_words_refuse_the_whole_topic_with_a_message_beside_the_field(client, login_as, world):
    before = (_version(world.neh), db.session.scalar(select(func.count(ThesaurusTopic.id))))
    login_as("coordinator")
    response = client.post(
        "/networks/neh/thesaurus",
        data={"name": "Laddning", "words": "laddstolpe\nel bil\nab\nladd2"},
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Ingenting sparades." in body
    error = body[body.index('id="words-error"') :]
    error = error[: error.index("</p>")]
    assert "”el bil” har ett mellanslag" in error
    assert "”ab” är för kort" in error
    assert "”ladd2” har en siffra eller ett tecken" in error
    assert 'aria-invalid="true"' in body
    assert "laddstolpe\nel bil" in body  # what was typed stays in the field
    assert (
        _version(world.neh),
        db.session.scalar(select(func.count(ThesaurusTopic.id))),
    ) == before
    assert _events(world.neh) == []


@pytest.mark.parametrize(
    ("name", "message"),
    [("", "Ge ämnet ett namn"), ("SKYFALL OCH DAGVATTEN", "har redan ett ämne")],
)
def test_a_topic_needs_a_name_of_its_own(client, login_as, world, name, message):
    login_as("coordinator")
    response = client.post("/networks/neh/thesaurus", data={"name": name, "words": "sol"})
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    error = body[body.index('id="name-error"') :]
    assert message in error[: error.index("</p>")]


def test_the_same_name_may_be_a_topic_of_another_network(app, world):
    saved = operations.add_topic(world.coordinator, world.nsh, "skyfall och dagvatten", "skyfall")
    assert saved.topic.network_id == world.nsh.id


def test_changing_a_topic_records_the_name_and_the_words(client, login_as, world):
    topic = _topic(world.neh, "solenergi")
    words = topic.words
    before = _version(world.neh)
    login_as("neh_coordinator")
    page = client.get(f"/networks/neh/thesaurus/{topic.id}").get_data(as_text=True)
    assert f'name="version" value="{topic.version}"' in page
    assert ">\r\n" + "\n".join(words) + "</textarea>" in page
    response = client.post(
        f"/networks/neh/thesaurus/{topic.id}",
        data={
            "name": "Solenergi och solel",
            "words": "\n".join([*words[1:], "Solstrålning"]),
            "version": str(topic.version),
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    topic = db.session.get(ThesaurusTopic, topic.id)
    assert topic.name == "Solenergi och solel"
    assert topic.words == sorted({*words[1:], "solstrålning"})
    assert topic.version == 2
    assert _version(world.neh) == before + 1
    renamed, changed = _events(world.neh)
    assert (renamed.action, renamed.from_value, renamed.to_value) == (
        "thesaurus_topic_renamed",
        "solenergi",
        "Solenergi och solel",
    )
    assert changed.action == "thesaurus_words_changed"
    assert changed.from_value == ", ".join(words)
    assert changed.message == f"Solenergi och solel: + solstrålning; − {words[0]}"


def test_saving_a_topic_unchanged_changes_nothing(client, login_as, world):
    topic = _topic(world.neh, "solenergi")
    before = _version(world.neh)
    login_as("coordinator")
    response = client.post(
        f"/networks/neh/thesaurus/{topic.id}",
        data={
            "name": topic.name,
            "words": ", ".join(reversed(topic.words)),
            "version": str(topic.version),
        },
        follow_redirects=True,
    )
    assert "Ingenting ändrades." in response.get_data(as_text=True)
    assert _version(world.neh) == before
    assert _events(world.neh) == []


def test_a_stale_save_is_refused_with_the_topic_as_it_is_now(client, login_as, world):
    topic = _topic(world.neh, "solenergi")
    operations.change_topic(
        world.neh_coordinator, world.neh, topic.id, topic.version, topic.name, "solenergi\nsolel"
    )
    login_as("coordinator")
    response = client.post(
        f"/networks/neh/thesaurus/{topic.id}",
        data={"name": "Sol", "words": "solcell", "version": "1"},
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Någon annan ändrade det här ämnet" in body
    assert 'name="version" value="2"' in body
    assert ">\r\nsolel\nsolenergi</textarea>" in body
    assert "Det du skickade" in body and "solcell" in body
    db.session.expire_all()
    assert db.session.get(ThesaurusTopic, topic.id).words == ["solel", "solenergi"]


def test_removing_a_topic_keeps_its_words_in_the_history(client, login_as, world):
    topic = _topic(world.neh, "solenergi")
    topic_id, words = topic.id, topic.words
    login_as("coordinator")
    response = client.post(
        f"/networks/neh/thesaurus/{topic_id}/remove",
        data={"remove-version": str(topic.version)},
        follow_redirects=True,
    )
    body = response.get_data(as_text=True)
    assert "Ämnet ”solenergi” är borttaget. Dess ord var: " + ", ".join(words) in body
    db.session.expire_all()
    assert db.session.get(ThesaurusTopic, topic_id) is None
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(ThesaurusEntry)
            .where(ThesaurusEntry.topic_id == topic_id)
        )
        == 0
    )
    event = _events(world.neh)[-1]
    assert event.action == "thesaurus_topic_removed"
    assert event.message == "solenergi: " + ", ".join(words)
    assert event.to_value is None
    # Gone: its page is 404, and a form still open on it is told so.
    assert client.get(f"/networks/neh/thesaurus/{topic_id}").status_code == 404
    again = client.post(f"/networks/neh/thesaurus/{topic_id}/remove", data={"remove-version": "1"})
    assert again.status_code == 409
    assert "Någon annan tog bort det här ämnet" in again.get_data(as_text=True)
    saved = client.post(
        f"/networks/neh/thesaurus/{topic_id}",
        data={"name": "solenergi", "words": "sol", "version": "1"},
    )
    assert saved.status_code == 409
    assert "Någon annan tog bort det här ämnet" in saved.get_data(as_text=True)


def test_a_stale_removal_is_refused(client, login_as, world):
    topic = _topic(world.neh, "solenergi")
    operations.change_topic(
        world.coordinator, world.neh, topic.id, topic.version, topic.name, "solenergi"
    )
    login_as("coordinator")
    response = client.post(
        f"/networks/neh/thesaurus/{topic.id}/remove", data={"remove-version": "1"}
    )
    assert response.status_code == 409
    assert db.session.get(ThesaurusTopic, topic.id) is not None


def test_a_coordinator_of_another_network_may_not_change_it(app, world):
    topic = _topic(world.nsh, "landsbygd")
    with pytest.raises(NotAllowed):
        operations.change_topic(
            world.neh_coordinator, world.nsh, topic.id, topic.version, "x", "landsbygd"
        )
    with pytest.raises(NotAllowed):
        operations.remove_topic(world.neh_coordinator, world.nsh, topic.id, topic.version)
    assert db.session.get(ThesaurusTopic, topic.id).name == "landsbygd"


def test_a_request_reads_again_only_the_thesauri_that_changed(app, world, monkeypatch):
    read = []
    real = store._topics
    monkeypatch.setattr(
        store, "_topics", lambda connection, ids: read.append(sorted(ids)) or real(connection, ids)
    )
    store.forget()  # as a new request starts
    first = store.current()
    assert store.current() is first  # asked once in a request
    read.clear()
    store.forget()
    assert store.current().matchers == first.matchers  # the same versions: nothing read
    assert read == []
    operations.add_topic(world.coordinator, world.neh, "pollinatörer", "fjäril")
    store.forget()
    again = store.current()
    assert read[-1] == [world.neh.id]
    assert "pollinatörer" in again.of(world.neh.id).topics
    assert again.of(world.nsh.id) is first.of(world.nsh.id)


def test_thesaurus_pages_are_valid_html(client, login_as, world, tmp_path):
    from tests.browser.test_html_validity import validate

    topic = _topic(world.neh, "solenergi")
    login_as("coordinator")
    documents = {
        "list": client.get("/networks/neh/thesaurus").data,
        "edit": client.get(f"/networks/neh/thesaurus/{topic.id}").data,
        "bad words": client.post(
            "/networks/neh/thesaurus", data={"name": "", "words": "a b\nx1"}
        ).data,
        "bad edit": client.post(
            f"/networks/neh/thesaurus/{topic.id}",
            data={"name": "x" * 70, "words": "", "version": str(topic.version)},
        ).data,
        "stale edit": client.post(
            f"/networks/neh/thesaurus/{topic.id}",
            data={"name": "Sol", "words": "sol", "version": "99"},
        ).data,
    }
    assert validate(documents, tmp_path) == []
