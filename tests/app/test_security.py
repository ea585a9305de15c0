"""Who gets in where, what leaks, the headers, the sign-in limits, inert input, bandit."""

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from hallbarhet.extensions import db
from hallbarhet.models import (
    ActionItem,
    DirectoryMapping,
    Invitation,
    Issue,
    IssueStatus,
    Role,
    ThesaurusTopic,
)
from hallbarhet.triage.queries import QUEUE_STATUSES
from tests.factories import PASSWORD, make_issue
from tests.minutes_data import published_meeting

ROLES = (
    "signed_out",
    "admin",
    "coordinator",
    "neh_coordinator",
    "representative",
    "other_representative",
    "participant",
    "outsider",
)
L = "login"  # a redirect to the sign-in page

# Every route, every role: GET, or POST with empty data. Placeholders are the `targets` below:
# neh/nsh: submitted questions of the representative (environment administration) in each
# network; draft: the representative's NEH draft; sched: a scheduled NEH question;
# m_neh/m_nsh: the coming meetings; item: a standing item of m_neh. Rows that change state
# for good (delete, logout) come last. A new route fails test_every_route_is_in_the_matrix.
# fmt: off
MATRIX = [
    # method, path                              out  admin coord nehco  rep  other  part  outs
    ("GET", "/",                                L,   200,  200,  200,  200,  200,  200,  200),
    ("GET", "/healthz",                         200, 200,  200,  200,  200,  200,  200,  200),
    # The accessibility statement (statement/): public, signed out too.
    ("GET", "/tillganglighet",                  200, 200,  200,  200,  200,  200,  200,  200),
    ("GET", "/agenda",                          L,   200,  200,  200,  200,  200,  200,  200),
    # The semester plan (planning/): read by everyone signed in, changed by coordinators.
    ("GET", "/meetings",                        L,   200,  200,  200,  200,  200,  200,  200),
    ("GET", "/networks/neh/meetings/new",       L,   200,  200,  200,  403,  403,  403,  403),
    ("GET", "/networks/nsh/meetings/new",       L,   200,  200,  403,  403,  403,  403,  403),
    ("POST", "/networks/neh/meetings/new",      L,   422,  422,  422,  403,  403,  403,  403),
    ("GET", "/networks/nope/meetings/new",      L,   404,  404,  404,  404,  404,  404,  404),
    ("GET", "/meetings/{m_neh}/edit",           L,   200,  200,  200,  403,  403,  403,  403),
    ("GET", "/meetings/{m_nsh}/edit",           L,   200,  200,  403,  403,  403,  403,  403),
    ("POST", "/meetings/{m_neh}/edit",          L,   422,  422,  422,  403,  403,  403,  403),
    ("GET", "/meetings/{m_neh}/cancel",         L,   200,  200,  200,  403,  403,  403,  403),
    ("POST", "/meetings/{m_neh}/cancel",        L,   422,  422,  422,  403,  403,  403,  403),
    ("POST", "/meetings/{m_nsh}/cancel",        L,   422,  422,  403,  403,  403,  403,  403),
    ("GET", "/login",                           200, 302,  302,  302,  302,  302,  302,  302),
    ("POST", "/login",                          422, 302,  302,  302,  302,  302,  302,  302),
    # One's own password (auth/): a link from a mail, a forgotten one, a change.
    ("GET", "/password/forgot",                 200, 200,  200,  200,  200,  200,  200,  200),
    ("POST", "/password/forgot",                422, 422,  422,  422,  422,  422,  422,  422),
    ("GET", "/password/first/not-a-token",      410, 410,  410,  410,  410,  410,  410,  410),
    ("POST", "/password/reset/not-a-token",     410, 410,  410,  410,  410,  410,  410,  410),
    ("GET", "/password/other/not-a-token",      404, 404,  404,  404,  404,  404,  404,  404),
    ("GET", "/account/password",                L,   200,  200,  200,  200,  200,  200,  200),
    ("POST", "/account/password",               L,   422,  422,  422,  422,  422,  422,  422),
    # Mina uppgifter (account/): one's own data, the Events page by page, the download.
    ("GET", "/account",                         L,   200,  200,  200,  200,  200,  200,  200),
    ("GET", "/account/events",                  L,   200,  200,  200,  200,  200,  200,  200),
    ("GET", "/account/data.json",               L,   200,  200,  200,  200,  200,  200,  200),
    ("GET", "/issues",                          L,   403,  403,  403,  200,  200,  200,  200),
    ("GET", "/issues/new",                      L,   403,  403,  403,  200,  200,  403,  403),
    ("POST", "/issues/new",                     L,   403,  403,  403,  422,  422,  403,  403),
    ("GET", "/issues/{neh}",                    L,   200,  200,  200,  200,  404,  404,  404),
    ("GET", "/issues/{nsh}",                    L,   200,  200,  404,  200,  404,  404,  404),
    ("GET", "/issues/{draft}",                  L,   404,  404,  404,  200,  404,  404,  404),
    ("GET", "/issues/{sched}",                  L,   200,  200,  200,  200,  200,  200,  404),
    ("GET", "/issues/{neh}/edit",               L,   403,  403,  403,  200,  404,  404,  404),
    ("POST", "/issues/{neh}/edit",              L,   403,  403,  403,  422,  404,  404,  404),
    ("GET", "/issues/{draft}/edit",             L,   404,  404,  404,  200,  404,  404,  404),
    ("POST", "/issues/{neh}/withdraw",          L,   422,  422,  422,  422,  404,  404,  404),
    # A draft is submitted from its page by the own administration's representatives.
    ("POST", "/issues/{draft}/submit",          L,   404,  404,  404,  422,  404,  404,  404),
    ("POST", "/issues/{neh}/submit",            L,   403,  403,  403,  422,  404,  404,  404),
    ("GET", "/triage",                          L,   200,  200,  200,  403,  403,  403,  403),
    ("GET", "/triage/{neh}/card",               L,   302,  302,  302,  403,  403,  403,  403),
    ("GET", "/triage/{neh}/row",                L,   302,  302,  302,  403,  403,  403,  403),
    ("POST", "/triage/{neh}/assess",            L,   422,  422,  422,  403,  403,  403,  403),
    ("POST", "/triage/{nsh}/assess",            L,   422,  422,  404,  403,  403,  403,  403),
    ("POST", "/triage/{neh}/schedule",          L,   422,  422,  422,  403,  403,  403,  403),
    ("POST", "/triage/{nsh}/schedule",          L,   422,  422,  404,  403,  403,  403,  403),
    ("POST", "/triage/{neh}/return",            L,   422,  422,  422,  403,  403,  403,  403),
    ("POST", "/triage/{neh}/park",              L,   422,  422,  422,  403,  403,  403,  403),
    ("POST", "/triage/{nsh}/park",              L,   422,  422,  404,  403,  403,  403,  403),
    ("POST", "/triage/{neh}/refer",             L,   422,  422,  422,  403,  403,  403,  403),
    ("POST", "/triage/{neh}/decline",           L,   422,  422,  422,  403,  403,  403,  403),
    ("POST", "/triage/{neh}/merge",             L,   422,  422,  422,  403,  403,  403,  403),
    ("POST", "/triage/{nsh}/merge",             L,   422,  422,  404,  403,  403,  403,  403),
    ("POST", "/triage/{neh}/unmerge",           L,   422,  422,  422,  403,  403,  403,  403),
    ("POST", "/triage/{nsh}/unmerge",           L,   422,  422,  404,  403,  403,  403,  403),
    ("POST", "/triage/bulk",                    L,   422,  422,  422,  403,  403,  403,  403),
    # Similar questions: for anyone signed in, within what each may see (similar/).
    ("GET", "/issues/similar",                  L,   200,  200,  200,  200,  200,  200,  200),
    ("GET", "/issues/{neh}/similar",            L,   200,  200,  200,  200,  404,  404,  404),
    ("GET", "/issues/{nsh}/similar",            L,   200,  200,  404,  200,  404,  404,  404),
    ("GET", "/meetings/{m_neh}",                L,   200,  200,  200,  200,  200,  200,  404),
    ("GET", "/meetings/{m_nsh}",                L,   200,  200,  404,  200,  200,  200,  404),
    ("GET", "/meetings/{m_neh}.ics",            L,   200,  200,  200,  200,  200,  200,  404),
    ("GET", "/meetings/{m_nsh}.ics",            L,   200,  200,  404,  200,  200,  200,  404),
    ("POST", "/meetings/{m_neh}/items/{item}",  L,   422,  422,  422,  403,  403,  403,  403),
    ("POST", "/meetings/{m_neh}/items/{item}/move", L, 422, 422, 422,  403,  403,  403,  403),
    ("POST", "/meetings/{m_neh}/publish",       L,   422,  422,  422,  403,  403,  403,  403),
    # The meeting page of a foreign network is 404, its changes 403 (meetings/views.py).
    ("POST", "/meetings/{m_nsh}/publish",       L,   422,  422,  403,  403,  403,  403,  403),
    # The agenda builder, print view, standing items and calendar feed (meetings/).
    ("POST", "/meetings/{m_neh}/items",         L,   422,  422,  422,  403,  403,  403,  403),
    ("POST", "/meetings/{m_neh}/items/{item}/remove", L, 422, 422, 422, 403,  403,  403,  403),
    ("POST", "/meetings/{m_neh}/announce",      L,   422,  422,  422,  403,  403,  403,  403),
    ("GET", "/meetings/{m_neh}/print",          L,   200,  200,  200,  200,  200,  200,  404),
    ("GET", "/meetings/{m_nsh}/print",          L,   200,  200,  404,  200,  200,  200,  404),
    ("GET", "/networks/neh/standing-items",     L,   200,  200,  200,  403,  403,  403,  403),
    ("GET", "/networks/nsh/standing-items",     L,   200,  200,  403,  403,  403,  403,  403),
    ("POST", "/networks/neh/standing-items",    L,   422,  422,  422,  403,  403,  403,  403),
    # A network's topics for similar questions (similar/thesaurus/): its coordinators and
    # administrators (topic: one of NEH's, nsh_topic: one of NSH's).
    ("GET", "/networks/neh/thesaurus",          L,   200,  200,  200,  403,  403,  403,  403),
    ("GET", "/networks/nsh/thesaurus",          L,   200,  200,  403,  403,  403,  403,  403),
    ("GET", "/networks/nope/thesaurus",         L,   404,  404,  404,  404,  404,  404,  404),
    ("POST", "/networks/neh/thesaurus",         L,   422,  422,  422,  403,  403,  403,  403),
    ("POST", "/networks/nsh/thesaurus",         L,   422,  422,  403,  403,  403,  403,  403),
    ("GET", "/networks/neh/thesaurus/{topic}",  L,   200,  200,  200,  403,  403,  403,  403),
    ("GET", "/networks/nsh/thesaurus/{nsh_topic}", L, 200, 200,  403,  403,  403,  403,  403),
    ("GET", "/networks/neh/thesaurus/{nsh_topic}", L, 404, 404,  404,  403,  403,  403,  403),
    ("POST", "/networks/neh/thesaurus/{topic}", L,   422,  422,  422,  403,  403,  403,  403),
    ("POST", "/networks/nsh/thesaurus/{nsh_topic}", L, 422, 422, 403,  403,  403,  403,  403),
    ("POST", "/networks/neh/thesaurus/{topic}/remove", L, 422, 422, 422, 403, 403,  403,  403),
    ("POST", "/networks/nsh/thesaurus/{nsh_topic}/remove", L, 422, 422, 403, 403, 403, 403, 403),
    ("GET", "/networks/neh/meetings.ics",       L,   200,  200,  200,  200,  200,  200,  404),
    ("GET", "/networks/nsh/meetings.ics",       L,   200,  200,  404,  200,  200,  200,  404),
    # Invitations (inv: the representative's to m_neh, for the environment administration;
    # tok: its signed link, public, opened by anyone who holds it).
    ("GET", "/meetings/{m_neh}/invitations",    L,   200,  200,  200,  200,  200,  403,  404),
    ("GET", "/meetings/{m_nsh}/invitations",    L,   200,  200,  404,  200,  200,  403,  404),
    ("POST", "/meetings/{m_neh}/invitations",   L,   422,  422,  422,  422,  422,  403,  403),
    ("POST", "/meetings/{m_nsh}/invitations",   L,   422,  422,  403,  422,  422,  403,  403),
    ("POST", "/meetings/{m_neh}/invitations/{inv}/resend", L, 302, 302, 302, 302, 404, 403, 403),
    ("GET", "/invitations/{tok}",               200, 200,  200,  200,  200,  200,  200,  200),
    ("GET", "/invitations/{tok}.ics",           200, 200,  200,  200,  200,  200,  200,  200),
    ("GET", "/invitations/not-a-token",         404, 404,  404,  404,  404,  404,  404,  404),
    # Minutes of m_neh, still to come (act: an open action item of the environment
    # administration under item; adm: that administration). A draft prints for coordinators.
    ("GET", "/meetings/{m_neh}/minutes",        L,   200,  200,  200,  403,  403,  403,  404),
    ("GET", "/meetings/{m_nsh}/minutes",        L,   200,  200,  404,  403,  403,  403,  404),
    ("POST", "/meetings/{m_neh}/minutes/items/{item}", L, 422, 422, 422, 403,  403,  403,  403),
    ("POST", "/meetings/{m_neh}/minutes/items/{item}/actions", L, 422, 422, 422, 403, 403, 403,
     403),
    ("POST", "/meetings/{m_neh}/minutes/actions/{act}/remove", L, 422, 422, 422, 403, 403, 403,
     403),
    ("POST", "/meetings/{m_neh}/minutes/publish", L, 422,  422,  422,  403,  403,  403,  403),
    ("POST", "/meetings/{m_nsh}/minutes/publish", L, 422,  422,  403,  403,  403,  403,  403),
    ("GET", "/meetings/{m_neh}/minutes/print",  L,   200,  200,  200,  404,  404,  404,  404),
    # Revisions of published minutes (pub: an NEH meeting whose minutes are published).
    ("GET", "/meetings/{m_neh}/minutes/revisions/1", L, 404, 404, 404, 404, 404,  404,  404),
    ("GET", "/meetings/{pub}/minutes/revisions/1", L, 200,  200,  200,  200,  200,  200,  404),
    ("GET", "/meetings/{pub}/minutes/revisions/2", L, 404,  404,  404,  404,  404,  404,  404),
    ("GET", "/meetings/{pub}/minutes/print",    L,   200,  200,  200,  200,  200,  200,  404),
    ("POST", "/action-items/{act}/done",        L,   422,  422,  422,  422,  403,  403,  404),
    ("GET", "/administrations/{adm}/report-back", L, 200,  200,  200,  200,  404,  404,  404),
    ("GET", "/administrations/{adm}/report-back/print", L, 200,  200,  200,  200,  404,  404,  404),
    ("GET", "/administrations/{adm}/report-back.txt", L, 200,  200,  200,  200,  404,  404,  404),
    ("POST", "/administrations/{adm}/report-back", L, 403, 403,  403,  422,  403,  403,  403),
    # The administrators' area (admin/): administrators only.
    ("GET", "/admin/mail",                      L,   200,  403,  403,  403,  403,  403,  403),
    ("POST", "/admin/mail/retry",               L,   302,  403,  403,  403,  403,  403,  403),
    # The organisation (admin/): set-up, administrations, networks and work areas, history.
    ("GET", "/admin",                           L,   200,  403,  403,  403,  403,  403,  403),
    ("GET", "/admin/history",                   L,   200,  403,  403,  403,  403,  403,  403),
    ("GET", "/admin/administrations",           L,   200,  403,  403,  403,  403,  403,  403),
    ("POST", "/admin/administrations",          L,   422,  403,  403,  403,  403,  403,  403),
    ("GET", "/admin/administrations/{adm}",     L,   200,  403,  403,  403,  403,  403,  403),
    ("POST", "/admin/administrations/{adm}",    L,   422,  403,  403,  403,  403,  403,  403),
    ("GET", "/admin/administrations/999999",    L,   404,  403,  403,  403,  403,  403,  403),
    ("POST", "/admin/administrations/{adm}/deactivate", L, 422, 403, 403, 403,  403,  403,  403),
    ("POST", "/admin/administrations/{adm}/reactivate", L, 422, 403, 403, 403,  403,  403,  403),
    ("GET", "/admin/administrations/{adm}/reorganise", L, 200, 403, 403,  403,  403,  403,  403),
    ("POST", "/admin/administrations/{adm}/reorganise", L, 422, 403, 403, 403,  403,  403,  403),
    ("GET", "/admin/networks",                  L,   200,  403,  403,  403,  403,  403,  403),
    ("GET", "/admin/networks/new",              L,   200,  403,  403,  403,  403,  403,  403),
    ("POST", "/admin/networks/new",             L,   422,  403,  403,  403,  403,  403,  403),
    ("GET", "/admin/networks/{net}",            L,   200,  403,  403,  403,  403,  403,  403),
    ("POST", "/admin/networks/{net}",           L,   422,  403,  403,  403,  403,  403,  403),
    ("POST", "/admin/networks/{net}/work-areas", L,  422,  403,  403,  403,  403,  403,  403),
    ("POST", "/admin/work-areas/{area}",        L,   422,  403,  403,  403,  403,  403,  403),
    # People and the import of a file (admin/people_views.py); per: the outsider's account.
    ("GET", "/admin/people",                    L,   200,  403,  403,  403,  403,  403,  403),
    ("GET", "/admin/people/new",                L,   200,  403,  403,  403,  403,  403,  403),
    ("POST", "/admin/people/new",               L,   422,  403,  403,  403,  403,  403,  403),
    ("GET", "/admin/people/{per}",              L,   200,  403,  403,  403,  403,  403,  403),
    ("POST", "/admin/people/{per}",             L,   422,  403,  403,  403,  403,  403,  403),
    ("GET", "/admin/people/999999",             L,   404,  403,  403,  403,  403,  403,  403),
    ("GET", "/admin/people/{per}/deactivate",   L,   200,  403,  403,  403,  403,  403,  403),
    ("POST", "/admin/people/{per}/deactivate",  L,   422,  403,  403,  403,  403,  403,  403),
    ("GET", "/admin/people/{per}/reactivate",   L,   302,  403,  403,  403,  403,  403,  403),
    ("POST", "/admin/people/{per}/reactivate",  L,   422,  403,  403,  403,  403,  403,  403),
    ("POST", "/admin/people/{per}/password-link", L, 302,  403,  403,  403,  403,  403,  403),
    ("GET", "/admin/import",                    L,   200,  403,  403,  403,  403,  403,  403),
    ("POST", "/admin/import",                   L,   422,  403,  403,  403,  403,  403,  403),
    ("GET", "/admin/import/example-people.csv", L,   200,  403,  403,  403,  403,  403,  403),
    ("GET", "/admin/import/example-nothing.csv", L,  404,  403,  403,  403,  403,  403,  403),
    ("POST", "/admin/import/not-a-token",       L,   404,  403,  403,  403,  403,  403,  403),
    # The directory mapping (admin/directory_views.py; map: a row of it). A remove without
    # the row's version is a stale one.
    ("GET", "/admin/directory",                 L,   200,  403,  403,  403,  403,  403,  403),
    ("POST", "/admin/directory",                L,   422,  403,  403,  403,  403,  403,  403),
    ("GET", "/admin/directory/{map}/edit",      L,   200,  403,  403,  403,  403,  403,  403),
    ("POST", "/admin/directory/{map}/edit",     L,   422,  403,  403,  403,  403,  403,  403),
    ("GET", "/admin/directory/999999/edit",     L,   404,  403,  403,  403,  403,  403,  403),
    ("POST", "/admin/directory/{map}/remove",   L,   409,  403,  403,  403,  403,  403,  403),
    # Sign-in with the municipality's directory (auth/directory_views.py): not there without
    # a provider configured, as here; the page for a person without a network yet.
    ("GET", "/login/directory",                 404, 404,  404,  404,  404,  404,  404,  404),
    ("GET", "/login/directory/callback",        404, 404,  404,  404,  404,  404,  404,  404),
    ("GET", "/account/no-network",              L,   200,  200,  200,  200,  200,  200,  200),
    ("GET", "/admin/accessibility-statement",   L,   200,  403,  403,  403,  403,  403,  403),
    ("POST", "/admin/accessibility-statement",  L,   422,  403,  403,  403,  403,  403,  403),
    ("POST", "/language",                       302, 302,  302,  302,  302,  302,  302,  302),
    ("POST", "/meetings/{m_neh}/invitations/{inv}/revoke", L, 302, 302, 302, 302, 404, 403, 403),
    ("GET", "/invitations/{tok}",               200, 410,  410,  410,  410,  200,  200,  200),
    ("POST", "/issues/{draft}/delete",          L,   404,  404,  404,  302,  404,  404,  404),
    ("POST", "/logout",                         L,   L,    L,    L,    L,    L,    L,    L),
]
# fmt: on

