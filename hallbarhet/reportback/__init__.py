"""Report back (återrapportering): what an administration takes to its management group.

The blueprint is defined in views.py; create_app registers it."""
