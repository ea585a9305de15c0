"""The mail that brings an invited colleague the signed link to the meeting's agenda, in
the language the invitation was made in."""

from ..invitations.urls import invitation_url
from ..models import Invitation, OutboxMail
from .outbox import queue


def mail_invitation(invitation: Invitation) -> OutboxMail:
    return queue(
        invitation.email,
        "invitation",
        invitation.language,
        invitation=invitation,
        meeting=invitation.meeting,
        url=invitation_url(invitation),
    )