PAYLOADS = ('<script>alert("x")</script><img src=x onerror=alert(1)>', '"><svg onload=alert(1)>')
RAW = ("<script>alert", "<svg onload", "<img src=x onerror")
ESCAPED = ("&lt;script&gt;alert(", "&lt;svg onload=alert(1)&gt;")


@pytest.fixture
def targets(world):
    rep = world.representative
    issues = {
        "neh": make_issue(world.neh, rep, title="Laddstolpar NEH"),
        "nsh": make_issue(world.nsh, rep, title="Trygghet NSH"),
        "draft": make_issue(world.neh, rep, title="Utkast NEH", status=IssueStatus.DRAFT),
        "sched": make_issue(world.neh, rep, title="Schemalagd", status=IssueStatus.SCHEDULED),
    }
    invitation = Invitation(meeting=world.neh_meeting, name="Gäst", email="gast@test.se")
    invitation.invited_by, invitation.administration = rep, world.env
    db.session.add(invitation)
    row = DirectoryMapping(claim_value="sg-neh", network=world.neh, role=Role.PARTICIPANT)
    db.session.add(row)
    action = ActionItem(what="Underlag", due_date=date.max, responsible_administration=world.env)
    world.neh_meeting.items[1].action_items.append(action)
    db.session.commit()
    published = published_meeting(world)
    topics = {
        network.slug: db.session.scalars(
            db.select(ThesaurusTopic.id).where(ThesaurusTopic.network_id == network.id)
        ).first()
        for network in (world.neh, world.nsh)
    }
    return {name: issue.id for name, issue in issues.items()} | {
        "topic": topics["neh"],
        "nsh_topic": topics["nsh"],
        "pub": published.id,
        "inv": invitation.id,
        "tok": invitation.token(),
        "m_neh": world.neh_meeting.id,
        "m_nsh": world.nsh_meeting.id,
        "item": world.neh_meeting.items[1].id,
        "act": action.id,
        "adm": world.env.id,
        "net": world.neh.id,
        "area": world.neh.work_areas[0].id,
        "per": world.outsider.id,
        "map": row.id,
    }


