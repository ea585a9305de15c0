"""How a request's transaction ends when the request has not ended it itself.

Flask-SQLAlchemy ends every request by closing the session, which rolls back whatever
transaction is still open: what a request wrote and did not commit is never kept. On
PostgreSQL, psycopg forgets its prepared statements on every rollback (a rolled-back
transaction may have dropped what they name), so that each request would plan all its
statements anew: a millisecond or more for a statement with joins, more than running it.
A transaction that wrote nothing is therefore committed instead, which keeps them, and
changes nothing else (a row lock is released by either). Whether it wrote is noted as its
statements are sent (_note_writes: any INSERT, UPDATE or DELETE, any statement of ours
that is not a SELECT), without asking the database at the end of every request. Anything
else is rolled back as before."""

from flask import Flask
from sqlalchemy import event
from sqlalchemy.exc import SQLAlchemyError

from .extensions import db

_WROTE = "hallbarhet_wrote"


def init_app(app: Flask) -> None:
    # Registered after Flask-SQLAlchemy's own teardown, so run before it (Flask runs them
    # in reverse): the session is still open here.
    app.teardown_appcontext(_commit_if_only_read)
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "postgresql" and not event.contains(
        engine, "before_cursor_execute", _note_writes
    ):
        event.listen(engine, "begin", _transaction_begins)
        event.listen(engine, "before_cursor_execute", _note_writes)


def _transaction_begins(connection) -> None:
    connection.info[_WROTE] = False


def _note_writes(connection, _cursor, statement, _parameters, context, _executemany) -> None:
    if connection.info.get(_WROTE):
        return
    # SQL written out (text(), exec_driver_sql) is told by its first word.
    written_out = context is not None and (context.compiled is None or context.is_text)
    if (
        context is None
        or context.isinsert
        or context.isupdate
        or context.isdelete
        or context.isddl
        or (written_out and statement.lstrip()[:6].upper() != "SELECT")
    ):
        connection.info[_WROTE] = True


def _commit_if_only_read(error: BaseException | None) -> None:
    if error is not None:
        return
    session = db.session()
    transaction = session.get_transaction()
    if transaction is None or not transaction.is_active:
        return
    if session.get_bind().dialect.name != "postgresql":
        return  # SQLite keeps its statements across a rollback
    if session.new or session.dirty or session.deleted:
        return
    try:
        # Not noted (a connection whose transaction began before the listener): wrote.
        if not session.connection().info.get(_WROTE, True):
            session.commit()
    except SQLAlchemyError:
        return  # a failed transaction: rolled back by the session's close, as always
