"""Mina uppgifter (/account): what the tool holds about the signed-in person, and all of it
as a JSON download (DESIGN.md, "Personal data, minimal": a user can see and export it).

The blueprint is defined in views.py; create_app registers it."""