def sign_in(client, world, role):
    with client.session_transaction() as session:
        session.clear()
        if role != "signed_out":
            session["_user_id"] = getattr(world, role).get_id()
            session["_fresh"] = True


def outcome(response) -> int | str:
    location = response.headers.get("Location", "")
    return (
        L if response.status_code == 302 and location.startswith("/login") else response.status_code
    )


def test_every_route_is_in_the_matrix(app):
    adapter = app.url_map.bind("localhost")
    covered = set()
    for method, path, *_ in MATRIX:
        endpoint, _args = adapter.match(path.format_map(_AnyId()), method=method)
        covered.add((endpoint, method))
    missing = [
        f"{method} {rule.rule}"
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"})
        if (rule.endpoint, method) not in covered
    ]
    assert missing == [], "add these routes to MATRIX in tests/app/test_security.py"


class _AnyId(dict):
    def __missing__(self, _key):
        return "1"


@pytest.mark.parametrize("role", ROLES)
def test_authorization_matrix(client, world, targets, role):
    column = ROLES.index(role)
    wrong = []
    for method, path, *expected in MATRIX:
        sign_in(client, world, role)
        url = path.format(**targets)
        got = outcome(client.open(url, method=method, data={}))
        if got != expected[column]:
            wrong.append(f"{method} {url}: expected {expected[column]}, got {got}")
        assert got != 500, f"{method} {url} failed as {role}"
    assert wrong == []


