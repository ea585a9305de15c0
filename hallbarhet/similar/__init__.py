"""Similar questions: while a question is typed, on the triage card and on its page, the
questions most like it from all administrations, so that the same topic meets in one item.

text.py and each network's thesaurus (thesaurus/: the starting one in code, each network's
own in the database, store.py keeping it in the process) turn wording into terms, index.py
keeps the terms and proposes candidates, follow.py brings them up to a changed thesaurus,
ranking.py orders them, queries.py puts it together for a viewer. The blueprints are defined
in views.py (the lookup) and thesaurus/views.py (the coordinators' topics), the command in
cli.py; create_app registers them."""

# Its flush listener keeps every question's terms current, whichever module saves it.
from . import index  # noqa: F401
