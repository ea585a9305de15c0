"""The overview each person lands on, and the health check."""

from flask import Blueprint, jsonify
from flask_login import current_user, login_required
from sqlalchemy import text

from ..extensions import db
from ..rendering import render
from .queries import overview

bp = Blueprint("dashboard", __name__)


@bp.get("/")
@login_required
def index():
    return render("dashboard/index.html", **overview(current_user))


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any database failure means unhealthy
        db.session.rollback()
        return jsonify(status="unavailable"), 503
    return jsonify(status="ok")
