"""The administrators' pages about people, on the admin blueprint: the list (/admin/people),
inviting a person, editing one, deactivating and reactivating an account, mailing a
password link, and importing administrations or people from a CSV file (/admin/import)."""

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from ..access import admin_required
from ..auth.password_links import MAX_AGE, Purpose
from ..error_pages import error_page, too_large_words
from ..errors import Conflict, InvalidField, NotFound
from ..forms_common import add_error, show_refusal
from ..rendering import render
from . import imports, people
from .blueprint import bp
from .people_forms import (
    ConfirmImportForm,
    PeopleFilterForm,
    UploadForm,
    VersionForm,
    person_data,
    person_form,
)

IMPORT_ENDPOINTS = ("admin.imports", "admin.import_confirm")


@bp.get("/people", endpoint="people")
@admin_required
def people_list():
    form = PeopleFilterForm(request.args)
    form.set_choices(people.networks(), people.all_administrations())
    valid = form.validate()
    wanted = form.wanted() if valid else people.PeopleFilter()
    page = people.find_people(wanted, request.args.get("page", 1, type=int))
    return render(
        "admin/people.html",
        "admin/_people_results.html",
        status=200 if valid else 422,
        form=form,
        page=page,
        arguments=form.arguments() if valid else {},
    )


@bp.route("/people/new", methods=["GET", "POST"])
@admin_required
def invite_person():
    form = person_form(people.networks())
    form.set_choices(people.administrations())
    if form.validate_on_submit():
        try:
            user, mailed = people.invite(current_user, form.to_input())
        except InvalidField as refused:
            show_refusal(form, refused)
        else:
            if mailed:
                message = _(
                    "%(name)s has an account now. A link to choose a password is mailed to "
                    "%(email)s.",
                    name=user.name,
                    email=user.email,
                )
            else:
                message = _(
                    "%(name)s has an account now and signs in through the municipality's "
                    "directory with %(email)s.",
                    name=user.name,
                    email=user.email,
                )
            flash(message, "success")
            return redirect(url_for("admin.person", user_id=user.id))
    status = 422 if form.is_submitted() else 200
    return _person_page(None, form, status)


@bp.route("/people/<int:user_id>", methods=["GET", "POST"])
@admin_required
def person(user_id: int):
    user = _person(user_id)
    if request.method == "GET":
        form = person_form(people.networks(), edit=True, data=person_data(user))
    else:
        # Read from what was sent only, so that a missing field is an error, not old data.
        form = person_form(people.networks(), edit=True)
    form.set_choices(people.administrations(including=user.administration_id))
    if not form.validate_on_submit():
        return _person_page(user, form, 422 if form.is_submitted() else 200)
    try:
        changed = people.update_person(current_user, user, form.to_input(), form.version.data)
    except InvalidField as refused:
        show_refusal(form, refused)
        return _person_page(user, form, 422)
    except Conflict as error:
        # Someone else saved first: the account as it is now, and why nothing was saved.
        user = _person(user_id)
        current = person_form(people.networks(), edit=True, formdata=None, data=person_data(user))
        current.set_choices(people.administrations(including=user.administration_id))
        return _person_page(user, current, 409, conflict=error.message)
    flash(_("The changes are saved.") if changed else _("Nothing was changed."), "success")
    return redirect(url_for("admin.person", user_id=user_id))


@bp.route("/people/<int:user_id>/deactivate", methods=["GET", "POST"])
@admin_required
def deactivate_person(user_id: int):
    return _change_state(user_id, deactivating=True)


@bp.route("/people/<int:user_id>/reactivate", methods=["GET", "POST"])
@admin_required
def reactivate_person(user_id: int):
    return _change_state(user_id, deactivating=False)


def _change_state(user_id: int, *, deactivating: bool):
    """The confirmation page (GET) and the change (POST): it works without JavaScript."""
    user = _person(user_id)
    if request.method == "GET":
        if user.active != deactivating:
            return redirect(url_for("admin.person", user_id=user_id))
        return _state_page(user, VersionForm(data={"version": user.version}), deactivating, 200)
    form = VersionForm()
    if not form.validate():
        return _state_page(user, form, deactivating, 422)
    operation = people.deactivate if deactivating else people.reactivate
    try:
        operation(current_user, user, form.version.data)
    except Conflict as error:
        user = _person(user_id)
        current = VersionForm(formdata=None, data={"version": user.version})
        return _state_page(user, current, deactivating, 409, conflict=error.message)
    if deactivating:
        message = _(
            "%(name)s's account is deactivated: they are signed out and can no longer sign in.",
            name=user.name,
        )
    else:
        message = _("%(name)s's account is active again.", name=user.name)
    flash(message, "success")
    return redirect(url_for("admin.person", user_id=user_id))


@bp.post("/people/<int:user_id>/password-link")
@admin_required
def person_password_link(user_id: int):
    # A button with nothing to fill in: its CSRF token is checked before any view is called.
    user = _person(user_id)
    purpose = people.send_password_link(current_user, user)
    hours = MAX_AGE[purpose] // 3600
    flash(
        ngettext(
            "A link to choose a password is mailed to %(email)s. It works once, within "
            "%(num)s hour.",
            "A link to choose a password is mailed to %(email)s. It works once, within "
            "%(num)s hours.",
            hours,
            email=user.email,
        ),
        "success",
    )
    return redirect(url_for("admin.person", user_id=user_id))


def _person(user_id: int):
    user = people.load_person(user_id)
    if user is None:
        abort(404)
    return user


