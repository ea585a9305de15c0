from ..access import coordinator_required
from . import bp


@bp.get("/triage")
@coordinator_required
def index():
    return "triage"
