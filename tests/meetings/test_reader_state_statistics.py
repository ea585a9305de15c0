"""The meeting pages' state statement keeps to its indexes once the database has statistics
(ANALYZE, or SQLite's PRAGMA optimize): an index that looks as if it narrowed nothing sent
it through every question."""

from sqlalchemy import text

from hallbarhet.extensions import db
from hallbarhet.meetings import reader_state
from tests.factories import make_issue


def _plan(statement, values) -> str:
    compiled = statement.compile(db.engine)
    parameters = {**compiled.params, **values}
    connection = db.session.connection()
    if connection.dialect.name == "sqlite":
        rows = connection.exec_driver_sql(
            "EXPLAIN QUERY PLAN " + str(compiled),
            tuple(parameters[key] for key in compiled.positiontup),
        ).all()
        return "\n".join(row[-1] for row in rows)
    rows = connection.exec_driver_sql("EXPLAIN " + str(compiled), parameters).all()
    return "\n".join(row[0] for row in rows)


def test_with_statistics_no_meetings_state_reads_every_question(world):
    for number in range(400):
        make_issue(world.neh, world.representative, title=f"Fråga {number}")
    db.session.commit()
    db.session.execute(text("ANALYZE"))
    db.session.commit()
    statement, _columns, _latest = reader_state._statement(1, True)
    plan = _plan(statement, {"meeting_0": world.neh_meeting.id})
    assert "SCAN issue" not in plan and "Seq Scan on issue" not in plan, plan
