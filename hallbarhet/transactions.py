"""How a request's transaction ends when the request has not ended it itself.

Flask-SQLAlchemy ends every request by closing the session, which rolls back whatever
transaction is still open: what a request wrote and did not commit is never kept. On
PostgreSQL, psycopg forgets its prepared statements on every rollback (a rolled-back
transaction may have dropped what they name), so that each request would plan all its
statements anew: a millisecond or more for a statement with joins, more than running it.
A transaction that wrote nothing is therefore committed instead, which keeps them, and
changes nothing else: the database itself says whether the transaction wrote anything or
locked a row (it then has a transaction id). Anything else is rolled back as before."""

from flask import Flask
from sqlalchemy.exc import SQLAlchemyError

from .extensions import db

_WROTE = "SELECT txid_current_if_assigned() IS NOT NULL"


def init_app(app: Flask) -> None:
    # Registered after Flask-SQLAlchemy's own teardown, so run before it (Flask runs them
    # in reverse): the session is still open here.
    app.teardown_appcontext(_commit_if_only_read)


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
        wrote = session.connection().exec_driver_sql(_WROTE).scalar()
        if not wrote:
            session.commit()
    except SQLAlchemyError:
        return  # a failed transaction: rolled back by the session's close, as always
