"""Configuration: every setting and its default, defined here once. Overridden by
instance/config.py, then by HALLBARHET_* environment variables; README.md "Configuration"
lists them all (tests/app/test_configuration_reference.py keeps the two the same)."""

from typing import Any

DEFAULTS: dict[str, Any] = {
    # Required outside debug mode and tests (HALLBARHET_SECRET_KEY, or instance/config.py,
    # which `make run` writes): it signs sessions and every link in mail.
    "SECRET_KEY": None,
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
    # What one request may send, refused unread with a 413 beyond it. The largest form, a
    # semester of 20 meetings with every text at its longest in letters that travel as six
    # bytes each (å is %C3%A5), is about 0.66 MB in some 145 fields; real ones are a tenth
    # of that. The fields are counted in every form, urlencoded too (security.FormRequest): a
    # body of many empty fields costs a worker far more to parse than its bytes suggest.
    "MAX_CONTENT_LENGTH": 1024 * 1024,
    "MAX_FORM_PARTS": 500,
    # One field of a multipart form (none of ours is; the longest text, minutes' notes of
    # 20,000 characters, is at most 80 KB).
    "MAX_FORM_MEMORY_SIZE": 256 * 1024,
    "MUNICIPALITY_NAME": "Exempelkommun",
    # Whom to ask about the municipality's handling of personal data, shown on every
    # person's "Mina uppgifter" (/account): e.g. "Dataskyddsombudet, dataskydd@kommun.se,
    # 010-123 45 67". Empty: the page sends people to the municipality's switchboard.
    "PRIVACY_CONTACT": "",
    # The site's public address, e.g. "https://hallbarhet.kommun.se" (HALLBARHET_BASE_URL),
    # required outside debug mode and tests: every link in mail is built on it
    # (hallbarhet.urls.external_url), never on the Host a request names. Empty (debug mode
    # only): the request's address, or SERVER_NAME outside a request.
    "BASE_URL": "",
    # Host names a request may name; others get 400. None: outside debug mode BASE_URL's host
    # with localhost and 127.0.0.1 (hallbarhet.urls.require_base_url); [] allows any.
    "TRUSTED_HOSTS": None,
    # Requests for an invited colleague's agenda page (and its calendar file) allowed per
    # client address: the links are signed and cannot be guessed; this keeps floods away.
    "INVITATION_LIMIT_PER_ADDRESS": "30 per minute; 300 per hour",
    # Days before a meeting's submission deadline that its network's representatives are
    # reminded (flask --app hallbarhet send-reminders).
    "REMINDER_DEADLINE_DAYS": 3,
    # Reverse proxies in front of the app (the municipality's web server): their
    # X-Forwarded-For and -Proto are then trusted, so limits see the real client address.
    "PROXIES": 0,
    # Failed sign-ins allowed per client address and per account (normalised e-mail),
    # counted in the database, so that they hold across every worker and app server.
    # Behind a reverse proxy the client address is only right with PROXIES set.
    "LOGIN_LIMIT_PER_ADDRESS": "10 per minute; 50 per hour",
    "LOGIN_LIMIT_PER_ACCOUNT": "5 per minute; 20 per hour",
    # Whether people may sign in with a password. False where the municipality's directory
    # (OIDC) is the only way in: no password form, no password links, invitations without one.
    # The app does not start with it false and no OIDC_ISSUER: nobody could sign in.
    "PASSWORD_SIGNIN": True,
    # Sign-in with the municipality's directory over OpenID Connect (Entra ID, ADFS, Keycloak):
    # the issuer's address, e.g. https://login.microsoftonline.com/<tenant id>/v2.0 or
    # https://sso.kommun.se/realms/kommun (HALLBARHET_OIDC_ISSUER). Its
    # /.well-known/openid-configuration and keys are read when a sign-in starts and when
    # its answer comes, never at start-up. Empty: no directory sign-in (/login/directory is
    # 404). Register BASE_URL + /login/directory/callback at the provider as redirect URI.
    "OIDC_ISSUER": "",
    # The application's registration at the provider. An empty secret: a public client,
    # which PKCE alone protects (the code is always exchanged with PKCE, S256).
    "OIDC_CLIENT_ID": "",
    "OIDC_CLIENT_SECRET": "",
    # The sign-in page's button, in the municipality's own words, e.g. "Logga in med
    # kommunens konto". Empty: "Sign in with the municipality's account", translated.
    "OIDC_BUTTON_LABEL": "",
    # What the application asks the provider for; the claims are read from the ID token.
    "OIDC_SCOPES": "openid email profile",
    # The ID token's claims that administrators map to an administration and networks
    # (/admin/directory): a list of groups (Entra ID: "groups", the groups' object ids) and a
    # department. Empty: not read. No other claim is stored.
    "OIDC_GROUPS_CLAIM": "groups",
    "OIDC_DEPARTMENT_CLAIM": "department",
    # Seconds to wait for the provider (discovery, keys, the code's exchange) before the
    # sign-in page says that it does not answer.
    "OIDC_TIMEOUT": 4,
    # Requests for a password link (a forgotten password) per client address.
    "PASSWORD_RESET_LIMIT_PER_ADDRESS": "5 per minute; 30 per hour",
    # The other limits (INVITATION_LIMIT_PER_ADDRESS) are kept by Flask-Limiter. In-memory
    # counters are per process; several app servers share a Redis URI instead, e.g.
    # redis://redis.example:6379 (HALLBARHET_RATELIMIT_STORAGE_URI).
    "RATELIMIT_ENABLED": True,
    "RATELIMIT_STORAGE_URI": "memory://",
    # Two counters per address and limit, the last window's weighted by how much of it is
    # still within the limit's time: about a moving window, without keeping every request's
    # time for an hour (which the in-memory counters go through a hundred times a second).
    "RATELIMIT_STRATEGY": "sliding-window-counter",
    "RATELIMIT_KEY_PREFIX": "hallbarhet",
    # Rendered agendas, keyed by meeting, version and language, so a change is never served
    # stale; entries expire after CACHE_DEFAULT_TIMEOUT seconds so that memory stays bounded.
    # Several app servers share one with CACHE_TYPE "RedisCache" and CACHE_REDIS_URL.
    "CACHE_TYPE": "SimpleCache",
    "CACHE_DEFAULT_TIMEOUT": 600,
    "CACHE_THRESHOLD": 1000,
    "CACHE_KEY_PREFIX": "hallbarhet:",
    # The Redis server of CACHE_TYPE "RedisCache", e.g. redis://redis.kommun.local:6379/1.
    "CACHE_REDIS_URL": None,
    # Mail (hallbarhet.mail). "smtp" sends through MAIL_SERVER; "files" writes .eml files to
    # MAIL_OUTBOX_DIR (default instance/outbox/). None: "files" in debug mode and tests,
    # "smtp" otherwise, so a development machine never mails real people.
    "MAIL_BACKEND": None,
    "MAIL_SERVER": "localhost",
    "MAIL_PORT": 25,
    "MAIL_USERNAME": "",
    "MAIL_PASSWORD": "",
    # MAIL_USE_TLS: STARTTLS on a plain connection (port 587); MAIL_USE_SSL: TLS from the
    # first byte (port 465).
    "MAIL_USE_TLS": False,
    "MAIL_USE_SSL": False,
    "MAIL_SENDER": "Hållbarhetsnätverket <noreply@example.org>",
    # Seconds to wait for the mail server before the mail is left for a later attempt.
    "MAIL_TIMEOUT": 10,
    "MAIL_OUTBOX_DIR": None,
    # Days a mail that fails for now (server away, refused connection, timeout, 4xx) is
    # tried again, the wait doubling from a minute up to six hours; then it is marked failed.
    # A permanent refusal (5xx) fails it at once. `send-mail --retry-failed` sends it again.
    "MAIL_RETRY_DAYS": 7,
    # Development only: send what a request queued right after its response, in the worker
    # that served it. None: in debug mode with the files backend (`make run` writes its .eml
    # files at once). Outside debug mode and tests no request ever sends mail, whatever this
    # says: the mail worker does (flask --app hallbarhet mail-worker).
    "MAIL_SEND_AFTER_REQUEST": None,
    # Seconds the mail worker sleeps when the outbox has nothing due.
    "MAIL_WORKER_INTERVAL": 5,
    # Logs go to standard output (systemd's journal): "text", or "json" for one JSON object
    # per line; LOG_LEVEL as Python's logging names it (INFO, WARNING, ...).
    "LOG_FORMAT": "text",
    "LOG_LEVEL": "INFO",
}
