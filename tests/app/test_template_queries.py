"""Pages load what they show in the view: rendering a template runs no SQL statement."""

from contextlib import contextmanager

import pytest
from flask import before_render_template, template_rendered

from hallbarhet.extensions import db
from hallbarhet.models import MeetingStatus
from tests.factories import session_id
from tests.helpers import count_statements
from tests.minutes_data import published_meeting


@contextmanager
def statements_while_rendering(app):
    """The statements run between the start and the end of each render_template."""
    during: list[str] = []
    rendering = {"since": None}

    with count_statements() as statements:

        def started(_sender, **_extra):
            rendering["since"] = len(statements)

        def finished(_sender, **_extra):
            during.extend(statements[rendering["since"] :])

        before_render_template.connect(started, app)
        template_rendered.connect(finished, app)
        try:
            yield during
        finally:
            before_render_template.disconnect(started, app)
            template_rendered.disconnect(finished, app)


def view(app, client, url, user):
    """The page as a served request renders it: a fresh session, nothing loaded yet."""
    with app.app_context():
        with client.session_transaction() as session:
            session["_user_id"] = session_id(user.id)
            session["_fresh"] = True
        with statements_while_rendering(app) as during:
            response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True), during


@pytest.mark.parametrize("name", ["coordinator", "representative", "participant"])
def test_the_meeting_page_with_minutes_renders_without_a_query(app, client, world, name):
    meeting = published_meeting(world)
    html, during = view(app, client, f"/meetings/{meeting.id}", getattr(world, name))
    assert "Ta fram underlag" in html and "Nätverket enades." in html
    assert during == []


@pytest.mark.parametrize("name", ["coordinator", "representative", "participant"])
def test_a_coming_meeting_with_its_follow_up_renders_without_a_query(app, client, world, name):
    published_meeting(world)
    world.neh_meeting.status = MeetingStatus.AGENDA_PUBLISHED
    db.session.commit()
    html, during = view(app, client, f"/meetings/{world.neh_meeting.id}", getattr(world, name))
    assert "follow-up-heading" in html and "Ta fram underlag" in html
    assert during == []
