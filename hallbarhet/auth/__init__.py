"""Signing in and out, and the own language: with a password, or with the municipality's
directory (oidc.py the protocol, directory.py the seam that turns its identity into an
account, directory_mapping.py what its claims give).

The blueprints are defined in views.py and directory_views.py; create_app registers them."""
