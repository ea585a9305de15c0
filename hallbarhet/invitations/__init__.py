"""Invited colleagues (inbjudna): a representative's guests for one meeting, or one item of
it, who read that meeting's agenda through a signed link, without an account.

    invitation_url(invitation) -> the absolute link a mail carries
"""

from flask import Blueprint

bp = Blueprint("invitations", __name__)

from . import views  # noqa: E402, F401
from .links import invitation_url  # noqa: E402

__all__ = ["bp", "invitation_url"]
