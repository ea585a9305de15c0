"""When an administration last reported back: for one network, or for every network at once."""

from datetime import timedelta

from sqlalchemy import select

from hallbarhet.extensions import db
from hallbarhet.models import ReportBack
from hallbarhet.models.reports import last_reported_at


def test_last_report_back_counts_reports_for_every_network(world):
    assert last_reported_at(world.env.id) is None
    everything = ReportBack(administration=world.env, reported_by=world.representative)
    db.session.add(everything)
    db.session.commit()
    later = ReportBack(
        administration=world.env,
        network=world.nsh,
        reported_by=world.representative,
        reported_at=everything.reported_at + timedelta(days=30),
    )
    db.session.add(later)
    db.session.commit()

    assert last_reported_at(world.env.id) == later.reported_at
    assert last_reported_at(world.env.id, world.nsh.id) == later.reported_at
    assert last_reported_at(world.env.id, world.neh.id) == everything.reported_at
    assert last_reported_at(world.social.id) is None
    assert last_reported_at(world.env.id).tzinfo is not None
    assert db.session.scalars(select(ReportBack)).all()