@pytest.mark.parametrize("app", [{"WTF_CSRF_ENABLED": True}], indirect=True)
def test_every_state_changing_route_needs_the_csrf_token(app, client, world, targets):
    for method, path, *_ in MATRIX:
        if method != "POST":
            continue
        sign_in(client, world, "coordinator")
        response = client.post(path.format(**targets), data={"version": "1"})
        assert response.status_code == 400, path
    assert db.session.get(Issue, targets["draft"]) is not None
    sign_in(client, world, "signed_out")
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"csrf_token": token, "email": "x@test.se"})
    assert response.status_code == 422


def test_no_page_shows_another_administrations_draft(client, world, targets):
    secret = "Hemligt utkast från socialförvaltningen"
    for network in (world.neh, world.nsh):
        make_issue(network, world.other_representative, title=secret, status=IssueStatus.DRAFT)
    db.session.commit()
    drafts = db.session.scalars(db.select(Issue.id).where(Issue.title == secret)).all()
    pages = ["/", "/issues", "/agenda", "/triage", "/issues?status=draft"]
    pages += [f"/triage?status={status.value}" for status in QUEUE_STATUSES]
    pages += [f"/issues/{targets[name]}" for name in ("neh", "nsh", "draft", "sched")]
    for meeting in ("m_neh", "m_nsh"):
        pages += [f"/meetings/{targets[meeting]}", f"/meetings/{targets[meeting]}.ics"]
    for role in ("representative", "participant", "coordinator", "admin"):
        for url in pages + [f"/issues/{draft}" for draft in drafts]:
            sign_in(client, world, role)
            response = client.get(url)
            assert response.status_code in (200, 403, 404), (role, url)
            assert secret not in response.get_data(as_text=True), (role, url)


