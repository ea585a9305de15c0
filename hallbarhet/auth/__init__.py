"""Signing in and out, and the own language.

The blueprint is defined in views.py; create_app registers it."""
