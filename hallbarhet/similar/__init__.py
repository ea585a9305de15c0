"""Similar questions: while a question is typed, on the triage card and on its page, the
questions most like it from all administrations, so that the same topic meets in one item.

text.py and thesaurus/ turn wording into terms, index.py keeps the terms and proposes
candidates, ranking.py orders them, queries.py puts it together for a viewer. The blueprint
is defined in views.py, the command in cli.py; create_app registers both."""

# Its flush listener keeps every question's terms current, whichever module saves it.
from . import index  # noqa: F401
