"""The overview each person lands on, and the health check."""

from flask import Blueprint, jsonify
from flask_login import current_user, login_required

from ..rendering import render
from .queries import database_answers, overview

bp = Blueprint("dashboard", __name__)


@bp.get("/")
@login_required
def index():
    return render("dashboard/index.html", **overview(current_user))


@bp.get("/healthz")
def healthz():
    if not database_answers():
        return jsonify(status="unavailable"), 503
    return jsonify(status="ok")