def test_security_headers_on_every_kind_of_response(client, world, targets):
    cases = [
        ("signed_out", "/login", 200),
        ("signed_out", "/healthz", 200),
        ("signed_out", "/no-such-page", 404),
        ("participant", "/triage", 403),
        ("participant", f"/meetings/{targets['m_neh']}.ics", 200),
        ("coordinator", "/triage", 200),
        ("coordinator", f"/issues/{targets['neh']}", 200),
        ("coordinator", f"/meetings/{targets['m_neh']}", 200),
        ("representative", "/issues/new", 200),
    ]
    for role, url, status in cases:
        sign_in(client, world, role)
        response = client.get(url)
        assert response.status_code == status, url
        policy = dict(
            part.strip().split(" ", 1)
            for part in response.headers["Content-Security-Policy"].split(";")
        )
        assert "'unsafe-inline'" not in policy["script-src"]
        assert "'unsafe-eval'" not in policy["script-src"]
        assert policy["frame-ancestors"] == "'none'"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] in ("same-origin", "no-referrer")


def _session_cookie(client) -> str:
    response = client.post("/login", data={"email": "participant@test.se", "password": PASSWORD})
    assert response.status_code == 302
    return next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))


def test_session_cookie_is_http_only_and_same_site_in_tests(client, world):
    cookie = _session_cookie(client)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


