"""What every area's sentences share: a value in words, the person or network an Event is
about, the "before → after" of a change, and the type of every area's table of sentences."""

from collections.abc import Callable

from .. import labels
from ..models import Event

NOTHING = "–"

# action -> (the sentence, whether the Event's message is free text shown under it).
Sentences = dict[str, tuple[Callable[[Event], str], bool]]


def coded(table: dict, value: str | None) -> str:
    """A code in words through its label table; a value that is no code as it is."""
    if not value:
        return NOTHING
    for code, label in table.items():
        if code == value:
            return str(label)
    return value


def person(event: Event) -> str:
    return event.person.name if event.person else NOTHING


def network(event: Event) -> str:
    return event.network.slug.upper() if event.network else NOTHING


def role(value: str | None) -> str:
    return coded(labels.ROLE, value).lower()


def name_of(row) -> str:
    return row.name if row is not None else NOTHING


def change(event: Event) -> dict[str, str]:
    """The before and after of a change as its sentence names them, "–" for nothing:
    _("renamed …: %(before)s → %(after)s", **change(event))."""
    return {"before": event.from_value or NOTHING, "after": event.to_value or NOTHING}
