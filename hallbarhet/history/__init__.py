"""The history in words: a sentence for every kind of Event (every action passed to
models.events.record), in the request's language, with its codes (statuses, outcomes,
fields, answers) said through the labels. Templates show it after the actor's name:
"Cora Samordnare: changed the status: Submitted → Scheduled".

Each area of the product has its module of sentences: records (questions, meetings,
agendas, minutes), organisation, accounts, directory, statement and thesaurus; shape holds
what they share."""

from ..models import Event
from . import accounts, directory, organisation, records, statement, thesaurus
from .shape import Sentences

AREAS = (records, organisation, accounts, directory, statement, thesaurus)


def _merged() -> Sentences:
    merged: Sentences = {}
    for area in AREAS:
        twice = merged.keys() & area.SENTENCES.keys()
        if twice:
            raise RuntimeError(f"{area.__name__} says again what another area says: {twice}")
        merged.update(area.SENTENCES)
    return merged


# Every area's sentences: action -> (the sentence, whether the Event's message is free text
# shown under it).
SENTENCES = _merged()


def sentence(event: Event) -> tuple[str, str]:
    """(what the actor did, the free text that goes with it or "")."""
    words, with_message = SENTENCES.get(event.action, (None, True))
    if words is None:
        # An action without a sentence yet (tests/app/test_history_words.py finds every one).
        before, after = event.from_value or "", event.to_value or ""
        text = f"{event.action}: {before} → {after}" if before or after else event.action
        return text, event.message or ""
    return words(event), (event.message or "") if with_message else ""
