"""gunicorn's settings for hallbarhet.service (gunicorn -c deploy/gunicorn.conf.py).

Logs go to standard output, for systemd's journal: gunicorn's own lines and one line per
request, as JSON objects when HALLBARHET_LOG_FORMAT=json (the app's lines follow the same
setting, hallbarhet/logs.py).

Each worker leaves what it made while starting out of Python's full garbage collections
(post_worker_init)."""

import gc
import os

bind = os.environ.get("HALLBARHET_BIND", "127.0.0.1:8000")
# Two sync workers per core is plenty for an intranet of a few hundred people; see
# BENCHMARKS.md for what two workers serve.
workers = int(os.environ.get("HALLBARHET_WORKERS", "2"))
timeout = 30
graceful_timeout = 30
accesslog = "-"
errorlog = "-"


def post_worker_init(_worker) -> None:
    """The app as made at start (its modules, mappers, forms, the templates' environment)
    lives as long as the worker: some 160,000 objects that every full garbage collection
    walked again, a pause of up to 90 ms in the middle of a request every few dozen
    requests of a large page (BENCHMARKS.md, section 17). gc.freeze() leaves them out of
    the collections; they are still freed as usual when nothing refers to them."""
    gc.freeze()

if os.environ.get("HALLBARHET_LOG_FORMAT", "text").lower() == "json":
    # gunicorn fills in the %-codes (h: client, r: request line, s: status, b: bytes,
    # M: milliseconds); the quotes make each line one JSON object.
    access_log_format = (
        '{"time": "%(t)s", "client": "%(h)s", "request": "%(r)s", "status": %(s)s, '
        '"bytes": "%(b)s", "ms": %(M)s, "referer": "%(f)s", "agent": "%(a)s"}'
    )
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            },
            "access": {"format": "%(message)s"},
        },
        "handlers": {
            "error": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stdout",
            },
            "access": {
                "class": "logging.StreamHandler",
                "formatter": "access",
                "stream": "ext://sys.stdout",
            },
        },
        "loggers": {
            "gunicorn.error": {"handlers": ["error"], "level": "INFO", "propagate": False},
            "gunicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
        },
    }
