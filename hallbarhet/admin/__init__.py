"""The administrators' area (/admin): for now the outbox, what waits and what failed.

The blueprint is defined in views.py; create_app registers it."""
