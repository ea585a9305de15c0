"""The performance benchmark: a large municipality served by gunicorn (`make bench`)."""
