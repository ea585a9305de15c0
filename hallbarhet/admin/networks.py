"""What administrators change in the networks: add and edit a network (its name, slug,
dimension, description and lead times), and its work areas (add, rename, reorder, retire,
bring back).

A work area is never deleted: a retired one is offered for no new or edited question, and
the questions that have it keep it. Each change is an Event about the network in the
change's transaction; a refusal leaves the session clean."""

import re
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from ..access import require_admin
from ..errors import Conflict, InvalidField
from ..extensions import db
from ..models import Dimension, Network, User, WorkArea
from ..models.base import commit_or_conflict, refuses_cleanly, utcnow
from ..models.events import record

NAME_MAX = 200
DESCRIPTION_MAX = 2000
AREA_NAME_MAX = 200
# The slug names the network in addresses and starts its questions' references
# (NEH-2026-014, at most 32 characters): lower-case letters, digits and inner hyphens.
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SLUG_MIN, SLUG_MAX = 2, 20
# Days before a meeting: questions in by the first, the agenda out by the second, which is
# later (fewer days), so that the coordinators have the time between to triage.
SUBMISSION_LEAD = (1, 90)
AGENDA_LEAD = (1, 60)
# What Event.from_value and to_value hold.
EVENT_VALUE_MAX = 200


@dataclass
class NetworkInput:
    name: str
    slug: str
    dimension: Dimension
    description: str = ""
    submission_lead_days: int = 14
    agenda_lead_days: int = 5


@refuses_cleanly
def add_network(actor: User, data: NetworkInput) -> Network:
    require_admin(actor)
    data = _checked(data)
    network = Network()
    _apply(network, data)
    db.session.add(network)
    record("network_added", actor, network=network, to_value=f"{data.name} ({data.slug})")
    db.session.commit()
    return network


@refuses_cleanly
def update_network(actor: User, network: Network, data: NetworkInput, version: int) -> bool:
    """Returns whether anything changed; an Event for each changed field, before → after."""
    require_admin(actor)
    _check_version(network, version, changed_first)
    data = _checked(data, network)
    before = _described(network)
    _apply(network, data)
    after = _described(network)
    changed = False
    for field, value in before.items():
        if value != after[field]:
            record("network_edited", actor, network=network, from_value=value,
                   to_value=after[field], message=field)  # fmt: skip
            changed = True
    if changed:
        commit_or_conflict(lambda: changed_first(network))
    return changed


@refuses_cleanly
def add_work_area(actor: User, network: Network, name: str) -> WorkArea:
    """The new work area goes last in the network's list."""
    require_admin(actor)
    name = _area_name(network, name)
    areas = ordered_areas(network)
    area = WorkArea(name=name, position=(areas[-1].position + 1) if areas else 0)
    network.work_areas.append(area)
    record("work_area_added", actor, network=network, to_value=name, message=name)
    db.session.commit()
    return area


@refuses_cleanly
def rename_work_area(actor: User, area: WorkArea, name: str, version: int) -> bool:
    require_admin(actor)
    _check_version(area, version, area_changed_first)
    name = _area_name(area.network, name, area)
    if name == area.name:
        return False
    record("work_area_renamed", actor, network=area.network, from_value=area.name,
           to_value=name, message=name)  # fmt: skip
    area.name = name
    commit_or_conflict(lambda: area_changed_first(area))
    return True


@refuses_cleanly
def move_work_area(actor: User, area: WorkArea, step: int, version: int) -> bool:
    """One place up (step -1) or down (+1) in the network's list; at either end nothing
    moves. The list's positions are numbered 0, 1, 2, ... again on the way."""
    require_admin(actor)
    _check_version(area, version, area_changed_first)
    areas = ordered_areas(area.network)
    index = areas.index(area)
    other = index + step
    if step not in (-1, 1) or not 0 <= other < len(areas):
        return False
    areas[index], areas[other] = areas[other], areas[index]
    for position, each in enumerate(areas):
        if each.position != position:
            each.position = position
    record("work_area_moved", actor, network=area.network, from_value=index + 1,
           to_value=other + 1, message=area.name)  # fmt: skip
    commit_or_conflict(lambda: area_changed_first(area))
    return True


@refuses_cleanly
def retire_work_area(actor: User, area: WorkArea, version: int) -> bool:
    require_admin(actor)
    _check_version(area, version, area_changed_first)
    if area.retired:
        return False
    area.retired_at = utcnow()
    record("work_area_retired", actor, network=area.network, message=area.name)
    commit_or_conflict(lambda: area_changed_first(area))
    return True