SERVED = {"TESTING": False, "SECRET_KEY": "a-real-secret", "BASE_URL": "https://localhost"}


@pytest.mark.parametrize("app", [SERVED], indirect=True)
def test_session_cookie_is_secure_outside_debug_and_tests(app, client, world):
    assert not app.debug and not app.testing
    cookie = _session_cookie(client)
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


LOW_ACCOUNT = [{"LOGIN_LIMIT_PER_ACCOUNT": "3 per minute", "LOGIN_LIMIT_PER_ADDRESS": "50/minute"}]
LOW_ADDRESS = [{"LOGIN_LIMIT_PER_ADDRESS": "4 per minute", "LOGIN_LIMIT_PER_ACCOUNT": "50/minute"}]


def attempt(client, email, password="wrong-password", address="192.0.2.1"):  # noqa: S107
    return client.post(
        "/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def assert_limited(response):
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) >= 1
    page = response.get_data(as_text=True)
    assert 'name="email"' in page
    return re.search(r'<p class="flash flash--error">(.*?)</p>', page, re.S).group(1)


@pytest.mark.parametrize("app", LOW_ACCOUNT, indirect=True)
def test_failed_sign_ins_are_limited_per_account(client, world):
    for address in ("192.0.2.1", "192.0.2.2", "192.0.2.3"):
        assert attempt(client, "coordinator@test.se", address=address).status_code == 422
    # The same account, normalised, from yet another address; even the right password waits.
    message = assert_limited(attempt(client, " Coordinator@TEST.se ", address="192.0.2.4"))
    assert_limited(attempt(client, "coordinator@test.se", PASSWORD, address="192.0.2.5"))
    assert attempt(client, "participant@test.se", PASSWORD, address="192.0.2.6").status_code == 302
    client.post("/logout")
    # An account that does not exist is limited with the very same words.
    for _ in range(3):
        attempt(client, "nobody@test.se", address="198.51.100.9")
    assert assert_limited(attempt(client, "nobody@test.se", address="198.51.100.9")) == message


