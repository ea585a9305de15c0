"""A person's memberships: a role in each network they take part in, set by an
administrator (admin.people; admin.imports, from the rows admin.import_checks read). A
representative speaks for an administration, so needs one; each addition, change of role
and removal is an Event about the person and the network, and leaving a network ends the
sessions that rested on it."""

from flask_babel import gettext as _

from ..errors import InvalidField
from ..extensions import db
from ..models import Administration, Membership, Network, Role, User
from ..models.events import record


def role_field(network_id: int) -> str:
    """The name of the form field with a person's role in the network."""
    return f"role_{network_id}"


def needs_administration(role: Role) -> bool:
    """Whether the role can be held only by a person with an administration: a
    representative speaks for one."""
    return role is Role.REPRESENTATIVE


def check_roles(roles: dict[int, Role], administration: Administration | None) -> None:
    """Roles by network id that can be held, or InvalidField beside the network's field."""
    for network_id, role in roles.items():
        if db.session.get(Network, network_id) is None:
            raise InvalidField(role_field(network_id), _("There is no such network."))
        if needs_administration(role) and administration is None:
            raise InvalidField(
                role_field(network_id),
                _("A representative speaks for an administration: choose the person's first."),
            )


def set_memberships(actor: User, user: User, wanted: dict[Network, Role]) -> bool:
    """The person's memberships become the wanted ones, each addition, change of role and
    removal with its Event about the person and the network; removing the last one ends
    the person's sessions (User.leave). Whether anything changed."""
    held = {m.network_id: m for m in user.memberships}
    wanted_ids = {network.id: (network, role) for network, role in wanted.items()}
    changed = False
    # Additions first: a person who moves from one network to another keeps their sessions.
    for network_id, (network, role) in wanted_ids.items():
        membership = held.get(network_id)
        if membership is None:
            user.memberships.append(Membership(network=network, role=role))
            record("membership_added", actor, person=user, network=network, to_value=role.value)
            changed = True
        elif membership.role != role:
            record(
                "membership_changed",
                actor,
                person=user,
                network=network,
                from_value=membership.role.value,
                to_value=role.value,
            )
            membership.role = role
            changed = True
    for network_id, membership in held.items():
        if network_id not in wanted_ids:
            record(
                "membership_removed",
                actor,
                person=user,
                network=membership.network,
                from_value=membership.role.value,
            )
            user.leave(network_id)
            changed = True
    if changed and user.id is not None:
        user.bump_version()
    return changed


def by_network(roles: dict[int, Role]) -> dict[Network, Role]:
    """Roles by network id (a form's or a file's) as set_memberships takes them."""
    return {db.session.get_one(Network, network_id): role for network_id, role in roles.items()}
