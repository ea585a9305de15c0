"""What representatives and coordinators do with invitations: invite, send again, revoke.
Each checks permission, enforces the rule, records the Event on the meeting and queues the
mail in the same transaction."""

from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from ..errors import Conflict, Invalid, InvalidField, NotAllowed, NotFound
from ..extensions import db
from ..mail.invitations import mail_invitation
from ..models import Administration, Invitation, Meeting, MeetingStatus, User
from ..models.base import refuses_cleanly, utcnow
from ..models.events import record
from . import rules

NAME_MAX = 200
EMAIL_MAX = 254


@dataclass(frozen=True)
class Guest:
    name: str
    email: str
    administration_id: int | None = None
    agenda_item_id: int | None = None
    language: str = "sv"


def require_may_invite(user: User, meeting: Meeting) -> None:
    if not rules.may_invite(user, meeting.network_id):
        raise NotAllowed(
            _("Only the network's representatives and coordinators may invite colleagues.")
        )


@refuses_cleanly
def invite(user: User, meeting: Meeting, guest: Guest) -> Invitation:
    """Invite a colleague and mail the link; nothing is saved when anything is wrong."""
    require_may_invite(user, meeting)
    _require_open(meeting)
    name, email = guest.name.strip(), guest.email.strip()
    if not 1 <= len(name) <= NAME_MAX:
        raise InvalidField("name", _("Write the colleague's name."))
    if not looks_like_email(email):
        raise InvalidField("email", _("Write an e-mail address such as name@kommun.se."))
    item = None
    if guest.agenda_item_id is not None:
        item = next(
            (i for i in rules.invitable_items(user, meeting) if i.id == guest.agenda_item_id),
            None,
        )
        if item is None:
            raise InvalidField("item", _("Choose an item on this meeting's agenda."))
    administration = None
    if guest.administration_id is not None:
        administration = db.session.get(Administration, guest.administration_id)
        if administration is None or not administration.active:
            raise InvalidField("administration", _("Choose an administration from the list."))
    if guest.language not in current_app.config["LANGUAGES"]:
        raise InvalidField("language", _("Choose Swedish or English."))
    if _already_invited(meeting, email):
        raise InvalidField(
            "email",
            _(
                "%(email)s is already invited to this meeting. Send that invitation again instead.",
                email=email,
            ),
        )
    invitation = Invitation(
        meeting=meeting,
        agenda_item=item,
        name=name,
        email=email,
        administration=administration,
        invited_by=user,
        language=guest.language,
    )
    db.session.add(invitation)
    db.session.flush()  # the id goes into the signed link
    _mail(invitation)
    record("invited", user, meeting=meeting, to_value=email, message=name)
    db.session.commit()
    return invitation


@refuses_cleanly
def send_again(user: User, meeting: Meeting, invitation_id: int) -> Invitation:
    invitation = _visible(user, meeting, invitation_id)
    if invitation.revoked_at is not None:
        raise Conflict(_("The invitation is revoked; invite the colleague anew."))
    _require_open(meeting)
    _mail(invitation)
    record("invitation_resent", user, meeting=meeting, to_value=invitation.email)
    db.session.commit()
    return invitation


@refuses_cleanly
def revoke(user: User, meeting: Meeting, invitation_id: int) -> Invitation:
    """The link stops working at once, for every copy of it; the invitation is kept."""
    invitation = _visible(user, meeting, invitation_id)
    if invitation.revoked_at is not None:
        raise Conflict(_("The invitation was already revoked."))
    invitation.revoked_at = utcnow()
    record(
        "invitation_revoked",
        user,
        meeting=meeting,
        from_value=invitation.email,
        message=invitation.name,
    )
    db.session.commit()
    return invitation


def _visible(user: User, meeting: Meeting, invitation_id: int) -> Invitation:
    require_may_invite(user, meeting)
    invitation = db.session.get(Invitation, invitation_id)
    # Another meeting's invitation, or one the user may not see, is not said to exist.
    if (
        invitation is None
        or invitation.meeting_id != meeting.id
        or not rules.sees_invitation(user, invitation)
    ):
        raise NotFound(_("There is no such invitation to this meeting."))
    return invitation


def _require_open(meeting: Meeting) -> None:
    if not rules.takes_invitations(meeting):
        raise Invalid(
            _("The meeting is cancelled; colleagues can no longer be invited to it.")
            if meeting.status == MeetingStatus.CANCELLED
            else _("The meeting has started or is over; colleagues can no longer be invited.")
        )


def _already_invited(meeting: Meeting, email: str) -> bool:
    return (
        db.session.scalar(
            select(Invitation.id).where(
                Invitation.meeting_id == meeting.id,
                func.lower(Invitation.email) == email.lower(),
                Invitation.revoked_at.is_(None),
            )
        )
        is not None
    )


def looks_like_email(email: str) -> bool:
    """One plain work address: no display name, list or spaces, a dot in the domain."""
    local, at, domain = email.rpartition("@")
    return (
        bool(at)
        and len(email) <= EMAIL_MAX
        and bool(local)
        and "@" not in local
        and "." in domain.strip(".")
        and not domain.startswith(".")
        and not any(ch.isspace() or ch in '<>,;"()[]\\' for ch in email)
    )


def _mail(invitation: Invitation) -> None:
    mail_invitation(invitation)
    invitation.last_mailed_at = utcnow()
