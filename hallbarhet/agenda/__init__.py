"""The agenda page (/agenda): the next published agenda of each of the user's networks.

The blueprint is defined in views.py; create_app registers it."""
