"""A demo municipality: both networks, ten administrations, this semester's meetings,
a dozen questions in different states, and one account per role."""

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from ..extensions import db
from ..meetings.lifecycle import change_meeting_status
from ..meetings.operations import plan_meeting
from ..models import (
    Administration,
    Dimension,
    Meeting,
    MeetingForm,
    MeetingStatus,
    Membership,
    Network,
    Role,
    User,
    WorkArea,
)
from ..models.base import LOCAL_TZ
from .questions import add_questions

DEMO_PASSWORD = "demo-password"  # noqa: S105  (documented demo accounts)

NETWORKS = {
    "neh": (
        "Nätverk för ekologisk hållbarhet",
        Dimension.ECOLOGICAL,
        "Kontinuerlig dialog, gemensamt arbete och målstyrning i kommunövergripande frågor "
        "inom ekologisk hållbarhet.",
        [
            "Koldioxidmålet",
            "Klimat- och energifrågor",
            "Giftfri miljö",
            "Avfallsplan",
            "Klimatanpassning",
            "Miljökommunikation",
        ],
    ),
    "nsh": (
        "Nätverk för social hållbarhet",
        Dimension.SOCIAL,
        "Kontinuerlig dialog, gemensamt arbete och målstyrning i kommunövergripande frågor "
        "inom social hållbarhet.",
        [
            "CEMR-deklarationen och jämställdhetsintegrering",
            "Mänskliga rättigheter och diskrimineringsgrunderna",
            "Landsbygdsfrågor",
            "Samverkan med civilsamhället",
            "Folkhälsofrågor",
            "Nationella minoriteter",
            "Barnkonventionen, barnperspektiv",
            "Arbetet mot segregation",
            "ANDTS",
            "Våldsförebyggande arbete",
        ],
    ),
}

ADMINISTRATIONS = [
    ("Kommunledningsförvaltningen", "KLF"),
    ("Miljöförvaltningen", "MF"),
    ("Samhällsbyggnadsförvaltningen", "SBF"),
    ("Tekniska förvaltningen", "TF"),
    ("Barn- och utbildningsförvaltningen", "BUF"),
    ("Socialförvaltningen", "SOC"),
    ("Vård- och omsorgsförvaltningen", "VOF"),
    ("Kultur- och fritidsförvaltningen", "KFF"),
    ("Arbetsmarknadsförvaltningen", "AMF"),
    ("Serviceförvaltningen", "SF"),
]

# (network, days from today, hour, theme, description, form, place)
MEETINGS = [
    (
        "neh",
        -45,
        9,
        "Koldioxidmålet",
        "Var står vi mot koldioxidmålet och vad gör varje förvaltning nästa år?",
        MeetingForm.PHYSICAL,
        "Stadshuset, sal Älven",
    ),
    (
        "neh",
        9,
        9,
        "Klimatanpassning",
        "Skyfall, värmeböljor och hur kommunens verksamheter förbereder sig.",
        MeetingForm.HYBRID,
        "Stadshuset, sal Älven och Teams",
    ),
    (
        "neh",
        37,
        9,
        "Avfallsplan och cirkulär ekonomi",
        "Den nya avfallsplanen: förankring och ansvar per förvaltning.",
        MeetingForm.PHYSICAL,
        "Miljöhuset, konferensrum Linnéa",
    ),
    (
        "neh",
        65,
        13,
        "Giftfri miljö",
        "Kemikaliesmart förskola och upphandling.",
        MeetingForm.DIGITAL,
        "Teams",
    ),
    (
        "nsh",
        -38,
        13,
        "Folkhälsa",
        "Resultaten från folkhälsoenkäten och vad de betyder för oss.",
        MeetingForm.PHYSICAL,
        "Stadshuset, sal Ån",
    ),
    (
        "nsh",
        16,
        13,
        "Barnets rättigheter",
        "Barnkonventionen i kommunens beslut och verksamheter.",
        MeetingForm.HYBRID,
        "Stadshuset, sal Ån och Teams",
    ),
    (
        "nsh",
        44,
        13,
        "Våldsförebyggande arbete",
        "Gemensam handlingsplan mot våld i nära relationer.",
        MeetingForm.PHYSICAL,
        "Medborgarhuset, rum 2",
    ),
]

