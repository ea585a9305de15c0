"""Everything the tool holds about one person, as plain data for the JSON download: the
account, its networks, the questions the person submitted with their own fields, the Events
the person caused with the history's sentence, and the mail sent to the person with its
subject and texts."""

from datetime import date, datetime

from flask import current_app

from ..history import sentence
from ..models import Event, Issue, OutboxMail, User
from ..models.base import utcnow
from ..urls import external_url
from . import queries

# Tells a reader (or a program) which shape the file has, should it ever change.
FORMAT = "hallbarhet-personal-data/1"


def personal_data(user: User) -> dict:
    person = queries.person(user.id)
    method = queries.sign_in_method(person)
    return {
        "format": FORMAT,
        "exported_at": _moment(utcnow()),
        "municipality": str(current_app.config["MUNICIPALITY_NAME"]),
        "profile": {
            "name": person.name,
            "email": person.email,
            "administration": _administration(person.administration),
            "language": person.language,
            "administrator": person.is_admin,
            "active": person.active,
            "account_created": _moment(person.created_at),
            "sign_in_method": method,
            "sign_in_method_name": str(queries.SIGN_IN_METHODS[method]),
        },
        "memberships": [
            {
                "network": {"slug": m.network.slug, "name": m.network.name},
                "role": m.role.value,
            }
            for m in sorted(person.memberships, key=lambda m: m.network.slug)
        ],
        "questions": [_question(issue) for issue in queries.questions(person, whole=True)],
        "events": [_event(event) for event in queries.events(person)],
        "mails": [_mail(mail) for mail in queries.mails(person, whole=True)],
    }


def _question(issue: Issue) -> dict:
    meeting = issue.desired_meeting
    return {
        "id": issue.id,
        "reference": issue.reference,
        "url": external_url("issues.show", issue_id=issue.id),
        "network": issue.network.slug,
        "administration": _administration(issue.administration),
        "title": issue.title,
        "description": issue.description,
        "kind": issue.kind.value,
        "asked_for": issue.asked_for.value,
        "work_area": issue.work_area.name if issue.work_area else None,
        "affected_administrations": [a.name for a in issue.affected],
        "global_goals": list(issue.goals or []),
        "desired_meeting": meeting.name if meeting else None,
        "latest_date": _day(issue.latest_date),
        "estimated_minutes": issue.estimated_minutes,
        "presenter": issue.presenter,
        "links": issue.links,
        "status": issue.status.value,
        "created_at": _moment(issue.created_at),
        "submitted_at": _moment(issue.submitted_at),
        "updated_at": _moment(issue.updated_at),
    }


def _event(event: Event) -> dict:
    words, detail = sentence(event)
    return {
        "at": _moment(event.created_at),
        "action": event.action,
        "sentence": words,
        "text": detail or None,
        "about": queries.subject_of(event),
    }


def _mail(mail: OutboxMail) -> dict:
    return {
        "subject": mail.subject,
        "written_at": _moment(mail.created_at),
        "sent_at": _moment(mail.sent_at),
        "status": mail.status.value,
        "language": mail.language,
        "text": mail.text,
        "html": mail.html,
    }


def _administration(administration) -> dict | None:
    if administration is None:
        return None
    return {"name": administration.name, "short_name": administration.short_name}


def _moment(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None
