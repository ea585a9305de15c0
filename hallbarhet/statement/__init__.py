"""The accessibility statement (/tillganglighet), as the law (2018:1937) and DIGG's model ask:
the product's own text with the parts the municipality writes, edited by administrators at
/admin/accessibility-statement.

The blueprint is defined in views.py; create_app registers it."""
