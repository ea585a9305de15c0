"""The semester plan: every network's meetings by semester, planned, changed and cancelled.

The blueprint is defined in views.py; create_app registers it."""
