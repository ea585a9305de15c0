import re
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
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
from flask_login import current_user, login_required, login_user, logout_user

from ..errors import InvalidField
from ..extensions import db, limiter
from ..forms_common import add_error, show_refusal
from . import accounts, limits, oidc
from .forms import (
    PASSWORD_MIN,
    ChangePasswordForm,
    ChoosePasswordForm,
    ForgotPasswordForm,
    LanguageForm,
    LoginForm,
)
from .password_links import LinkRefused, Purpose, user_for
from .signin import TYPED_MAX, authenticate, normalise_email

bp = Blueprint("auth", __name__)

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def safe_next(target: str | None) -> str:
    """Only a path on this site; anything else goes to the dashboard. No control character
    either: a line break cannot be in a Location header, and browsers drop tabs in URLs."""
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and not _CONTROL.search(target)
    ):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("dashboard.index")


def passwords_on() -> bool:
    """Whether passwords sign anyone in here (PASSWORD_SIGNIN)."""
    return bool(current_app.config["PASSWORD_SIGNIN"])


def _require_passwords() -> None:
    """Where the directory is the only way in, the password pages are not there."""
    if not passwords_on():
        abort(404)


def _login_page(form: LoginForm, status: int = 200):
    page = render_template(
        "auth/login.html",
        form=form,
        passwords=passwords_on(),
        directory_label=oidc.button_label(),
    )
    return make_response(page, status)


def _too_many_attempts(retry_after: int):
    """The sign-in page again; the same words whether the account exists or not."""
    flash(_("Too many sign-in attempts. Wait a minute and try again."), "error")
    response = _login_page(LoginForm(), 429)
    response.headers["Retry-After"] = str(retry_after)
    return response


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = LoginForm(next=request.args.get("next", ""))
    if not form.is_submitted():
        return _login_page(form)
    if not passwords_on():
        flash(_("Passwords do not sign anyone in here: use the municipality's sign-in."), "error")
        return _login_page(LoginForm(formdata=None, next=form.next.data), 403)
    # Counted by the address the account is looked up by, whatever was typed around it.
    # Failures per address and per account; behind a municipality's proxy the whole office
    # shares one address, so successful sign-ins do not count.
    account = normalise_email(request.form.get("email", "")[:TYPED_MAX])
    attempt = limits.begin(request.remote_addr or "unknown", account)
    if attempt.retry_after is not None:  # refused
        return _too_many_attempts(attempt.retry_after)
    if form.validate():
        # Both were given (DataRequired).
        assert form.email.data is not None and form.password.data is not None
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            attempt.succeeded()
            session.clear()
            login_user(user)
            return redirect(safe_next(form.next.data))
        add_error(form.password, _("The e-mail address or the password is wrong."))
    return _login_page(form, 422)


@bp.post("/logout")
@login_required
def logout():
    # The session's cookie, and any copy of it, opens nothing any more (User.end_sessions).
    current_user.end_sessions()
    db.session.commit()
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
            if current_user.language != form.language.data:
                current_user.language = form.language.data
                current_user.bump_version()
            db.session.commit()
    return redirect(safe_next(form.next.data))


def _reset_limit() -> str:
    return current_app.config["PASSWORD_RESET_LIMIT_PER_ADDRESS"]


@bp.route("/password/<purpose>/<token>", methods=["GET", "POST"])
def choose_password(purpose: str, token: str):
    """The page a password link opens (auth.password_links): a first or a new password."""
    _require_passwords()
    if purpose not in {p.value for p in Purpose}:
        abort(404)
    kind = Purpose(purpose)
    heading = _("Choose your password") if kind is Purpose.FIRST else _("Choose a new password")
    try:
        account = user_for(token, kind)
    except LinkRefused as refused:
        if refused.expired:
            reason = _("The link is too old. Ask for a new one: it comes by mail at once.")
        else:
            reason = _("The link has been used already, or it is not whole. Ask for a new one.")
        return render_template("auth/link_refused.html", heading=heading, reason=reason), 410
    form = ChoosePasswordForm()
    if form.validate_on_submit():
        accounts.choose_password(account, form.password.data, kind)
        session.clear()
        login_user(account)
        flash(_("Your password is saved. You are signed in."), "success")
        return redirect(url_for("dashboard.index"))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "auth/choose_password.html",
        form=form,
        account=account,
        heading=heading,
        password_min=PASSWORD_MIN,
    ), status


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(_reset_limit, methods=["POST"])
def forgot_password():
    _require_passwords()
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        assert form.email.data is not None  # DataRequired
        accounts.send_reset_link(form.email.data)
        # The same words whether or not the address has an account.
        flash(
            _(
                "If %(email)s has an account, a link to choose a new password is on its way "
                "there. It works for an hour.",
                email=normalise_email(form.email.data),
            ),
            "info",
        )
        return redirect(url_for("auth.login"))
    status = 422 if form.is_submitted() else 200
    return render_template("auth/forgot_password.html", form=form), status


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    _require_passwords()
    form = ChangePasswordForm()
    if form.validate_on_submit():
        assert form.current.data is not None  # DataRequired
        try:
            accounts.change_password(current_user, form.current.data, form.password.data)
        except InvalidField as refused:
            show_refusal(form, refused)
        else:
            # The change ended every session of the account: this one goes on.
            login_user(current_user._get_current_object())
            flash(_("Your password is changed. Other devices are signed out."), "success")
            return redirect(url_for("dashboard.index"))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "auth/change_password.html", form=form, password_min=PASSWORD_MIN
    ), status