@pytest.mark.parametrize("app", LOW_ACCOUNT, indirect=True)
def test_successful_sign_ins_do_not_count_toward_the_limit(app, client, world):
    for _ in range(5):
        assert attempt(client, "participant@test.se", PASSWORD).status_code == 302
        client.post("/logout")
    assert attempt(client, "participant@test.se").status_code == 422


@pytest.mark.parametrize("app", LOW_ADDRESS, indirect=True)
def test_failed_sign_ins_are_limited_per_address(client, world):
    for number in range(4):
        assert attempt(client, f"guess{number}@test.se").status_code == 422
    message = assert_limited(attempt(client, "coordinator@test.se", PASSWORD))
    assert "För många inloggningsförsök. Vänta en minut och försök igen." in message
    # Another person at another address is not affected.
    response = attempt(client, "participant@test.se", PASSWORD, address="203.0.113.7")
    assert response.status_code == 302


@pytest.mark.parametrize(
    "target",
    [
        "/%2F%2Fevil.example",
        "https:evil.example",
        "javascript:alert(1)",
        "/\t/evil.example",
        "/\n/evil.example",
        "%2F%2Fevil.example",
        "///evil.example",
        "https://localhost@evil.example/",
    ],
)
def test_next_with_encoded_or_odd_targets_stays_on_this_site(client, world, target):
    response = client.post(
        "/login", data={"email": "coordinator@test.se", "password": PASSWORD, "next": target}
    )
    location = response.headers["Location"]
    assert location.startswith("/") and not location.startswith("//")
    assert urlsplit(urljoin("http://localhost/", location)).netloc == "localhost"
    assert not any(c in location for c in "\t\n\\")


