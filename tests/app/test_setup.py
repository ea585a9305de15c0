"""Installation and operation: migrations, demo data, accounts, health, headers, CSRF."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, select

from hallbarhet import create_app
from hallbarhet.demo import seed
from hallbarhet.extensions import db
from hallbarhet.models import (
    Event,
    Issue,
    IssueStatus,
    Meeting,
    MeetingStatus,
    Membership,
    Role,
    User,
)


def test_migrations_build_the_schema_the_models_describe(tmp_path):
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'm.sqlite'}"}
    )
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), db.metadata)
        assert diff == []
        # SQLite enforces foreign keys.
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


# The last revision before the accounts' and the organisation's (those that rebuild app_user).
BEFORE_ACCOUNTS = "f3a7c9d1b2e6"


def test_migrations_go_down_and_up_again_with_the_data_in_place(tmp_path):
    # SQLite rebuilds a table to change it; with foreign keys enforced, dropping the old
    # app_user (which every question and event refers to) failed.
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'm.sqlite'}"}
    )
    with app.app_context():
        upgrade()
        seed()
        people = db.session.scalars(select(User.email).order_by(User.email)).all()
        questions = db.session.scalar(select(func.count(Issue.id)))
        db.session.remove()
        downgrade(revision=BEFORE_ACCOUNTS)
        upgrade()
        assert db.session.scalars(select(User.email).order_by(User.email)).all() == people
        assert db.session.scalar(select(func.count(Issue.id))) == questions
        with db.engine.connect() as connection:
            # Foreign keys are enforced again, and none points nowhere.
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        db.session.remove()
        db.engine.dispose()


def test_secret_key_is_required_outside_debug(monkeypatch):
    monkeypatch.delenv("HALLBARHET_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_settings_come_from_prefixed_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("HALLBARHET_SECRET_KEY", "from-env")
    monkeypatch.setenv("HALLBARHET_MUNICIPALITY_NAME", "Hallstahammars kommun")
    monkeypatch.setenv("HALLBARHET_BASE_URL", "https://hallbarhet.kommun.se")
    app = create_app()
    assert app.config["SECRET_KEY"] == "from-env"
    assert app.config["MUNICIPALITY_NAME"] == "Hallstahammars kommun"
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_seed_demo_loads_the_demo_municipality_once(runner):
    result = runner.invoke(args=["seed-demo"])
    assert "Demo data loaded" in result.output
    counts = (
        db.session.scalar(select(func.count(Issue.id))),
        db.session.scalar(select(func.count(Meeting.id))),
        db.session.scalar(select(func.count(Event.id))),
    )
    assert counts[0] >= 12 and counts[1] >= 6
    statuses = set(db.session.scalars(select(Issue.status)))
    assert {
        IssueStatus.DRAFT,
        IssueStatus.SUBMITTED,
        IssueStatus.SCHEDULED,
        IssueStatus.RETURNED,
        IssueStatus.PARKED,
    } <= statuses
    for email in (
        "admin@example.org",
        "coordinator@example.org",
        "representative@example.org",
        "participant@example.org",
    ):
        user = db.session.scalar(select(User).where(User.email == email))
        assert user.check_password("demo-password")
    coordinator = db.session.scalar(select(User).where(User.email == "coordinator@example.org"))
    assert {m.role for m in coordinator.memberships} == {Role.COORDINATOR}
    assert len(coordinator.memberships) == 2

    again = runner.invoke(args=["seed-demo"])
    assert "left as it was" in again.output
    assert counts == (
        db.session.scalar(select(func.count(Issue.id))),
        db.session.scalar(select(func.count(Meeting.id))),
        db.session.scalar(select(func.count(Event.id))),
    )


def test_demo_accounts_can_sign_in(client, runner):
    runner.invoke(args=["seed-demo"])
    response = client.post(
        "/login", data={"email": "representative@example.org", "password": "demo-password"}
    )
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "Rasmus Ek" in page


def test_the_demo_marks_no_change_and_no_outcome_before_the_minutes(client, runner):
    # A first look at the demo: the held meeting's agenda is as it was published, and its
    # question waits for the minutes (which decide what became of it).
    runner.invoke(args=["seed-demo"])
    published = db.session.scalars(select(Meeting).where(Meeting.published_at.is_not(None)))
    for meeting in published:
        assert not [item.title for item in meeting.items if item.changed_since_publishing()]
        if meeting.status is not MeetingStatus.MINUTES_PUBLISHED:
            for item in meeting.items:
                assert item.issue is None or item.issue.status is not IssueStatus.DISCUSSED
    held = db.session.scalar(select(Meeting).where(Meeting.status == MeetingStatus.HELD))
    client.post("/login", data={"email": "participant@example.org", "password": "demo-password"})
    page = client.get(f"/meetings/{held.id}").get_data(as_text=True)
    assert "badge--changed" not in page


def test_create_user_adds_an_account_with_roles(runner, world):
    result = runner.invoke(
        args=[
            "create-user",
            "--email",
            "Ny.Person@Kommun.se",
            "--name",
            "Ny Person",
            "--administration",
            "MF",
            "--role",
            "neh:representative",
            "--role",
            "nsh:participant",
            "--password",
            "a-long-password",
        ]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "ny.person@kommun.se"))
    assert user.check_password("a-long-password")
    assert user.administration.short_name == "MF"
    roles = {(m.network.slug, m.role) for m in user.memberships}
    assert roles == {("neh", Role.REPRESENTATIVE), ("nsh", Role.PARTICIPANT)}


@pytest.mark.parametrize(
    "args, message",
    [
        (["--role", "xyz:coordinator"], "Unknown network"),
        (["--role", "neh:boss"], "Unknown network or role"),
        (["--role", "neh:representative"], "needs --administration"),
        (["--administration", "NOPE"], "No administration"),
    ],
)
def test_create_user_refuses_bad_input(runner, world, args, message):
    result = runner.invoke(
        args=[
            "create-user",
            "--email",
            "x@kommun.se",
            "--name",
            "X",
            "--password",
            "pw-pw-pw-pw",
            *args,
        ]
    )
    assert result.exit_code != 0
    assert message in result.output
    assert db.session.scalar(select(User).where(User.email == "x@kommun.se")) is None
    assert db.session.scalar(select(func.count(Membership.id))) > 0


def test_create_user_refuses_an_existing_address(runner, world):
    result = runner.invoke(
        args=["create-user", "--email", "PARTICIPANT@test.se", "--name", "X", "--password", "pw"]
    )
    assert result.exit_code != 0 and "already exists" in result.output


def test_healthz_answers_when_the_database_does(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}


def test_every_response_carries_the_security_headers(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "<h1>" in response.get_data(as_text=True)


STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}


def _fill(rule) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", "1", rule.rule)


@pytest.mark.parametrize("app", [{"WTF_CSRF_ENABLED": True}], indirect=True)
def test_every_state_changing_route_rejects_a_missing_csrf_token(app, client, login_as):
    login_as("admin")
    rules = [r for r in app.url_map.iter_rules() if STATE_CHANGING & r.methods]
    assert len(rules) >= 10
    for rule in rules:
        for method in STATE_CHANGING & rule.methods:
            response = client.open(_fill(rule), method=method, data={"x": "1"})
            assert response.status_code == 400, rule.rule
            assert "security token" in response.get_data(as_text=True) or "säkerhets" in (
                response.get_data(as_text=True)
            )
            response = client.open(
                _fill(rule),
                method=method,
                data={"csrf_token": "forged"},
                headers={"HX-Request": "true"},
            )
            assert response.status_code == 400, rule.rule


@pytest.mark.parametrize("app", [{"WTF_CSRF_ENABLED": True}], indirect=True)
def test_a_valid_csrf_token_is_accepted(app, client, world):
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    response = client.post(
        "/login",
        data={"email": "participant@test.se", "password": "test-password", "csrf_token": token},
    )
    assert response.status_code == 302
    # Signing in starts a new session, so the page after it carries a new token.
    assert client.post("/logout", headers={"X-CSRFToken": token}).status_code == 400
    page = client.get("/agenda").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    assert client.post("/logout", headers={"X-CSRFToken": token}).status_code == 302


def test_behind_a_proxy_the_forwarded_client_address_is_used(monkeypatch):
    from flask import request

    monkeypatch.setenv("HALLBARHET_SECRET_KEY", "x")
    monkeypatch.setenv("HALLBARHET_PROXIES", "1")
    monkeypatch.setenv("HALLBARHET_BASE_URL", "https://hallbarhet.kommun.se")
    app = create_app()
    seen = {}

    @app.get("/whoami-test")
    def whoami():
        seen["address"] = request.remote_addr
        return ""

    app.test_client().get(
        "/whoami-test",
        headers={"X-Forwarded-For": "10.1.2.3"},
        environ_base={"REMOTE_ADDR": "127.0.0.1"},
    )
    assert seen["address"] == "10.1.2.3"


@pytest.mark.parametrize("port, expected", [(None, "5000"), ("5001", "5001")])
def test_make_run_serves_on_the_port_asked_for(port, expected):
    # A second checkout, or another service on 5000, runs it with make run PORT=5001.
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    args = [make, "--dry-run", "--always-make", "run"] + ([f"PORT={port}"] if port else [])
    root = Path(__file__).parents[2]
    printed = subprocess.run(  # noqa: S603 (a fixed command line)
        args, cwd=root, capture_output=True, text=True, timeout=60, check=True
    ).stdout
    (serve,) = [line for line in printed.splitlines() if " run --debug" in line]
    assert serve.endswith(f"--port {expected}")
