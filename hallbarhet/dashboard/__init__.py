"""The overview each person lands on (/), and the health check.

The blueprint is defined in views.py; create_app registers it."""
