"""Similar questions: while a question is typed, on the triage card and on its page, the
questions most like it from all administrations, so that the same topic meets in one item.

text.py and thesaurus/ turn wording into terms, index.py keeps the terms and proposes
candidates, ranking.py orders them, queries.py puts it together for a viewer."""

from flask import Blueprint

bp = Blueprint("similar", __name__, cli_group=None)

from . import cli, index, views  # noqa: E402, F401
