"""OpenID Connect with the municipality's directory (Entra ID, ADFS, Keycloak), through
Authlib's Flask client: the authorization code flow with PKCE (S256), state and nonce;
the ID token's signature checked against the issuer's published keys, and its issuer,
audience, expiry and nonce. What comes out is a DirectoryIdentity (auth.directory): the
seam where another protocol would plug in.

Nothing here talks to the provider when the app starts: its discovery document is read
when the first sign-in starts (and kept), its keys when the first answer comes (read again
for a key the kept ones lack), each with OIDC_TIMEOUT."""

from urllib.parse import urlsplit

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.base_client.errors import MismatchingStateError
from authlib.integrations.flask_client import OAuth
from flask import Flask, current_app, session
from flask_babel import gettext as _
from joserfc.errors import JoseError

from .directory import DirectoryIdentity

CLIENT = "directory"
# Where Authlib's Flask integration keeps its registry: one per app, so that each app's
# settings (and the provider's documents it has read) are its own.
_EXTENSION = "authlib.integrations.flask_client"
# At most this many claim values (groups, departments) are read from one token: Entra ID
# sends at most 200 groups in a token, and a row of the mapping needs only one of them.
VALUES_MAX = 200
VALUE_MAX = 200
# Loopback addresses, where a provider may answer over plain http (a test's, a developer's).
_LOOPBACK = ("localhost", "127.0.0.1", "::1")


class DirectoryUnavailable(Exception):
    """The provider did not answer in time, or not as a provider does."""


class AnswerRefused(Exception):
    """The provider's answer failed a check: nobody is signed in. `reason` is for the log
    (never a token or a claim); `kind` picks what the person is told."""

    def __init__(self, reason: str, kind: str = "unverified"):
        super().__init__(reason)
        self.reason = reason
        self.kind = kind  # "unverified", "expired" (state unknown) or "cancelled"


def init_app(app: Flask) -> None:
    check_settings(app.config)
    if not app.config["OIDC_ISSUER"]:
        return
    issuer = app.config["OIDC_ISSUER"].rstrip("/")
    secret = app.config["OIDC_CLIENT_SECRET"]
    OAuth(app).register(
        CLIENT,
        client_id=app.config["OIDC_CLIENT_ID"],
        client_secret=secret or None,
        server_metadata_url=f"{issuer}/.well-known/openid-configuration",
        client_kwargs={
            "scope": app.config["OIDC_SCOPES"],
            "code_challenge_method": "S256",
            "default_timeout": float(app.config["OIDC_TIMEOUT"]),
            "token_endpoint_auth_method": "client_secret_basic" if secret else "none",
        },
    )


def check_settings(config) -> None:
    """At start, without asking the provider: settings that cannot work stop the app."""
    issuer = config.get("OIDC_ISSUER") or ""
    if not issuer:
        if not config["PASSWORD_SIGNIN"]:
            raise RuntimeError(
                "PASSWORD_SIGNIN is false but OIDC_ISSUER is not set: nobody could sign in"
            )
        return
    parts = urlsplit(issuer)
    secure = parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in _LOOPBACK)
    if not secure or not parts.hostname or parts.query or parts.fragment:
        raise RuntimeError(
            f"OIDC_ISSUER is not the https address of an OpenID Connect provider: {issuer!r}"
        )
    if not config.get("OIDC_CLIENT_ID"):
        raise RuntimeError("OIDC_ISSUER is set but OIDC_CLIENT_ID is not")
    if "openid" not in str(config["OIDC_SCOPES"]).split():
        raise RuntimeError("OIDC_SCOPES must include openid: the sign-in needs an ID token")


def configured() -> bool:
    return _EXTENSION in current_app.extensions


def button_label() -> str | None:
    """The sign-in page's directory button, or None without a directory."""
    if not configured():
        return None
    return current_app.config["OIDC_BUTTON_LABEL"] or _("Sign in with the municipality's account")


def _client():
    return current_app.extensions[_EXTENSION].create_client(CLIENT)


def _metadata(client) -> dict:
    """The discovery document, which must be the configured issuer's own."""
    metadata = client.load_server_metadata()
    issuer = str(metadata.get("issuer", "")).rstrip("/")
    if issuer != current_app.config["OIDC_ISSUER"].rstrip("/"):
        raise DirectoryUnavailable(f"the discovery document names another issuer: {issuer!r}")
    return metadata


def begin(redirect_uri: str):
    """The redirect to the provider's sign-in; state, nonce and the PKCE verifier are kept
    in the session (signed) until the answer comes."""
    client = _client()
    # One sign-in at a time per browser: an earlier one that never came back leaves nothing
    # in the session cookie (and, finished in another window, is told it was replaced).
    for key in [key for key in session if key.startswith(f"_state_{CLIENT}_")]:
        session.pop(key)
    try:
        _metadata(client)
        return client.authorize_redirect(redirect_uri)
    except (requests.RequestException, ValueError, RuntimeError) as error:
        raise DirectoryUnavailable(_describe(error)) from error


def finish() -> DirectoryIdentity:
    """The identity in the provider's answer (the request to the callback): the state
    checked, the code exchanged, the ID token verified. AnswerRefused or
    DirectoryUnavailable otherwise. A state is good for one answer, whatever it brings."""
    client = _client()
    try:
        metadata = _metadata(client)
        # Authlib checks the audience only through azp; the ID token must name us.
        token = client.authorize_access_token(
            claims_options={
                "iss": {"essential": True, "value": metadata["issuer"]},
                "aud": {"essential": True, "value": client.client_id},
                "sub": {"essential": True},
            }
        )
    except MismatchingStateError as error:
        raise AnswerRefused("unknown state", kind="expired") from error
    except AuthlibBaseError as error:
        kind = "cancelled" if error.error == "access_denied" else "unverified"
        raise AnswerRefused(_describe(error), kind=kind) from error
    except JoseError as error:
        raise AnswerRefused(_describe(error)) from error
    except (requests.RequestException, ValueError, RuntimeError) as error:
        raise DirectoryUnavailable(_describe(error)) from error
    claims = token.get("userinfo")
    if not claims:
        raise AnswerRefused("no ID token in the token response")
    return identity_from_claims(claims, current_app.config)


def identity_from_claims(claims, config) -> DirectoryIdentity:
    """Only what the identity holds is read; every other claim is left where it came."""
    email = claims.get("email")
    if not email:
        # Entra ID without the optional e-mail claim: the sign-in name is the address.
        email = next(
            (claims.get(k) for k in ("preferred_username", "upn") if "@" in str(claims.get(k))),
            None,
        )
    if claims.get("email_verified") in (False, "false"):
        email = None
    name = claims.get("name") or " ".join(
        str(claims[k]) for k in ("given_name", "family_name") if claims.get(k)
    )
    values = []
    for claim in (config.get("OIDC_GROUPS_CLAIM"), config.get("OIDC_DEPARTMENT_CLAIM")):
        if claim:
            values.extend(_values(claims.get(claim)))
    return DirectoryIdentity(
        issuer=str(claims["iss"]),
        subject=str(claims["sub"]),
        email=str(email).strip() if email else None,
        name=str(name or ""),
        values=tuple(values[:VALUES_MAX]),
    )


def _values(claim) -> list[str]:
    items = claim if isinstance(claim, list) else [claim]
    values = []
    for item in items:
        if isinstance(item, str | int) and not isinstance(item, bool):
            text = str(item).strip()
            if text and len(text) <= VALUE_MAX:
                values.append(text)
    return values


def _describe(error: Exception) -> str:
    """For the log: the kind of failure, never a token."""
    return f"{type(error).__name__}: {error}"[:300]
