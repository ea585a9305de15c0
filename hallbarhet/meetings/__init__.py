from flask import Blueprint

bp = Blueprint("meetings", __name__)

from . import network_views, views  # noqa: E402, F401
