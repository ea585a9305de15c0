"""Plain functions that build the data tests need."""

from datetime import timedelta
from types import SimpleNamespace

from werkzeug.security import generate_password_hash

from hallbarhet.extensions import db
from hallbarhet.issues.operations import next_reference
from hallbarhet.meetings.operations import plan_meeting
from hallbarhet.models import (
    Administration,
    AskedFor,
    Dimension,
    Issue,
    IssueKind,
    IssueStatus,
    Membership,
    Network,
    Role,
    User,
    WorkArea,
)
from hallbarhet.models.base import utcnow

PASSWORD = "test-password"
# Hashing is slow on purpose; every test user shares one hash.
PASSWORD_HASH = generate_password_hash(PASSWORD)


def make_network(slug: str, name: str, dimension: Dimension, areas: list[str]) -> Network:
    network = Network(slug=slug, name=name, dimension=dimension, description="")
    for position, area in enumerate(areas):
        network.work_areas.append(WorkArea(name=area, position=position))
    db.session.add(network)
    return network


def make_administration(name: str, short_name: str) -> Administration:
    administration = Administration(name=name, short_name=short_name)
    db.session.add(administration)
    return administration


def make_user(
    email: str, name: str, *, administration=None, roles=None, admin=False, language="sv"
) -> User:
    user = User(
        email=email,
        name=name,
        administration=administration,
        is_admin=admin,
        password_hash=PASSWORD_HASH,
        language=language,
    )
    for network, role in (roles or {}).items():
        user.memberships.append(Membership(network=network, role=role))
    db.session.add(user)
    return user


def session_id(user_id: int) -> str:
    """What a signed-in session holds for the user (User.get_id: id and session generation)."""
    return db.session.get(User, user_id).get_id()


def make_meeting(network: Network, days_ahead: int = 30, theme: str = "Tema", **kwargs):
    starts_at = (utcnow() + timedelta(days=days_ahead)).replace(
        hour=8, minute=0, second=0, microsecond=0
    )
    return plan_meeting(network, starts_at, theme=theme, **kwargs)


def make_issue(
    network: Network,
    submitter: User,
    *,
    title="En fråga",
    status=IssueStatus.SUBMITTED,
    kind=IssueKind.DIALOGUE,
    asked_for=AskedFor.DIALOGUE,
    minutes=15,
    **kwargs,
):
    issue = Issue(
        network=network,
        administration_id=submitter.administration_id,
        submitter=submitter,
        title=title,
        description=kwargs.pop("description", "Beskrivning av frågan."),
        kind=kind,
        asked_for=asked_for,
        estimated_minutes=minutes,
        status=status,
        **kwargs,
    )
    db.session.add(issue)
    db.session.flush()
    if status != IssueStatus.DRAFT:
        issue.reference = next_reference(network.id)
        issue.submitted_at = utcnow()
    return issue


def make_world() -> SimpleNamespace:
    """Two networks, three administrations and one account per role."""
    neh = make_network(
        "neh",
        "Nätverk för ekologisk hållbarhet",
        Dimension.ECOLOGICAL,
        ["Koldioxidmålet", "Klimatanpassning", "Avfallsplan"],
    )
    nsh = make_network(
        "nsh",
        "Nätverk för social hållbarhet",
        Dimension.SOCIAL,
        ["Folkhälsofrågor", "Barnkonventionen, barnperspektiv"],
    )
    env = make_administration("Miljöförvaltningen", "MF")
    social = make_administration("Socialförvaltningen", "SOC")
    culture = make_administration("Kultur- och fritidsförvaltningen", "KFF")
    both = lambda role: {neh: role, nsh: role}  # noqa: E731
    w = SimpleNamespace(neh=neh, nsh=nsh, env=env, social=social, culture=culture)
    w.admin = make_user("admin@test.se", "Ada Admin", admin=True)
    w.coordinator = make_user(
        "coordinator@test.se", "Cora Samordnare", roles=both(Role.COORDINATOR)
    )
    w.neh_coordinator = make_user(
        "neh-coordinator@test.se", "Nils Samordnare", roles={neh: Role.COORDINATOR}
    )
    w.representative = make_user(
        "representative@test.se",
        "Rita Representant",
        administration=env,
        roles=both(Role.REPRESENTATIVE),
    )
    w.other_representative = make_user(
        "other@test.se", "Olle Representant", administration=social, roles=both(Role.REPRESENTATIVE)
    )
    w.participant = make_user(
        "participant@test.se", "Pia Deltagare", administration=culture, roles=both(Role.PARTICIPANT)
    )
    w.outsider = make_user("outsider@test.se", "Otto Utanför", administration=culture)
    w.neh_meeting = make_meeting(neh, 30, "Klimatanpassning")
    w.neh_later = make_meeting(neh, 60, "Avfallsplan")
    w.nsh_meeting = make_meeting(nsh, 35, "Barnperspektiv")
    db.session.commit()
    return w
