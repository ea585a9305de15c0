"""Report back (återrapportering): what an administration takes to its management group."""

from flask import Blueprint

bp = Blueprint("reportback", __name__)

from . import views  # noqa: E402, F401
