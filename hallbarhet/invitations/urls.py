"""The link an invited colleague gets by mail."""

from ..models import Invitation
from ..urls import external_url


def invitation_url(invitation: Invitation) -> str:
    """The absolute, signed link to the colleague's agenda page, on the site's public
    address (BASE_URL), so that it is the same from a request and from a command."""
    return link_url(invitation.token())


def link_url(token: str) -> str:
    """invitation_url of the invitation whose signed part of the link this is."""
    return external_url("invitations.show", token=token)


def invitation_calendar_url(invitation: Invitation) -> str:
    return external_url("invitations.calendar", token=invitation.token())
