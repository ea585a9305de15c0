"""A real OpenID Connect provider on loopback for the directory sign-in tests:
oidc-provider-mock (Authlib's provider) in a thread on 127.0.0.1, on a free port.

Its own test interface sets a person's claims (PUT /users/<sub>), and what is set there
goes into the ID token as it is, also over the registered claims: a test makes a token
with another audience, nonce, issuer or expiry so. `foreign_keys` makes it publish keys
that did not sign its tokens (a forged signature, as the app sees it), and `failing`
answers a path with a server error.

Use the fixtures by importing them into a test module:
`from .oidc_provider import directory_fixture, provider_fixture  # noqa: F401`."""

import json
import threading
from contextlib import contextmanager
from urllib.parse import parse_qs, quote, urlencode, urlsplit, urlunsplit

import oidc_provider_mock
import pytest
import requests
from joserfc.jwk import KeySet, RSAKey
from werkzeug.serving import WSGIRequestHandler, make_server

from hallbarhet.auth import oidc

CLIENT_ID = "hallbarhet"
CLIENT_SECRET = "not-a-real-secret"


class _Quiet(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):
        pass


class Provider:
    def __init__(self):
        self._app = oidc_provider_mock.app(require_nonce=True)
        self.foreign_keys: dict | None = None
        self.failing: set[str] = set()
        self._server = make_server(
            "127.0.0.1", 0, self._wsgi, threaded=True, request_handler=_Quiet
        )
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def _wsgi(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path in self.failing:
            start_response("502 Bad Gateway", [("Content-Type", "text/html")])
            return [b"<h1>Bad gateway</h1>"]
        if path == "/jwks" and self.foreign_keys is not None:
            body = json.dumps(self.foreign_keys).encode()
            start_response("200 OK", [("Content-Type", "application/json")])
            return [body]
        return self._app(environ, start_response)

    def person(self, sub: str, **claims) -> None:
        """The claims the provider gives `sub` from now on."""
        response = requests.put(f"{self.url}/users/{quote(sub, safe='')}", json=claims, timeout=5)
        assert response.status_code == 204, response.text

    def publish_foreign_keys(self) -> None:
        key = RSAKey.generate_key(2048, private=True)
        self.foreign_keys = KeySet([key]).as_dict(private=False)

    def authorize(self, authorization_url: str, sub: str) -> str:
        """The person signs in at the provider: the URL it sends the browser back to."""
        assert authorization_url.startswith(self.url), authorization_url
        response = requests.post(
            authorization_url, data={"sub": sub}, allow_redirects=False, timeout=5
        )
        assert response.status_code == 302, response.text
        return response.headers["Location"]

    def close(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=5)
        self._server.server_close()


def configure(app, issuer: str, **settings) -> None:
    """Directory sign-in against `issuer` for an app already made (the app fixture's)."""
    app.config.update(
        {
            "OIDC_ISSUER": issuer,
            "OIDC_CLIENT_ID": CLIENT_ID,
            "OIDC_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_TIMEOUT": 2,
        }
        | settings
    )
    oidc.init_app(app)


@contextmanager
def serving(app):
    """A provider on loopback that the app (a live server's) signs in with, while in use."""
    running = Provider()
    configure(app, running.url)
    try:
        yield running
    finally:
        running.close()


@pytest.fixture(name="provider", scope="module")
def provider_fixture():
    running = Provider()
    yield running
    running.close()


@pytest.fixture(name="directory")
def directory_fixture(app, provider):
    """The app signs in with the loopback provider; the provider as it is again after."""
    configure(app, provider.url)
    yield provider
    provider.foreign_keys = None
    provider.failing.clear()


def with_query(url: str, **changes) -> str:
    """The URL with some of its query's parameters changed."""
    parts = urlsplit(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    query.update(changes)
    return urlunsplit(parts._replace(query=urlencode(query)))


def query_of(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def start(client, next_path: str | None = None) -> str:
    """The app's redirect to the provider."""
    response = client.get("/login/directory", query_string={"next": next_path} if next_path else {})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


def sign_in(client, provider: Provider, sub: str, next_path: str | None = None):
    """The whole round trip: the app's response to the provider's answer."""
    answer = provider.authorize(start(client, next_path), sub)
    return client.get(answer)
