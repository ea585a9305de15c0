"""The meetings blueprint: its routes are in views.py (a meeting's pages) and
network_views.py (a network's pages in this area); create_app registers it."""

from flask import Blueprint

bp = Blueprint("meetings", __name__)
