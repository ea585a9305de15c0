"""How a request's transaction ends when the request did not end it (hallbarhet.transactions).

Each `with app.app_context()` below is what a request is to the database: a session of its
own, closed at the end of the context, with the app's teardown run as after a request."""

import pytest
from sqlalchemy import func, select, text, update
from sqlalchemy.exc import IntegrityError

from hallbarhet.extensions import db
from hallbarhet.models import Administration, User
from tests.factories import make_administration


def _administrations() -> int:
    db.session.rollback()  # read what is committed now
    return db.session.scalar(select(func.count(Administration.id)))


def test_what_a_request_wrote_and_did_not_commit_is_not_kept(app, world):
    before = _administrations()
    with app.app_context():
        make_administration("Kulturförvaltningen", "KUF")
        db.session.flush()  # written to the transaction, never committed
        assert db.session.scalar(select(func.count(Administration.id))) == before + 1

    assert _administrations() == before


def test_a_statement_that_wrote_and_was_not_committed_is_not_kept(app, world):
    with app.app_context():
        db.session.execute(update(User).where(User.id == world.participant.id).values(name="X"))

    db.session.rollback()
    assert db.session.get(User, world.participant.id).name != "X"


def test_sql_written_out_that_wrote_and_was_not_committed_is_not_kept(app, world):
    with app.app_context():
        db.session.execute(
            text("UPDATE app_user SET name = 'X' WHERE id = :id"), {"id": world.participant.id}
        )
        db.session.execute(text("SELECT 1"))  # a read after it changes nothing

    db.session.rollback()
    assert db.session.get(User, world.participant.id).name != "X"


def test_a_row_locked_and_not_committed_is_released_as_before(app, world):
    with app.app_context():
        db.session.execute(select(User).where(User.id == world.participant.id).with_for_update())

    with app.app_context():  # another request takes the same lock at once
        locked = db.session.execute(
            select(User.id).where(User.id == world.participant.id).with_for_update(nowait=True)
        ).scalar()
        assert locked == world.participant.id


def test_a_request_whose_transaction_failed_ends_without_an_error(app, world):
    taken = world.participant.email
    with app.app_context():
        administration = db.session.scalar(select(Administration))
        db.session.add(User(name="Dubbel", email=taken, administration=administration))
        with pytest.raises(IntegrityError):
            db.session.flush()

    assert db.session.scalar(select(func.count(User.id)).where(User.email == taken)) == 1


# SQLite keeps its statements across a rollback.
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_request_that_only_read_keeps_its_prepared_statements(app, world):
    # psycopg prepares a statement on its sixth run on a connection, and forgets every
    # prepared statement on a rollback: each request would plan its statements anew.
    participant_id = world.participant.id
    # One connection in the pool, as a worker that serves one request at a time has: the
    # pool hands out its connections in turn, and earlier tests left several.
    db.session.close()
    db.engine.dispose()
    for _ in range(8):
        with app.app_context():
            db.session.scalars(select(User).where(User.id == participant_id)).all()

    with app.app_context():
        prepared = db.session.execute(
            text("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE :user"),
            {"user": "%FROM app_user%"},
        ).scalar()
    assert prepared >= 1
