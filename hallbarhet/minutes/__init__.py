"""Minutes (minnesanteckningar): notes and outcomes per item, action items, publishing.

The blueprint is defined in views.py; create_app registers it."""
