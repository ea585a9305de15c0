"""The networks' pages (/admin/networks): the list, a new network, and one network's page
with its details and its work areas (add, rename, move up or down, retire, bring back:
plain forms and buttons, each answered by a redirect back to the row)."""

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..access import admin_required
from ..errors import Conflict, Invalid
from ..forms_common import show_refusal
from ..rendering import render
from . import networks, queries
from .blueprint import bp
from .forms import (
    EditNetworkForm,
    NetworkForm,
    WorkAreaForm,
    WorkAreaRowForm,
    network_form_data,
    work_area_row,
)


@bp.get("/networks")
@admin_required
def networks_index():
    return render("admin/networks.html", networks=queries.networks())


@bp.route("/networks/new", methods=["GET", "POST"])
@admin_required
def new_network():
    form = NetworkForm()
    if form.validate_on_submit():
        try:
            network = networks.add_network(current_user, form.to_input())
        except Invalid as error:
            show_refusal(form, error)
        else:
            flash(_("%(name)s is added. Now give it its work areas.", name=network.name), "success")
            return redirect(url_for("admin.network", network_id=network.id))
    status = 422 if form.is_submitted() else 200
    return render("admin/network_new.html", status=status, form=form)


@bp.route("/networks/<int:network_id>", methods=["GET", "POST"])
@admin_required
def network(network_id: int):
    network = queries.network_or_404(network_id)
    if request.method == "GET":
        return _network_page(network, _form_of(network), 200)
    form = EditNetworkForm()
    if not form.validate():
        return _network_page(network, form, 422)
    try:
        changed = networks.update_network(current_user, network, form.to_input(), form.version.data)
    except Conflict as error:
        network = queries.network_or_404(network_id)
        sent = {"name": form.name.data, "slug": form.slug.data}
        return _network_page(network, _form_of(network), 409, conflict=error.message, sent=sent)
    except Invalid as error:
        show_refusal(form, error)
        return _network_page(network, form, 422)
    flash(_("Your changes are saved.") if changed else _("Nothing was changed."), "success")
    return redirect(url_for("admin.network", network_id=network_id))


@bp.post("/networks/<int:network_id>/work-areas")
@admin_required
def add_work_area(network_id: int):
    network = queries.network_or_404(network_id)
    form = WorkAreaForm()
    if not form.validate():
        return _network_page(network, _form_of(network), 422, new_area=form)
    try:
        area = networks.add_work_area(current_user, network, form.name.data)
    except Invalid as error:
        show_refusal(form, error)
        return _network_page(network, _form_of(network), 422, new_area=form)
    flash(_("The work area %(name)s is added.", name=area.name), "success")
    return redirect(url_for("admin.network", network_id=network_id, _anchor="work-areas"))


@bp.post("/work-areas/<int:area_id>")
@admin_required
def work_area(area_id: int):
    """One row's buttons: rename, up, down, retire, restore."""
    area = queries.work_area_or_404(area_id)
    network = area.network
    form = WorkAreaRowForm(prefix=f"area-{area.id}")
    if not form.validate():
        return _network_page(network, _form_of(network), 422, rows={area.id: form})
    action, version = form.action.data, form.version.data
    try:
        if action == "rename":
            changed = networks.rename_work_area(current_user, area, form.name.data, version)
            done = _("The work area is renamed %(name)s.", name=form.name.data)
        elif action in ("up", "down"):
            step = -1 if action == "up" else 1
            changed = networks.move_work_area(current_user, area, step, version)
            done = _("The work area %(name)s is moved.", name=area.name)
        elif action == "retire":
            changed = networks.retire_work_area(current_user, area, version)
            done = _("The work area %(name)s is retired.", name=area.name)
        else:
            changed = networks.restore_work_area(current_user, area, version)
            done = _("The work area %(name)s is offered again.", name=area.name)
    except Conflict as error:
        network = queries.network_or_404(network.id)
        return _network_page(network, _form_of(network), 409, area_conflict=error.message)
    except Invalid as error:
        show_refusal(form, error)
        return _network_page(network, _form_of(network), 422, rows={area.id: form})
    flash(done if changed else _("Nothing was changed."), "success")
    return redirect(url_for("admin.network", network_id=network.id, _anchor=f"work-area-{area_id}"))


def _form_of(network) -> EditNetworkForm:
    return EditNetworkForm(formdata=None, data=network_form_data(network))


def _network_page(network, form, status: int, rows=None, new_area=None, **extra):
    """The network's page; rows: a row's form as it was sent (with its errors), by id."""
    areas = networks.ordered_areas(network)
    sent_rows = rows or {}
    return render(
        "admin/network.html",
        status=status,
        network=network,
        form=form,
        areas=[(area, sent_rows.get(area.id) or work_area_row(area)) for area in areas],
        new_area=new_area or WorkAreaForm(formdata=None),
        **extra,
    )
