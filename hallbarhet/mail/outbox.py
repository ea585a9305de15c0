"""Rendering a mail in its recipient's language and adding it to the outbox."""

from flask import current_app, g, render_template
from flask_babel import force_locale
from sqlalchemy import select

from .. import labels
from ..extensions import db
from ..models import OutboxMail, SentReminder
from ..models.base import utcnow

SUBJECT_MAX = 300


def queue(recipient_email: str, template: str, language: str, **context) -> OutboxMail:
    """Render templates/mail/<template>.txt and .html in the language and add the mail to
    the session: the caller's commit sends it on its way, its rollback takes it back."""
    recipient = recipient_email.strip()
    if "@" not in recipient or any(ch.isspace() for ch in recipient):
        raise ValueError(f"not a mail address: {recipient_email!r}")
    subject, text, html = render(template, language, **context)
    mail = OutboxMail(
        recipient=recipient,
        template=template,
        language=language,
        subject=subject,
        text=text,
        html=html,
        next_attempt_at=utcnow(),
    )
    db.session.add(mail)
    # Tells the after-request hook that there is mail to send once this request is done.
    g.mail_queued = True
    return mail


def queue_once(
    kind: str, key: str, recipient_email: str, template: str, language: str, **context
) -> OutboxMail | None:
    """Queue a reminder unless one of this kind and key was queued before ("deadline",
    "deadline:meeting:12:user:7"); None when it was. The SentReminder row is committed with
    the mail; two commands racing are stopped by its unique key, the second at commit."""
    seen = db.session.scalar(
        select(SentReminder.id).where(SentReminder.kind == kind, SentReminder.key == key)
    )
    if seen is not None:
        return None
    db.session.add(SentReminder(kind=kind, key=key))
    return queue(recipient_email, template, language, **context)


def render(template: str, language: str, **context) -> tuple[str, str, str]:
    """Subject, text and HTML of a mail. The text template sets `subject`; the HTML
    template gets it (for its title) along with the same context."""
    if language not in current_app.config["LANGUAGES"]:
        language = current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(language):
        # The labels a page caches per request are in the page's language, not the mail's.
        context = {"labels": labels.Resolved(), "language": language, **context}
        jinja_template = current_app.jinja_env.get_template(f"mail/{template}.txt")
        values = dict(context)
        current_app.update_template_context(values)
        module = jinja_template.make_module(values)
        subject = " ".join(str(getattr(module, "subject", "")).split())[:SUBJECT_MAX]
        if not subject:
            raise ValueError(f"mail/{template}.txt sets no subject")
        text = str(module).strip() + "\n"
        html = render_template(f"mail/{template}.html", subject=subject, **context)
    return subject, text, html