def _person_page(user, form, status: int, **extra):
    return render_template(
        "admin/people_form.html",
        person=user,
        form=form,
        events=people.history(user) if user is not None else [],
        password_signin=people.password_signin(),
        first_link_hours=MAX_AGE[Purpose.FIRST] // 3600,
        is_self=user is not None and user.id == current_user.id,
        **extra,
    ), status


def _state_page(user, form, deactivating: bool, status: int, **extra):
    refused = None
    if deactivating and user.id == current_user.id:
        refused = _("You cannot deactivate your own account: ask another administrator.")
    return render_template(
        "admin/people_state.html",
        person=user,
        form=form,
        deactivating=deactivating,
        refused=refused,
        **extra,
    ), status


# Importing from a file


@bp.route("/import", methods=["GET", "POST"], endpoint="imports")
@admin_required
def import_upload():
    form = UploadForm()
    if request.method == "GET":
        return _import_page(form, 200)
    upload = form.file.data if form.validate_on_submit() else None
    if not upload or not getattr(upload, "filename", ""):
        add_error(form.file, _("Choose a CSV file to upload."))
        return _import_page(form, 422)
    try:
        text = imports.decode(upload.read())
        plan = imports.check(text)
    except imports.FileProblem as problem:
        return _import_page(form, 422, problem=problem.message)
    if not plan.ok or not plan.to_change:
        return _preview_page(plan, upload.filename, None, 200 if plan.ok else 422)
    staged = imports.stage(current_user, upload.filename, text)
    return _preview_page(plan, upload.filename, staged.token, 200)


@bp.post("/import/<token>", endpoint="import_confirm")
@admin_required
def import_confirm(token: str):
    staged = imports.staged_for(current_user, token)
    if staged is None:
        raise NotFound(
            _(
                "This file has been imported already, or it waited for more than a day. "
                "Upload it again to see what importing it would do now."
            )
        )
    form = ConfirmImportForm()
    if not form.validate():
        plan = imports.check(staged.content)
        return _preview_page(plan, staged.filename, token, 422, confirm_form=form)
    filename = staged.filename
    try:
        done = imports.confirm(
            current_user, staged, form.digest.data, mail_links=bool(form.mail_links.data)
        )
    except imports.ImportRefused as refused:
        return _preview_page(refused.plan, filename, None, 422)
    except imports.PlanChanged as changed:
        return _preview_page(changed.plan, filename, token, 409, conflict=changed.message)
    flash(_imported_message(done), "success")
    if done.kind is imports.Kind.PEOPLE:
        return redirect(url_for("admin.people"))
    return redirect(url_for("admin.imports"))


@bp.get("/import/example-<kind>.csv")
@admin_required
def import_example(kind: str):
    if kind not in {k.value for k in imports.Kind}:
        abort(404)
    # With the byte-order mark, Excel opens it as UTF-8 (å, ä and ö stay letters).
    body = "\ufeff" + imports.example(imports.Kind(kind))
    words = {"administrations": _("administrations"), "people": _("people")}
    name = _("example-%(kind)s.csv", kind=words[kind])
    # Sent as text/csv; charset=utf-8: Werkzeug adds the charset to a text/ type.
    response = Response(body.encode("utf-8"), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(_error):
    """A file larger than any upload takes: the import page says so, with the limit."""
    if request.endpoint in IMPORT_ENDPOINTS and getattr(current_user, "is_admin", False):
        message = _(
            "The file is larger than %(size)s, more than the import takes, so nothing of it "
            "was read or imported. Save only the columns the import needs, as CSV, and upload "
            "that file.",
            size=_size(),
        )
        # formdata=None: the form does not read the request that was too large.
        return _import_page(UploadForm(formdata=None), 413, problem=message)
    return error_page(413, *too_large_words())


def _size() -> str:
    """The largest upload, in words: "1 MB"."""
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    if limit >= 1024 * 1024:
        return f"{format_decimal(round(limit / (1024 * 1024), 1))} MB"
    return f"{format_decimal(limit // 1024)} kB"


def _import_page(form, status: int, **extra):
    return render_template(
        "admin/import.html",
        form=form,
        size=_size(),
        columns={kind: imports.column_names(kind) for kind in imports.Kind},
        password_signin=people.password_signin(),
        **extra,
    ), status


def _preview_page(plan, filename: str, token: str | None, status: int, **extra):
    if token is not None and "confirm_form" not in extra:
        extra["confirm_form"] = ConfirmImportForm(formdata=None, data={"digest": plan.digest})
    elif token is not None:
        extra["confirm_form"].digest.data = plan.digest
    return render_template(
        "admin/import_preview.html",
        plan=plan,
        filename=filename,
        token=token,
        upload_form=UploadForm(formdata=None),
        columns=imports.column_names(plan.kind),
        plan_columns=list(imports.COLUMNS[plan.kind]),
        describe_field=imports.describe_field,
        describe_value=imports.describe_value,
        password_signin=people.password_signin(),
        size=_size(),
        Action=imports.Action,
        Kind=imports.Kind,
        **extra,
    ), status


def _imported_message(done: imports.Imported) -> str:
    if done.kind is imports.Kind.ADMINISTRATIONS:
        message = _(
            "The file is imported: %(new)s new administrations, %(changed)s changed.",
            new=done.new,
            changed=done.changed,
        )
    else:
        message = _(
            "The file is imported: %(new)s new people, %(changed)s changed.",
            new=done.new,
            changed=done.changed,
        )
    if done.mailed:
        message += " " + ngettext(
            "A link to choose a password is mailed to %(num)s new person.",
            "Links to choose a password are mailed to %(num)s new people.",
            done.mailed,
        )
    return message
