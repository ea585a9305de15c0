"""Triage: the coordinator's queue of submitted questions and the decisions on them.

The blueprint is defined in blueprint.py, its routes in views.py and decisions.py;
create_app registers it."""
