"""The accessibility statement: the public page (/tillganglighet) and the administrators'
form for the municipality's parts of it (/admin/accessibility-statement)."""

import re

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from ..access import admin_required
from ..errors import Conflict
from ..models import AccessibilityStatement
from . import queries
from .forms import StatementForm, form_data
from .operations import save_statement

bp = Blueprint("statement", __name__)

# Where DIGG takes complaints about a public body's digital service (DIGG's model links it).
DIGG_COMPLAINT_URL = "https://www.digg.se/tdosanmalan"


@bp.get("/tillganglighet")
def show():
    """Public: signed out too, as the law wants the statement within reach of everyone."""
    statement = queries.current_statement()
    problems, problems_lang = _known_problems(statement)
    return render_template(
        "statement/show.html",
        statement=statement,
        problems=problems,
        problems_lang=problems_lang,
        complaint_url=DIGG_COMPLAINT_URL,
    )


@bp.route("/admin/accessibility-statement", methods=["GET", "POST"])
@admin_required
def edit():
    statement = queries.current_statement()
    if request.method == "GET":
        return _edit_page(statement, StatementForm(data=form_data(statement)), 200)
    form = StatementForm()
    if not form.validate():
        return _edit_page(statement, form, 422, refused=True)
    try:
        changed = save_statement(current_user, form.version_number(), form.to_input())
    except Conflict as error:
        # Nothing of what was sent is saved: the statement as it is now, and what was sent
        # beside it, to make the change again.
        statement = queries.current_statement()
        current = StatementForm(formdata=None, data=form_data(statement))
        return _edit_page(statement, current, 409, conflict=error.message, sent=form)
    flash(_("The statement is saved.") if changed else _("Nothing was changed."), "success")
    return redirect(url_for("statement.show"))


def _edit_page(statement: AccessibilityStatement, form: StatementForm, status: int, **extra):
    return render_template(
        "statement/edit.html",
        statement=statement,
        form=form,
        history=queries.statement_history(),
        **extra,
    ), status


def _known_problems(statement: AccessibilityStatement) -> tuple[list[str], str | None]:
    """The municipality's text of what is not accessible, as paragraphs, in the page's
    language where there is one: an English page without an English text shows the Swedish
    one, marked as Swedish (WCAG 3.1.2). Empty: the page says what the product knows."""
    english = get_locale().language == "en"
    if english and statement.known_problems_en.strip():
        text, lang = statement.known_problems_en, None
    else:
        text, lang = statement.known_problems, ("sv" if english else None)
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", text) if part.strip()]
    return paragraphs, lang if paragraphs else None
