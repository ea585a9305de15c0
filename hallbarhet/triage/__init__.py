from flask import Blueprint

bp = Blueprint("triage", __name__)

from . import decisions, views  # noqa: E402, F401
