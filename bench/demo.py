"""The demo pass: `flask seed-demo`'s municipality, as a newcomer sees it after `make run`,
served by gunicorn as deploy/ runs it and loaded by 16 connections at once.

The preparation adds what the demo lacks for the pages measured, through the app's own
operations as a coordinator would: the published agenda gets free items up to 12, the held
meeting's minutes are written and published, and a colleague is invited to the published
meeting (whose signed link is the guest page).
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import select

from .servers import HOST

AGENDA_ITEMS = 12
GUEST = ("Gun Gästsson", "gun.gastsson@bench.example")


@dataclass
class DemoData:
    participant: str
    password: str
    published_id: int  # the meeting with its agenda published, with AGENDA_ITEMS items
    minutes_id: int  # the meeting with published minutes
    guest_path: str  # /invitations/<token>
    counts: dict


def prepare(url: str, secret: str, port: int) -> DemoData:
    """A fresh schema through the migrations, the demo data, then the bench's additions."""
    from flask_migrate import upgrade

    from hallbarhet import create_app
    from hallbarhet.demo import DEMO_PASSWORD
    from hallbarhet.demo import seed as seed_demo
    from hallbarhet.extensions import db
    from hallbarhet.invitations.operations import Guest, invite
    from hallbarhet.invitations.urls import invitation_url
    from hallbarhet.meetings.operations import FREE_KINDS, add_item
    from hallbarhet.minutes.operations import save_item
    from hallbarhet.minutes.publishing import publish_minutes
    from hallbarhet.models import ItemOutcome, Meeting, MeetingStatus, Network, User

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": secret,  # the served app's: the guest's link is signed with it
            "BASE_URL": f"http://{HOST}:{port}",
        }
    )
    with app.app_context(), app.test_request_context():
        upgrade()
        seed_demo()
        coordinator = db.session.scalar(select(User).where(User.email == "coordinator@example.org"))

        def meeting_of(status: MeetingStatus) -> Meeting:
            return db.session.scalars(
                select(Meeting)
                .join(Network)
                .where(Network.slug == "neh", Meeting.status == status)
                .order_by(Meeting.starts_at)
            ).first()

        published = meeting_of(MeetingStatus.AGENDA_PUBLISHED)
        number = 0
        while len(published.items) < AGENDA_ITEMS:
            number += 1
            add_item(
                coordinator,
                published,
                published.version,
                title=f"Information från förvaltningarna, del {number}",
                kind=FREE_KINDS[number % len(FREE_KINDS)],
                minutes=10,
                presenter="Samordnaren",
            )
        held = meeting_of(MeetingStatus.HELD)
        for item in list(held.items):
            save_item(
                coordinator,
                held,
                item.id,
                item.version,
                notes=f"Nätverket gick igenom {item.title.lower()} och diskuterade frågan.",
                outcome=ItemOutcome.DISCUSSED if item.issue is not None else None,
            )
        publish_minutes(coordinator, held, held.version)
        invitation = invite(coordinator, published, Guest(*GUEST))
        guest_path = urlsplit(invitation_url(invitation)).path
        data = DemoData(
            "participant@example.org",
            DEMO_PASSWORD,
            published.id,
            held.id,
            guest_path,
            {
                "agenda items of the published meeting": len(published.items),
                "items of the meeting with published minutes": len(held.items),
            },
        )
        db.engine.dispose()
    return data
