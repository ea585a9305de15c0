"""Logs on standard output outside debug mode: text lines, or one JSON object per line with
the request each record was logged in."""

import json
import logging

import pytest

from hallbarhet import create_app


@pytest.fixture(autouse=True)
def _logger_as_it_was():
    """The "hallbarhet" logger is the process's: put it back for the tests that follow."""
    logger = logging.getLogger("hallbarhet")
    state = (logger.handlers[:], logger.level, logger.propagate, logger.disabled)
    yield
    logger.handlers[:], logger.level, logger.propagate, logger.disabled = state


PRODUCTION = {
    "SECRET_KEY": "production-secret",
    "BASE_URL": "https://hallbarhet.kommun.se",
    "SQLALCHEMY_DATABASE_URI": "sqlite://",
}


def test_json_logs_are_one_object_per_line_with_the_request(capsys):
    app = create_app(PRODUCTION | {"LOG_FORMAT": "json"})
    with app.test_request_context("/triage", environ_base={"REMOTE_ADDR": "10.1.2.3"}):
        app.logger.warning("Something to see: %s", "the outbox")
    app.logger.debug("not at INFO")
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["message"] == "Something to see: the outbox"
    assert (record["level"], record["logger"]) == ("WARNING", "hallbarhet")
    assert (record["method"], record["path"], record["remote_addr"]) == (
        "GET",
        "/triage",
        "10.1.2.3",
    )
    assert record["asctime"]


def test_text_logs_by_default(capsys):
    app = create_app(PRODUCTION | {"LOG_LEVEL": "warning"})
    app.logger.info("quiet")
    app.logger.error("Mail server refused: %s", "550")
    out = capsys.readouterr().out
    assert "quiet" not in out
    assert "ERROR hallbarhet: Mail server refused: 550" in out


def test_debug_mode_and_tests_keep_flasks_own_handler(capsys):
    logger = logging.getLogger("hallbarhet")
    before = logger.handlers[:]
    create_app(PRODUCTION | {"TESTING": True, "LOG_FORMAT": "json"})
    assert logger.handlers == before and logger.propagate


def test_an_unknown_log_format_stops_the_start():
    with pytest.raises(RuntimeError, match="LOG_FORMAT"):
        create_app(PRODUCTION | {"LOG_FORMAT": "xml"})
