import math
import time
from urllib.parse import urlsplit

from flask import (
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_limiter import RequestLimit
from flask_login import current_user, login_required, login_user, logout_user

from ..extensions import db, limiter
from . import bp
from .forms import LanguageForm, LoginForm
from .signin import authenticate, normalise_email


def safe_next(target: str | None) -> str:
    """Only a path on this site; anything else goes to the dashboard."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("dashboard.index")


def _address_key() -> str:
    return f"address:{request.remote_addr or 'unknown'}"


def _account_key() -> str:
    email = normalise_email(request.form.get("email", ""))[:254]
    return f"account:{email}" if email else ""


def _failed(response) -> bool:
    # Only failed sign-ins count: behind a municipality's proxy the whole office shares one
    # address, and its successful morning sign-ins must not lock it out.
    return response.status_code == 422


def _too_many_attempts(limit: RequestLimit):
    """The sign-in page again; the same words whether the account exists or not."""
    flash(_("Too many sign-in attempts. Wait a minute and try again."), "error")
    response = make_response(render_template("auth/login.html", form=LoginForm()), 429)
    response.headers["Retry-After"] = str(max(1, math.ceil(limit.reset_at - time.time())))
    return response


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"],
    key_func=_address_key,
    methods=["POST"],
    deduct_when=_failed,
    on_breach=_too_many_attempts,
)
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"],
    key_func=_account_key,
    methods=["POST"],
    exempt_when=lambda: not _account_key(),
    deduct_when=_failed,
    on_breach=_too_many_attempts,
)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = LoginForm(next=request.args.get("next", ""))
    status = 200
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            session.clear()
            login_user(user)
            return redirect(safe_next(form.next.data))
        form.password.errors.append(_("The e-mail address or the password is wrong."))
        status = 422
    elif form.is_submitted():
        status = 422
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    session.clear()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.post("/language")
def language():
    form = LanguageForm()
    if form.validate_on_submit():
        session["lang"] = form.language.data
        if current_user.is_authenticated:
            current_user.language = form.language.data
            db.session.commit()
    return redirect(safe_next(form.next.data))
