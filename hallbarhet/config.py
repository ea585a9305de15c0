"""Configuration defaults. Overridden by instance/config.py, then HALLBARHET_* variables."""

DEFAULTS = {
    "SQLALCHEMY_DATABASE_URI": None,  # set by create_app to instance/hallbarhet.sqlite
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "BABEL_DEFAULT_LOCALE": "sv",
    "BABEL_DEFAULT_TIMEZONE": "Europe/Stockholm",
    "LANGUAGES": ("sv", "en"),
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    # None: Secure everywhere but in debug mode and tests (set true or false to decide).
    "SESSION_COOKIE_SECURE": None,
    "REMEMBER_COOKIE_SECURE": None,
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "WTF_CSRF_TIME_LIMIT": None,  # tokens live as long as the session
    "MAX_CONTENT_LENGTH": 1024 * 1024,
    "MUNICIPALITY_NAME": "Exempelkommun",
}
