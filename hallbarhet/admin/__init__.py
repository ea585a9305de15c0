"""The administrators' area (/admin): the outbox, what waits and what failed; the mapping
of the directory's groups and departments (directory_views.py).

The blueprint is defined in views.py; create_app registers it."""
