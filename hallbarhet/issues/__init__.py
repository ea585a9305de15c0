"""The representatives' questions (/issues): writing, editing, withdrawing, reading.

The blueprint is defined in views.py; create_app registers it."""
