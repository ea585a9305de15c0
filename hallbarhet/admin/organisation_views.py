"""The administrations' pages (/admin/administrations): the list with the form to add one,
one administration's page (rename, short name, deactivate, reactivate), and the
reorganisation that moves its people and open questions to another in one confirmed step."""

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..access import admin_required
from ..errors import Conflict, Invalid, InvalidField
from ..extensions import db
from ..forms_common import show_refusal
from ..models import Administration
from ..rendering import render
from . import organisation, queries
from .blueprint import bp
from .forms import (
    AdministrationForm,
    ConfirmReorganiseForm,
    EditAdministrationForm,
    ReorganiseForm,
    StateForm,
)


@bp.get("/administrations")
@admin_required
def administrations():
    return _list_page(AdministrationForm(formdata=None), 200)


@bp.post("/administrations")
@admin_required
def add_administration():
    form = AdministrationForm()
    if not form.validate():
        return _list_page(form, 422)
    try:
        administration = organisation.add_administration(
            current_user, form.name.data, form.short_name.data
        )
    except Invalid as error:
        show_refusal(form, error)
        return _list_page(form, 422)
    flash(_("%(name)s is added.", name=administration.name), "success")
    return redirect(url_for("admin.administrations"))


@bp.route("/administrations/<int:administration_id>", methods=["GET", "POST"])
@admin_required
def edit_administration(administration_id: int):
    administration = queries.administration_or_404(administration_id)
    if request.method == "GET":
        return _edit_page(administration, _edit_form_of(administration), 200)
    form = EditAdministrationForm()
    if not form.validate():
        return _edit_page(administration, form, 422)
    try:
        changed = organisation.update_administration(
            current_user, administration, form.name.data, form.short_name.data, form.version.data
        )
    except Conflict as error:
        administration = queries.administration_or_404(administration_id)
        sent = {"name": form.name.data, "short_name": form.short_name.data}
        return _edit_page(
            administration, _edit_form_of(administration), 409, conflict=error.message, sent=sent
        )
    except Invalid as error:
        show_refusal(form, error)
        return _edit_page(administration, form, 422)
    flash(_("Your changes are saved.") if changed else _("Nothing was changed."), "success")
    return redirect(url_for("admin.edit_administration", administration_id=administration_id))


@bp.post("/administrations/<int:administration_id>/deactivate")
@admin_required
def deactivate_administration(administration_id: int):
    return _change_state(administration_id, organisation.deactivate_administration)


@bp.post("/administrations/<int:administration_id>/reactivate")
@admin_required
def reactivate_administration(administration_id: int):
    return _change_state(administration_id, organisation.reactivate_administration)


@bp.get("/administrations/<int:administration_id>/reorganise")
@admin_required
def reorganise(administration_id: int):
    """Without ?to= the choice of where to move; with it, what would move, to confirm."""
    source = queries.administration_or_404(administration_id)
    choose = ReorganiseForm(request.args)
    choose.set_choices(queries.reorganisation_targets(source))
    if "to" not in request.args:
        return _reorganise_page(source, choose, None, None, 200)
    chosen = db.session.get(Administration, choose.to.data) if choose.to.data else None
    try:
        target = organisation.check_target(source, chosen)
    except InvalidField as error:
        show_refusal(choose, error)
        return _reorganise_page(source, choose, None, None, 422)
    move = organisation.planned_move(source, target)
    return _reorganise_page(source, choose, move, _confirm_form_of(move), 200)


@bp.post("/administrations/<int:administration_id>/reorganise")
@admin_required
def confirm_reorganise(administration_id: int):
    source = queries.administration_or_404(administration_id)
    choose = ReorganiseForm(formdata=None)
    choose.set_choices(queries.reorganisation_targets(source))
    form = ConfirmReorganiseForm()
    if not form.validate():
        return _reorganise_page(source, choose, None, None, 422, refused=_out_of_date())
    target = db.session.get(Administration, form.to.data)
    choose.to.data = form.to.data
    try:
        move = organisation.reorganise(
            current_user, source, target, form.planned.data, deactivate=form.deactivate.data
        )
    except InvalidField as error:
        show_refusal(choose, error)
        return _reorganise_page(source, choose, None, None, 422)
    except Conflict as error:
        move = error.current
        return _reorganise_page(
            source, choose, move, _confirm_form_of(move), 409, refused=error.message
        )
    except Invalid as error:
        # Past check_target (an InvalidField is caught above): the move was empty.
        assert target is not None
        move = organisation.planned_move(source, target)
        return _reorganise_page(
            source, choose, move, _confirm_form_of(move), 422, refused=error.message
        )
    flash(_moved_message(move), "success")
    return redirect(url_for("admin.administrations"))


def _change_state(administration_id: int, operation):
    administration = queries.administration_or_404(administration_id)
    form = StateForm()
    if not form.validate():
        return _edit_page(
            administration, _edit_form_of(administration), 422, refused=_out_of_date()
        )
    try:
        operation(current_user, administration, form.version.data)
    except Conflict as error:
        administration = queries.administration_or_404(administration_id)
        return _edit_page(
            administration, _edit_form_of(administration), 409, conflict=error.message
        )
    except Invalid as error:
        return _edit_page(administration, _edit_form_of(administration), 422, refused=error.message)
    if administration.active:
        message = _("%(name)s is active again.", name=administration.name)
    else:
        message = _("%(name)s is deactivated.", name=administration.name)
    flash(message, "success")
    return redirect(url_for("admin.edit_administration", administration_id=administration_id))


def _list_page(form: AdministrationForm, status: int):
    return render(
        "admin/administrations.html",
        status=status,
        rows=queries.administration_rows(),
        form=form,
    )


def _edit_form_of(administration: Administration) -> EditAdministrationForm:
    return EditAdministrationForm(
        formdata=None,
        data={
            "name": administration.name,
            "short_name": administration.short_name,
            "version": administration.version,
        },
    )


def _edit_page(administration: Administration, form, status: int, **extra):
    # What belongs to it now: what a deactivation waits for, and a reorganisation moves.
    move = organisation.planned_move(administration, administration)
    return render(
        "admin/administration.html",
        status=status,
        administration=administration,
        form=form,
        state_form=StateForm(formdata=None, data={"version": administration.version}),
        people=len(move.people),
        questions=len(move.questions),
        **extra,
    )


def _confirm_form_of(move) -> ConfirmReorganiseForm:
    return ConfirmReorganiseForm(
        formdata=None,
        data={"to": move.target.id, "planned": move.fingerprint, "deactivate": move.source.active},
    )


def _reorganise_page(source, choose, move, confirm, status: int, **extra):
    return render(
        "admin/reorganise.html",
        status=status,
        source=source,
        choose=choose,
        move=move,
        confirm=confirm,
        **extra,
    )


def _out_of_date() -> str:
    return _("The page was out of date. Reload it and try again.")


def _moved_message(move) -> str:
    people = organisation.people_words(len(move.people))
    questions = organisation.question_words(len(move.questions))
    message = _(
        "%(people)s and %(questions)s moved from %(source)s to %(target)s.",
        people=people,
        questions=questions,
        source=move.source.name,
        target=move.target.name,
    )
    if not move.source.active:
        message += " " + _("%(name)s is deactivated.", name=move.source.name)
    return message
