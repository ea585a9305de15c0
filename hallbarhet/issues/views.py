from flask_login import login_required

from . import bp


@bp.get("/issues")
@login_required
def index():
    return "issues"


@bp.get("/issues/new")
@login_required
def new():
    return "new"
