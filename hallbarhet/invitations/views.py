"""The invitations of a meeting, and the invited colleague's page behind the signed link."""

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import page_cache
from ..access import member_network_ids
from ..errors import Conflict, Invalid, InvalidField, NotFound
from ..extensions import limiter
from ..forms_common import show_refusal
from ..meetings import ics
from ..meetings.queries import agenda_of, meeting_or_404
from ..meetings.reader_state import meeting_reading
from ..models import Invitation
from ..page_cache import ReaderState
from ..rendering import is_htmx, render
from . import operations, queries, rules
from .forms import InvitationForm, optional_id
from .urls import link_url

bp = Blueprint("invitations", __name__)

FULL = "invitations/index.html"
PARTIAL = "invitations/_list.html"


@bp.get("/meetings/<int:meeting_id>/invitations")
@login_required
def index(meeting_id: int):
    meeting = _meeting(meeting_id)
    # A question's page links here for its item: the form comes with that item chosen.
    item = optional_id(request.args.get("item"))
    form = InvitationForm(formdata=None, administration=current_user.administration_id, item=item)
    return _page(meeting, form)


@bp.post("/meetings/<int:meeting_id>/invitations")
@login_required
def create(meeting_id: int):
    meeting = _meeting(meeting_id, changing=True)
    form = InvitationForm()
    _set_choices(form, meeting)
    if not form.validate():
        return _page(meeting, form, status=422)
    # Both were given (DataRequired).
    assert form.name.data is not None and form.email.data is not None
    guest = operations.Guest(
        name=form.name.data,
        email=form.email.data,
        administration_id=form.administration.data,
        agenda_item_id=form.item.data,
        language=form.language.data or "",
    )
    try:
        invitation = operations.invite(current_user, meeting, guest)
    except InvalidField as error:
        show_refusal(form, error)
        return _page(_meeting(meeting_id), form, status=error.status_code)
    except Invalid as error:
        return _page(_meeting(meeting_id), form, status=error.status_code, message=error.message)
    flash(_("Invitation sent to %(name)s.", name=invitation.name), "success")
    return redirect(url_for("invitations.index", meeting_id=meeting_id))


@bp.post("/meetings/<int:meeting_id>/invitations/<int:invitation_id>/resend")
@login_required
def resend(meeting_id: int, invitation_id: int):
    return _act(
        meeting_id,
        invitation_id,
        operations.send_again,
        lambda invitation: _("Sent again to %(name)s.", name=invitation.name),
    )


@bp.post("/meetings/<int:meeting_id>/invitations/<int:invitation_id>/revoke")
@login_required
def revoke(meeting_id: int, invitation_id: int):
    return _act(
        meeting_id,
        invitation_id,
        operations.revoke,
        lambda invitation: _("Revoked: %(name)s's link no longer works.", name=invitation.name),
    )


def _guest_limit() -> str:
    return current_app.config["INVITATION_LIMIT_PER_ADDRESS"]


@bp.get("/invitations/<token>")
@limiter.shared_limit(_guest_limit, scope="invitation")
def show(token: str):
    link = _guest(token)
    if isinstance(link, Response):
        return link
    # The same page for every visit until the meeting, the invitation or its inviter
    # changes: rendered once per state, a revisit is a 304. A revoked link never gets
    # here (_guest). The page shows no follow-up of the network's.
    reading = _meeting_reading(link.meeting_id)
    state = repr((reading.state, link.id, link.agenda_item_id, link.name, link.inviter))

    def render_page() -> str:
        invitation = _full(token)
        return render_template(
            "invitations/guest.html",
            invitation=invitation,
            meeting=invitation.meeting,
            agenda=agenda_of(invitation.meeting),
        )

    def respond():
        return make_response(page_cache.kept("guest", state, render_page))

    with force_locale(link.language):
        response = page_cache.conditional(state, reading.last_modified, respond)
    _private(response)
    return response


@bp.get("/invitations/<token>.ics")
@limiter.shared_limit(_guest_limit, scope="invitation")
def calendar(token: str):
    link = _guest(token)
    if isinstance(link, Response):
        return link
    host = urlsplit(request.host_url).hostname or "localhost"
    url = link_url(token)
    state = repr((_meeting_reading(link.meeting_id).state, link.id, url, host))

    def render_calendar() -> bytes:
        return ics.meeting_calendar(_full(token).meeting, url=url, host=host)

    def respond():
        response = make_response(page_cache.kept("guest-ics", state, render_calendar))
        response.headers["Content-Type"] = "text/calendar; charset=utf-8"
        name = ics.filename_of(link.network_slug, link.starts_at)
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    with force_locale(link.language):
        response = page_cache.conditional(state, None, respond)
    _private(response)
    return response


def _guest(token: str) -> queries.GuestLink | Response:
    """The invitation a link opens, or the page that says it does not.

    A link that was never valid (tampered with, cut short, or naming an invitation that
    is not there) is 404, like any unknown address. A genuine link whose time is over or
    that was revoked is 410 Gone: it did open an agenda and will not again, which tells
    the colleague to ask for a new one. Neither says anything about the meeting."""
    link = queries.guest_link(token)
    if link is None:
        return _unavailable(404)
    if not link.is_valid():
        return _unavailable(410)
    return link


def _meeting_reading(meeting_id: int) -> ReaderState:
    found = meeting_reading(meeting_id, follow_up=False)
    if found is None:  # pragma: no cover (the link's meeting was read just before)
        abort(404)
    return found.reading


def _full(token: str) -> Invitation:
    """The invitation again, now with its meeting and agenda, for a copy to be rendered."""
    invitation = queries.guest_invitation(token)
    if invitation is None:  # gone in the moment since
        abort(404)
    return invitation


def _unavailable(status: int) -> Response:
    response = make_response(render_template("invitations/unavailable.html", status=status))
    response.status_code = status
    _private(response)
    return response


def _private(response) -> None:
    # The link is the key: no search engine, no shared cache, no referrer to other sites.
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Referrer-Policy"] = "no-referrer"


def _meeting(meeting_id: int, *, changing: bool = False):
    """The meeting, for someone who may see its invitations. A meeting of a network the
    user is not in is not said to exist, but a change to it is refused (403), as the
    meeting page does."""
    meeting = meeting_or_404(meeting_id)
    if not changing and meeting.network_id not in member_network_ids(current_user):
        abort(404)
    operations.require_may_invite(current_user, meeting)
    return meeting


def _set_choices(form: InvitationForm, meeting) -> None:
    form.set_choices(queries.active_administrations(), rules.invitable_items(current_user, meeting))


def _page(meeting, form: InvitationForm, status: int = 200, **extra):
    _set_choices(form, meeting)
    return render(
        FULL,
        PARTIAL,
        status=status,
        meeting=meeting,
        form=form,
        invitations=queries.invitations_seen_by(current_user, meeting),
        open=rules.takes_invitations(meeting),
        **extra,
    )


def _act(meeting_id: int, invitation_id: int, operation, announce):
    """Send again or revoke; the list as it is now, with what happened or why not."""
    meeting = _meeting(meeting_id, changing=True)
    try:
        invitation = operation(current_user, meeting, invitation_id)
    except NotFound:
        abort(404)
    except (Conflict, Invalid) as error:
        blank = InvitationForm(formdata=None)
        return _page(_meeting(meeting_id), blank, error.status_code, message=error.message)
    announcement = announce(invitation)
    if not is_htmx():
        flash(announcement, "success")
        return redirect(url_for("invitations.index", meeting_id=meeting_id))
    return _page(_meeting(meeting_id), InvitationForm(formdata=None), announce=announcement)
