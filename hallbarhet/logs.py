"""Logs to standard output, where systemd's journal (or a container's log collector) takes
them: one line per record, as text or, with LOG_FORMAT "json", as a JSON object a log
platform reads without parsing rules (python-json-logger). Debug mode and tests keep
Flask's own handler."""

import logging
import sys

from flask import Flask, has_request_context, request
from pythonjsonlogger.json import JsonFormatter

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
JSON_FIELDS = "%(asctime)s %(levelname)s %(name)s %(message)s"
FORMATS = ("text", "json")


class RequestFields(logging.Filter):
    """The request a record was logged in, when there is one: method, path, client."""

    def filter(self, record: logging.LogRecord) -> bool:
        if has_request_context():
            record.method = request.method
            record.path = request.path
            record.remote_addr = request.remote_addr
        return True


def formatter(log_format: str) -> logging.Formatter:
    if log_format == "json":
        return JsonFormatter(JSON_FIELDS, rename_fields={"levelname": "level", "name": "logger"})
    return logging.Formatter(TEXT_FORMAT)


def init_app(app: Flask) -> None:
    log_format = str(app.config["LOG_FORMAT"]).lower()
    if log_format not in FORMATS:
        raise RuntimeError(f"LOG_FORMAT is {log_format!r}: use one of {', '.join(FORMATS)}")
    if app.debug or app.testing:
        return
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(formatter(log_format))
    handler.addFilter(RequestFields())
    # The app's logger, "hallbarhet", which every part of the app (the mail worker too)
    # logs through: Flask's own handler on standard error gives way to this one. Records
    # still propagate: the root logger has no handler under gunicorn (deploy/gunicorn.conf.py
    # configures only gunicorn's own), so nothing is written twice.
    app.logger.handlers[:] = [handler]
    app.logger.setLevel(str(app.config["LOG_LEVEL"]).upper())
    # Alembic's logging.config.fileConfig (migrations/env.py, `flask db upgrade`) disables the
    # loggers that exist when it runs, this one too, if the migrations ran in this process.
    app.logger.disabled = False