ACCOUNTS = [
    ("admin@example.org", "Alva Administratör", None, None, True),
    ("coordinator@example.org", "Cecilia Lind", "KLF", Role.COORDINATOR, False),
    ("representative@example.org", "Rasmus Ek", "MF", Role.REPRESENTATIVE, False),
    ("participant@example.org", "Petra Sjöberg", "KFF", Role.PARTICIPANT, False),
]

# Other representatives, one per administration, in both networks.
REPRESENTATIVES = [
    ("karin.berg@example.org", "Karin Berg", "SBF"),
    ("ahmed.hassan@example.org", "Ahmed Hassan", "TF"),
    ("lena.nord@example.org", "Lena Nord", "BUF"),
    ("johan.strand@example.org", "Johan Strand", "SOC"),
    ("maria.holm@example.org", "Maria Holm", "VOF"),
]


def seed(*, only_if_empty: bool = False) -> bool:
    """Load the demo data; returns False (changing nothing) when it is already there,
    or, with only_if_empty, when the database holds any network at all."""
    existing = db.session.scalar(select(Network).limit(1))
    if existing is not None and (only_if_empty or _demo_present()):
        return False
    today = datetime.now(LOCAL_TZ).date()
    networks = _networks()
    administrations = _administrations()
    users = _users(networks, administrations)
    meetings = _meetings(networks, today)
    db.session.commit()
    add_questions(networks, administrations, users, meetings, today)
    return True


def _demo_present() -> bool:
    return db.session.scalar(select(User).where(User.email == "admin@example.org")) is not None


def _networks() -> dict[str, Network]:
    networks = {}
    for slug, (name, dimension, description, areas) in NETWORKS.items():
        network = db.session.scalar(select(Network).where(Network.slug == slug))
        if network is None:
            network = Network(slug=slug, name=name, dimension=dimension, description=description)
            network.work_areas = [WorkArea(name=a, position=i) for i, a in enumerate(areas)]
            db.session.add(network)
        networks[slug] = network
    db.session.flush()
    return networks


def _administrations() -> dict[str, Administration]:
    result = {}
    for name, short in ADMINISTRATIONS:
        administration = db.session.scalar(
            select(Administration).where(Administration.name == name)
        )
        if administration is None:
            administration = Administration(name=name, short_name=short)
            db.session.add(administration)
        result[short] = administration
    db.session.flush()
    return result


def _users(networks, administrations) -> dict[str, User]:
    users = {}
    demo_hash = None
    people = [*ACCOUNTS, *[(e, n, a, Role.REPRESENTATIVE, False) for e, n, a in REPRESENTATIVES]]
    for email, name, short, role, is_admin in people:
        user = User(
            email=email,
            name=name,
            is_admin=is_admin,
            administration=administrations.get(short) if short else None,
        )
        if demo_hash is None:
            user.set_password(DEMO_PASSWORD)
            demo_hash = user.password_hash
        user.password_hash = demo_hash
        if role is not None:
            user.memberships = [Membership(network=n, role=role) for n in networks.values()]
        db.session.add(user)
        users[email.split("@")[0]] = user
    db.session.flush()
    return users


def _meetings(networks, today: date) -> dict[tuple[str, int], Meeting]:
    meetings = {}
    for index, (slug, days, hour, theme, description, form, place) in enumerate(MEETINGS):
        day = _weekday(today + timedelta(days=days), 1 if slug == "neh" else 3)
        starts_at = datetime.combine(day, time(hour), LOCAL_TZ)
        meeting = plan_meeting(
            networks[slug],
            starts_at,
            theme=theme,
            theme_description=description,
            form=form,
            place=place,
        )
        if days < 0:
            change_meeting_status(meeting, MeetingStatus.HELD, None)
        meetings[(slug, index)] = meeting
    return meetings


def _weekday(day: date, weekday: int) -> date:
    """The nearest Tuesday (1) or Thursday (3) on or after the day."""
    return day + timedelta(days=(weekday - day.weekday()) % 7)