def test_sign_in_messages_do_not_tell_whether_an_account_exists(client, world):
    world.participant.active = False
    db.session.commit()
    bodies = set()
    for email in ("coordinator@test.se", "participant@test.se", "nobody@test.se"):
        response = attempt(client, email)
        page = response.get_data(as_text=True)
        messages = re.findall(
            r'class="(?:field__error|flash flash--\w+)"[^>]*>(.*?)</p>', page, re.S
        )
        bodies.add((response.status_code, tuple(messages)))
    assert len(bodies) == 1, bodies


def test_bandit_finds_nothing_of_medium_or_high_severity():
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(  # noqa: S603 (a fixed command line)
        [sys.executable, "-m", "bandit", "-q", "-r", "hallbarhet"]
        + ["--severity-level", "medium", "-f", "json"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(result.stdout)
    assert report["errors"] == []
    assert [(r["filename"], r["line_number"], r["test_id"]) for r in report["results"]] == []


def submit_question(client, world, title, payload):
    response = client.post(
        "/issues/new",
        data={
            "action": "submit",
            "network": world.neh.id,
            "title": title,
            "description": payload,
            "kind": "dialogue",
            "asked_for": "dialogue",
            "estimated_minutes": "15",
            "presenter": payload,
            "links": f"https://example.se/{payload}\n{payload}",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return db.session.scalar(db.select(Issue).where(Issue.title == title))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_html_in_every_text_field_comes_out_inert(client, world, payload):
    sign_in(client, world, "representative")
    issues = {
        name: submit_question(client, world, f"{name} {payload}", payload)
        for name in ("schedule", "return", "refer", "decline", "park")
    }
    sign_in(client, world, "coordinator")
    meeting = world.neh_meeting
    for name, issue in issues.items():
        data = {"version": issue.version, "message": payload}
        if name == "schedule":
            data |= {"meeting": meeting.id, "kind": "dialogue", "minutes": "15"}
        assert client.post(f"/triage/{issue.id}/{name}", data=data).status_code == 302
    db.session.expire_all()
    item = issues["schedule"].agenda_item
    response = client.post(
        f"/meetings/{meeting.id}/items/{item.id}",
        data={"version": meeting.version, "minutes": "20", "presenter": payload},
    )
    assert response.status_code == 302
    db.session.expire_all()
    response = client.post(f"/meetings/{meeting.id}/publish", data={"version": meeting.version})
    assert response.status_code == 302
    assert db.session.get(Issue, issues["schedule"].id).agenda_item.presenter == payload
    shown = {
        "representative": ["/", "/issues"] + [f"/issues/{i.id}" for i in issues.values()],
        "coordinator": [f"/meetings/{meeting.id}", f"/triage?q={payload}"]
        + ["/triage?status=returned", "/triage?status=parked"]
        + [f"/issues/{i.id}" for i in issues.values()],
        "participant": ["/agenda", f"/meetings/{meeting.id}"],
    }
    for role, urls in shown.items():
        for url in urls + ["/", "/triage"]:
            sign_in(client, world, role)
            page = client.get(url).get_data(as_text=True)
            assert not any(raw in page for raw in RAW), (role, url)
            if url in urls:
                assert any(escaped in page for escaped in ESCAPED), (role, url)
    sign_in(client, world, "participant")
    calendar = client.get(f"/meetings/{meeting.id}.ics")
    # The calendar is not HTML: the browser downloads it and may not sniff it as a page.
    assert calendar.mimetype == "text/calendar"
    assert calendar.headers["Content-Disposition"].startswith("attachment")
    assert calendar.headers["X-Content-Type-Options"] == "nosniff"
