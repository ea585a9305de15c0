"""Who may do what: one place for the role rules every area uses."""

from functools import wraps

from flask import abort
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import ColumnElement, bindparam, false, or_, select
from sqlalchemy.orm import QueryableAttribute

from .auth.readers import Person
from .errors import NotAllowed
from .extensions import db
from .models import Issue, IssueStatus, Membership, Network, Role, User


def all_network_ids() -> set[int]:
    return set(db.session.scalars(select(Network.id)))


def coordinated_network_ids(user: Person) -> set[int]:
    """Networks the user coordinates; an administrator acts as coordinator everywhere."""
    if user.is_admin:
        return all_network_ids()
    return user.network_ids(Role.COORDINATOR)


def member_network_ids(user: Person) -> set[int]:
    """Networks whose agendas the user reads."""
    if user.is_admin:
        return all_network_ids()
    return user.network_ids()


def member_networks_bound(network_id: QueryableAttribute[int]) -> ColumnElement[bool]:
    """member_network_ids of a member as SQL, for a statement built once: the user bound as
    "user_id" (an administrator reads every network, and needs no condition)."""
    return network_id.in_(
        select(Membership.network_id).where(Membership.user_id == bindparam("user_id"))
    )


def representing_network_ids(user: Person) -> set[int]:
    """Networks where the user may submit questions for the own administration."""
    if user.administration_id is None:
        return set()
    return user.network_ids(Role.REPRESENTATIVE)


def is_coordinator(user: Person, network_id: int) -> bool:
    return network_id in coordinated_network_ids(user)


def require_coordinator(user: User, network_id: int) -> None:
    if not is_coordinator(user, network_id):
        raise NotAllowed(_("Only the network's coordinators may do this."))


def require_admin(user: User) -> None:
    if not user.is_admin:
        raise NotAllowed(_("Only administrators may do this."))


# Statuses in which every member of a network sees a question: it is on, or has been on,
# one of the network's agendas.
ON_AGENDAS = (IssueStatus.SCHEDULED, IssueStatus.DISCUSSED, IssueStatus.CLOSED)


def can_view_issue(user: User, issue: Issue) -> bool:
    own = (
        user.administration_id == issue.administration_id and issue.network_id in user.network_ids()
    )
    if own or issue.submitter_id == user.id:
        return True
    if issue.status == IssueStatus.DRAFT:
        return False
    if is_coordinator(user, issue.network_id):
        return True
    # Everyone in the network sees what is on, or has been on, its agendas.
    return issue.network_id in user.network_ids() and issue.status in ON_AGENDAS


def viewable_issues(user: User):
    """can_view_issue as a condition on Issue, for lists that pick among many questions
    (the similar questions): the same answer for every question, tested side by side."""
    member = user.network_ids()
    own = Issue.submitter_id == user.id
    if user.administration_id is not None and member:
        own = own | (
            (Issue.administration_id == user.administration_id) & Issue.network_id.in_(member)
        )
    coordinated = coordinated_network_ids(user)
    others = [
        Issue.network_id.in_(coordinated) if coordinated else false(),
        (Issue.network_id.in_(member) & Issue.status.in_(ON_AGENDAS)) if member else false(),
    ]
    return own | ((Issue.status != IssueStatus.DRAFT) & or_(*others))


def can_edit_issue(user: User, issue: Issue) -> bool:
    """The own administration's representatives edit a question while it is not triaged."""
    return (
        user.administration_id == issue.administration_id
        and issue.network_id in representing_network_ids(user)
    )


def coordinator_required(view):
    """Signed in and coordinator of at least one network (403 otherwise)."""

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not coordinated_network_ids(current_user):
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def admin_required(view):
    """Signed in and administrator (403 otherwise)."""

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def representative_required(view):
    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not representing_network_ids(current_user):
            abort(403)
        return view(*args, **kwargs)

    return wrapped
