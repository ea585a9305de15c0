"""Sign-in with the municipality's directory: /login/directory sends the person to the
provider, /login/directory/callback takes the answer, and a person whom the directory gives
no network yet lands on /account/no-network. 404 while no provider is configured."""

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user
from sqlalchemy import select

from ..extensions import db
from ..models import User
from ..urls import external_url
from . import oidc
from .directory import DirectoryRefused, sign_in_from_directory
from .views import safe_next

bp = Blueprint("directory", __name__)

# Where the person was going, kept in the session until the provider's answer comes.
_NEXT = "directory_next"


def _require_configured() -> None:
    if not oidc.configured():
        abort(404)


@bp.get("/login/directory")
def start():
    _require_configured()
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    session[_NEXT] = safe_next(request.args.get("next"))
    try:
        return oidc.begin(external_url("directory.callback"))
    except oidc.DirectoryUnavailable as error:
        return _unavailable(error)


@bp.get("/login/directory/callback")
def callback():
    _require_configured()
    target = session.pop(_NEXT, None)
    language = session.get("lang") or current_app.config["BABEL_DEFAULT_LOCALE"]
    try:
        identity = oidc.finish()
    except oidc.DirectoryUnavailable as error:
        return _unavailable(error)
    except oidc.AnswerRefused as refused:
        current_app.logger.warning("directory sign-in refused: %s", refused.reason)
        return _refused(refused.kind)
    try:
        user = sign_in_from_directory(identity, language=language)
    except DirectoryRefused as refused:
        current_app.logger.warning("directory sign-in refused for its account")
        return _problem(refused.status_code, _("You are not signed in"), refused.message)
    session.clear()
    login_user(user)
    if not user.memberships and not user.is_admin:
        return redirect(url_for("directory.no_network"))
    return redirect(safe_next(target))


@bp.get("/account/no-network")
@login_required
def no_network():
    administrators = db.session.scalars(
        select(User).where(User.is_admin.is_(True), User.active.is_(True)).order_by(User.name)
    ).all()
    return render_template("auth/no_network.html", administrators=administrators)


def _problem(status: int, title: str, message: str):
    page = render_template("auth/directory_problem.html", title=title, message=message)
    return page, status


def _unavailable(error: oidc.DirectoryUnavailable):
    current_app.logger.warning("the directory did not answer: %s", error)
    return _problem(
        503,
        _("The municipality's sign-in does not answer"),
        _(
            "The municipality's sign-in service did not answer just now, so you are not "
            "signed in. Try again in a few minutes; if it goes on, tell IT."
        ),
    )


def _refused(kind: str):
    title = _("You are not signed in")
    if kind == "expired":
        message = _(
            "The sign-in was started in another window or too long ago, so it could not be "
            "completed. Start it again."
        )
    elif kind == "cancelled":
        message = _("The sign-in was cancelled at the municipality's sign-in service.")
    else:
        message = _(
            "The answer from the municipality's sign-in service could not be verified, so "
            "nobody was signed in and nothing was changed. Start again; if it happens again, "
            "tell IT the time."
        )
    return _problem(400, title, message)
