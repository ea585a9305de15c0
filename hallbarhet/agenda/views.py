from flask_login import login_required

from . import bp


@bp.get("/agenda")
@login_required
def index():
    return "agenda"
