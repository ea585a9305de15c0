"""The limits on failed sign-ins, per client address and per account, counted in the
database: every worker and every app server sees the same count with no other service.

A sign-in is written down before it is tried and then counted. Each attempt counts every
row written before its count, its own included, so that however many workers take the same
account's attempts at the same moment, no more attempts than the limit get past it: the
last of them to count sees all the others. An attempt that is refused, or that signs in, is
crossed out again: only failures count."""

import hashlib
import hmac
import math
from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app
from limits import parse_many
from sqlalchemy import delete, func, select

from ..extensions import db
from ..models import LoginFailure
from ..models.base import utcnow


@dataclass
class Attempt:
    # The ids of the rows it was written down as.
    ids: list[int] = field(default_factory=list)
    # Seconds until another attempt may be made; None when this one may go on.
    retry_after: int | None = None

    @property
    def refused(self) -> bool:
        return self.retry_after is not None

    def succeeded(self) -> None:
        """The sign-in worked: it does not count toward either limit."""
        _cross_out(self.ids)


def begin(address: str, account: str) -> Attempt:
    """Write the attempt down for the address and the account (the normalised e-mail, empty
    when none was given) and count it; refused when either limit is reached."""
    config = current_app.config
    limits = {_key("address", address): parse_many(config["LOGIN_LIMIT_PER_ADDRESS"])}
    if account:
        limits[_key("account", account)] = parse_many(config["LOGIN_LIMIT_PER_ACCOUNT"])
    now = utcnow()
    longest = max(item.get_expiry() for items in limits.values() for item in items)
    db.session.execute(
        delete(LoginFailure).where(LoginFailure.at < now - timedelta(seconds=longest))
    )
    rows = [LoginFailure(key=key, at=now) for key in limits]
    db.session.add_all(rows)
    db.session.flush()
    ids = [row.id for row in rows]
    db.session.commit()
    waits = []
    for key, items in limits.items():
        for item in items:
            window = timedelta(seconds=item.get_expiry())
            count, oldest = db.session.execute(
                select(func.count(LoginFailure.id), func.min(LoginFailure.at)).where(
                    LoginFailure.key == key, LoginFailure.at > now - window
                )
            ).one()
            if count > item.amount:
                waits.append((oldest + window - now).total_seconds())
    if not waits:
        return Attempt(ids)
    _cross_out(ids)
    return Attempt(retry_after=max(1, math.ceil(max(waits))))


def _key(kind: str, value: str) -> str:
    # Keyed, so that the table tells no one which addresses were typed (people type their
    # password into the e-mail field too) nor where from.
    secret = current_app.config["SECRET_KEY"]
    secret = secret if isinstance(secret, bytes) else secret.encode()
    digest = hmac.new(secret, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()
    return f"{kind}:{digest}"


def _cross_out(ids: list[int]) -> None:
    db.session.execute(delete(LoginFailure).where(LoginFailure.id.in_(ids)))
    db.session.commit()
