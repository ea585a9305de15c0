"""The administrators' blueprint (/admin): views.py and the view modules it imports add
their routes to it."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")
