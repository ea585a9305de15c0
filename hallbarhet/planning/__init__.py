"""The semester plan: every network's meetings by semester, planned, changed and cancelled."""

from flask import Blueprint

bp = Blueprint("planning", __name__)

from . import views  # noqa: E402, F401