@refuses_cleanly
def restore_work_area(actor: User, area: WorkArea, version: int) -> bool:
    require_admin(actor)
    _check_version(area, version, area_changed_first)
    if not area.retired:
        return False
    area.retired_at = None
    record("work_area_restored", actor, network=area.network, message=area.name)
    commit_or_conflict(lambda: area_changed_first(area))
    return True


def ordered_areas(network: Network) -> list[WorkArea]:
    return sorted(network.work_areas, key=lambda area: (area.position, area.id or 0))


def changed_first(network: Network) -> Conflict:
    return Conflict(
        _(
            "Someone else changed the network while you had it open. Here it is as it is "
            "now; make your change again if it still applies."
        ),
        current=network,
    )


def area_changed_first(area: WorkArea) -> Conflict:
    return Conflict(
        _(
            "Someone else changed the work areas while you had them open. Here they are as "
            "they are now; make your change again if it still applies."
        ),
        current=area,
    )


def _check_version(row, version: int | None, conflict) -> None:
    if row.version != version:
        raise conflict(row)


def _checked(data: NetworkInput, network: Network | None = None) -> NetworkInput:
    """The input stripped, or InvalidField beside the first field that is wrong."""
    name, slug = (data.name or "").strip(), (data.slug or "").strip()
    description = (data.description or "").strip()
    if not name:
        raise InvalidField("name", _("Write the network's name."))
    if len(name) > NAME_MAX:
        raise InvalidField("name", _("Write at most %(max)s characters.", max=NAME_MAX))
    if not (SLUG_MIN <= len(slug) <= SLUG_MAX and SLUG.fullmatch(slug)):
        raise InvalidField(
            "slug",
            _(
                "Write %(min)s to %(max)s lower-case letters a–z, digits or hyphens, such as neh.",
                min=SLUG_MIN,
                max=SLUG_MAX,
            ),
        )
    taken = select(Network.id).where(Network.slug == slug)
    if network is not None:
        taken = taken.where(Network.id != network.id)
    if db.session.scalar(taken) is not None:
        raise InvalidField("slug", _("Another network already has this short name."))
    if not isinstance(data.dimension, Dimension):
        raise InvalidField("dimension", _("Choose a dimension from the list."))
    if len(description) > DESCRIPTION_MAX:
        raise InvalidField(
            "description", _("Write at most %(max)s characters.", max=DESCRIPTION_MAX)
        )
    low, high = SUBMISSION_LEAD
    if not low <= data.submission_lead_days <= high:
        raise InvalidField(
            "submission_lead_days", _("Give between %(min)s and %(max)s days.", min=low, max=high)
        )
    low, high = AGENDA_LEAD
    if not low <= data.agenda_lead_days <= high:
        raise InvalidField(
            "agenda_lead_days", _("Give between %(min)s and %(max)s days.", min=low, max=high)
        )
    if data.agenda_lead_days >= data.submission_lead_days:
        raise InvalidField(
            "agenda_lead_days",
            _(
                "The agenda goes out after the questions are in: give fewer days than the "
                "%(days)s for the questions.",
                days=data.submission_lead_days,
            ),
        )
    return NetworkInput(
        name=name,
        slug=slug,
        dimension=data.dimension,
        description=description,
        submission_lead_days=data.submission_lead_days,
        agenda_lead_days=data.agenda_lead_days,
    )


def _apply(network: Network, data: NetworkInput) -> None:
    network.name = data.name
    network.slug = data.slug
    network.dimension = data.dimension
    network.description = data.description
    network.submission_lead_days = data.submission_lead_days
    network.agenda_lead_days = data.agenda_lead_days


def _described(network: Network) -> dict[str, str]:
    """The network's fields as its history shows them, each cut to what an Event holds."""
    values = {
        "name": network.name,
        "slug": network.slug,
        "dimension": network.dimension.value if network.dimension else "",
        "description": network.description or "",
        "submission_lead_days": str(network.submission_lead_days),
        "agenda_lead_days": str(network.agenda_lead_days),
    }
    return {field: _cut(value) for field, value in values.items()}


def _cut(text: str) -> str:
    return text if len(text) <= EVENT_VALUE_MAX else text[: EVENT_VALUE_MAX - 1] + "…"


def _area_name(network: Network, name: str, area: WorkArea | None = None) -> str:
    name = (name or "").strip()
    if not name:
        raise InvalidField("name", _("Write the work area's name."))
    if len(name) > AREA_NAME_MAX:
        raise InvalidField("name", _("Write at most %(max)s characters.", max=AREA_NAME_MAX))
    for other in network.work_areas:
        if other is not area and other.name.casefold() == name.casefold():
            if other.retired:
                raise InvalidField(
                    "name",
                    _("A retired work area has this name: bring it back instead."),
                )
            raise InvalidField("name", _("The network already has a work area with this name."))
    return name
