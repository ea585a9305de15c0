"""Meetings: a meeting's page and agenda, its calendar file, a network's standing items and
calendar feed.

The blueprint is defined in blueprint.py, its routes in views.py and network_views.py;
create_app registers it."""
