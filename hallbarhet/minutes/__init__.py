"""Minutes (minnesanteckningar): notes and outcomes per item, action items, publishing."""

from flask import Blueprint

bp = Blueprint("minutes", __name__)

from . import views  # noqa: E402, F401
from .words import due_words, is_overdue, outcome_choices, outcome_label  # noqa: E402

# The meeting page and the overview belong to other areas; they include this area's
# partials, which word what they show through these (the views load it).
for _function in (
    due_words,
    is_overdue,
    outcome_choices,
    outcome_label,
):
    bp.add_app_template_global(_function)
