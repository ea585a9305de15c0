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
    "PASSWORD_SIGNIN": True,
    # Requests for a password link (a forgotten password) per client address.
    "PASSWORD_RESET_LIMIT_PER_ADDRESS": "5 per minute; 30 per hour",
    # The other limits (INVITATION_LIMIT_PER_ADDRESS) are kept by Flask-Limiter. In-memory
    # counters are per process; several app servers share a Redis URI instead, e.g.
    # redis://redis.example:6379 (HALLBARHET_RATELIMIT_STORAGE_URI).
    "RATELIMIT_ENABLED": True,
    "RATELIMIT_STORAGE_URI": "memory://",
    "RATELIMIT_STRATEGY": "moving-window",
    "RATELIMIT_KEY_PREFIX": "hallbarhet",
    # Rendered agendas, keyed by meeting, version and language, so a change is never served
    # stale; entries expire after CACHE_DEFAULT_TIMEOUT seconds so that memory stays bounded.
    # Several app servers share one with CACHE_TYPE "RedisCache" and CACHE_REDIS_URL.
    "CACHE_TYPE": "SimpleCache",
    "CACHE_DEFAULT_TIMEOUT": 600,
    "CACHE_THRESHOLD": 1000,
    "CACHE_KEY_PREFIX": "hallbarhet:",
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
}
