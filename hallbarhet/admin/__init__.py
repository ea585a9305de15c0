"""The administrators' area (/admin): setting a municipality up and keeping it current
(its administrations, networks and work areas: organisation.py and networks.py; its people
and the CSV import: people.py and imports.py; the mapping of the directory's groups and
departments: directory_rows.py), the history of those changes, and the outbox, what waits
and what failed.

The blueprint is defined in blueprint.py; views.py imports every view module of the area,
and create_app registers the blueprint from there."""
