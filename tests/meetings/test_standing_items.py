"""The standing items a planned meeting starts with: the network's template, or the three
defaults."""

from hallbarhet.extensions import db
from hallbarhet.meetings.operations import standing_items
from hallbarhet.models import ItemKind, StandingItem
from tests.factories import make_meeting


def titles(meeting):
    return [(item.title, item.allotted_minutes, item.kind) for item in meeting.items]


def test_a_network_without_a_template_gets_the_three_standing_items(world):
    defaults = standing_items()
    assert len(defaults) == 3
    assert standing_items(world.neh) == defaults
    assert [(item.title, item.allotted_minutes) for item in world.neh_meeting.items] == defaults


def test_a_network_with_a_template_plans_its_meetings_with_it(world):
    world.nsh.standing_items = [
        StandingItem(position=0, title="Välkommen", minutes=10),
        StandingItem(position=2, title="Nästa möte och avslut", minutes=5),
        StandingItem(position=1, title="Aktuellt från förvaltningarna", minutes=30),
    ]
    db.session.commit()

    meeting = make_meeting(world.nsh, 40, "Folkhälsa")
    other = make_meeting(world.neh, 40, "Avfall")
    db.session.commit()

    assert titles(meeting) == [
        ("Välkommen", 10, ItemKind.STANDING),
        ("Aktuellt från förvaltningarna", 30, ItemKind.STANDING),
        ("Nästa möte och avslut", 5, ItemKind.STANDING),
    ]
    assert [(title, minutes) for title, minutes, _ in titles(other)] == standing_items()
