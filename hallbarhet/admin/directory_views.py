"""The directory mapping's pages (/admin/directory): which group or department gives which
administration and network role at a directory sign-in (auth.directory_mapping)."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..access import admin_required
from ..auth import oidc
from ..errors import Conflict, InvalidField
from ..forms_common import show_refusal, version_number
from ..urls import external_url
from . import directory_rows
from .blueprint import bp
from .directory_forms import MappingForm
from .directory_rows import RowValues


def _values(form: MappingForm) -> RowValues:
    return RowValues(
        claim_value=form.claim_value.data or "",
        administration_id=form.administration.data,
        network_id=form.network.data,
        role=form.chosen_role(),
    )


def _page(form: MappingForm, status: int = 200):
    page = render_template(
        "admin/directory.html",
        form=form,
        rows=directory_rows.rows(),
        unmapped=directory_rows.unmapped_values(),
        changes=directory_rows.recent_changes(),
        configured=oidc.configured(),
        redirect_uri=external_url("directory.callback"),
    )
    return page, status


@bp.route("/directory", methods=["GET", "POST"])
@admin_required
def directory():
    form = MappingForm()
    form.set_choices()
    if request.method == "GET":
        form.claim_value.data = request.args.get("value", "")[:200]
        return _page(form)
    if not form.validate():
        return _page(form, 422)
    try:
        mapping = directory_rows.add_row(current_user, _values(form))
    except InvalidField as refused:
        show_refusal(form, refused)
        return _page(form, 422)
    flash(_("The row for “%(value)s” is added.", value=mapping.claim_value), "success")
    return redirect(url_for("admin.directory"))


def _edit_page(mapping, form: MappingForm, status: int = 200, conflict: str | None = None):
    page = render_template(
        "admin/directory_edit.html", mapping=mapping, form=form, conflict=conflict
    )
    return page, status


def _current_form(mapping) -> MappingForm:
    form = MappingForm(
        formdata=None,
        data={
            "claim_value": mapping.claim_value,
            "administration": mapping.administration_id,
            "network": mapping.network_id,
            "role": mapping.role.value if mapping.role else "",
            "version": str(mapping.version),
        },
    )
    form.set_choices()
    return form


@bp.route("/directory/<int:row_id>/edit", methods=["GET", "POST"])
@admin_required
def directory_edit(row_id: int):
    mapping = directory_rows.row(row_id)
    if request.method == "GET":
        return _edit_page(mapping, _current_form(mapping))
    form = MappingForm()
    form.set_choices()
    if not form.validate():
        return _edit_page(mapping, form, 422)
    try:
        changed = directory_rows.change_row(
            current_user, mapping, form.version_number(), _values(form)
        )
    except InvalidField as refused:
        show_refusal(form, refused)
        return _edit_page(mapping, form, 422)
    except Conflict as conflict:
        mapping = directory_rows.row(row_id)
        return _edit_page(mapping, _current_form(mapping), 409, conflict=conflict.message)
    flash(_("The row is saved.") if changed else _("Nothing was changed."), "success")
    return redirect(url_for("admin.directory"))


@bp.post("/directory/<int:row_id>/remove")
@admin_required
def directory_remove(row_id: int):
    mapping = directory_rows.row(row_id)
    value = mapping.claim_value
    directory_rows.remove_row(current_user, mapping, version_number(request.form.get("version")))
    flash(_("The row for “%(value)s” is removed.", value=value), "success")
    return redirect(url_for("admin.directory"))
