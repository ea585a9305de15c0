from flask import Blueprint

bp = Blueprint("agenda", __name__)

from . import views  # noqa: E402, F401
