"""The triage blueprint: its routes are in views.py (the queue) and decisions.py (the
coordinator's decisions); create_app registers it."""

from flask import Blueprint

bp = Blueprint("triage", __name__)
