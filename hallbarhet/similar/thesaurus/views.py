"""A network's thesaurus as its coordinators (and administrators) edit it: the topics with
their words and how many questions have each, a form to add one, and a page for each topic
to change or remove it. Plain forms that post and redirect; nothing needs JavaScript."""

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ... import access
from ...errors import Conflict
from ...extensions import db
from ...forms_common import add_error
from ...models import Issue, IssueTerm, Network, ThesaurusTopic
from ...rendering import render
from .. import follow
from . import entries, operations
from .forms import EditTopicForm, RemoveTopicForm, TopicForm
from .operations import TopicRefused

bp = Blueprint("thesaurus", __name__)

LIST = "thesaurus/index.html"
EDIT = "thesaurus/edit.html"


@bp.get("/networks/<slug>/thesaurus")
@login_required
def index(slug: str):
    network = _network(slug)
    return _list_page(network, TopicForm(formdata=None), 200)


@bp.post("/networks/<slug>/thesaurus")
@login_required
def add(slug: str):
    network = _network(slug)
    form = TopicForm()
    if not form.validate():
        return _list_page(network, form, 422)
    try:
        saved = operations.add_topic(current_user, network, form.name.data, form.words.data)
    except TopicRefused as refused:
        _show(form, refused)
        return _list_page(network, form, 422, refused=True)
    flash(_("The topic “%(name)s” is added.", name=saved.name) + " " + _followed(saved), "success")
    return redirect(url_for("thesaurus.index", slug=slug, _anchor=f"topic-{saved.topic.id}"))


@bp.route("/networks/<slug>/thesaurus/<int:topic_id>", methods=["GET", "POST"])
@login_required
def edit(slug: str, topic_id: int):
    network = _network(slug)
    topic = _topic(network, topic_id)
    if topic is None:
        if request.method == "POST":  # removed while the form was open
            return _conflict(network, topic_id, operations.changed_first(network, removed=True))
        abort(404)
    form = EditTopicForm(formdata=None, data=_form_data(topic))
    if not form.is_submitted():
        return _edit_page(network, topic, form, 200)
    form = EditTopicForm()
    if not form.validate():
        return _edit_page(network, topic, form, 422, refused=True)
    try:
        saved = operations.change_topic(
            current_user,
            network,
            topic.id,
            form.version_number(),
            form.name.data,
            form.words.data,
        )
    except TopicRefused as refused:
        _show(form, refused)
        return _edit_page(network, topic, form, 422, refused=True)
    except Conflict as error:
        return _conflict(network, topic_id, error, sent=form)
    if saved.changed:
        message = _("The topic “%(name)s” is saved.", name=saved.name) + " " + _followed(saved)
    else:
        message = _("Nothing was changed.")
    flash(message, "success")
    return redirect(url_for("thesaurus.index", slug=slug, _anchor=f"topic-{topic_id}"))


@bp.post("/networks/<slug>/thesaurus/<int:topic_id>/remove")
@login_required
def remove(slug: str, topic_id: int):
    network = _network(slug)
    form = RemoveTopicForm(prefix="remove")
    if not form.validate():
        topic = _topic(network, topic_id)
        if topic is None:
            abort(404)
        current = EditTopicForm(formdata=None, data=_form_data(topic))
        return _edit_page(network, topic, current, 422, remove_form=form)
    try:
        saved = operations.remove_topic(current_user, network, topic_id, form.version_number())
    except Conflict as error:
        return _conflict(network, topic_id, error)
    flash(
        _(
            "The topic “%(name)s” is removed. Its words were: %(words)s.",
            name=saved.name,
            words=", ".join(saved.words),
        )
        + " "
        + _followed(saved),
        "success",
    )
    return redirect(url_for("thesaurus.index", slug=slug))


def _network(slug: str) -> Network:
    """The network, for its coordinators and administrators only (403 for others)."""
    network = db.first_or_404(select(Network).where(Network.slug == slug))
    access.require_coordinator(current_user, network.id)
    return network


def _topic(network: Network, topic_id: int) -> ThesaurusTopic | None:
    return db.session.scalar(
        select(ThesaurusTopic)
        .options(selectinload(ThesaurusTopic.entries))
        .where(ThesaurusTopic.id == topic_id, ThesaurusTopic.network_id == network.id)
    )


def _form_data(topic: ThesaurusTopic) -> dict:
    return {
        "name": topic.name,
        "words": entries.as_text(topic.words),
        "version": str(topic.version),
    }


def _show(form, refused: TopicRefused) -> None:
    for name, messages in refused.problems.items():
        for message in messages:
            add_error(form[name], message)


def _followed(saved: operations.Saved) -> str:
    if saved.followed:
        return _("The similar questions follow the change already.")
    return _(
        "The similar questions follow the change within a few minutes; until then they "
        "still find questions by the earlier words too."
    )


def _conflict(network: Network, topic_id: int, error: Conflict, sent=None):
    """409: the topic as it is now (or the list, when it is gone), with what was sent."""
    topic = _topic(network, topic_id)
    if topic is None:
        return _list_page(network, TopicForm(formdata=None), 409, conflict=error.message)
    current = EditTopicForm(formdata=None, data=_form_data(topic))
    return _edit_page(network, topic, current, 409, conflict=error.message, sent=sent)


def _list_page(network: Network, form: TopicForm, status: int, **extra):
    topics = operations.topics_of(network)
    return render(
        LIST,
        status=status,
        network=network,
        topics=topics,
        counts=_question_counts(network, [topic.name for topic in topics]),
        stale=follow.is_stale(db.session, network.id),
        form=form,
        name_max=entries.NAME_MAX,
        **extra,
    )


def _edit_page(network: Network, topic: ThesaurusTopic, form, status: int, **extra):
    remove_form = extra.pop("remove_form", None) or RemoveTopicForm(
        formdata=None, prefix="remove", data={"version": str(topic.version)}
    )
    return render(
        EDIT,
        status=status,
        network=network,
        topic=topic,
        form=form,
        remove_form=remove_form,
        count=_question_counts(network, [topic.name]).get(topic.name, 0),
        name_max=entries.NAME_MAX,
        **extra,
    )


def _question_counts(network: Network, names) -> dict[str, int]:
    """Topic name -> how many of the network's questions the index gives it (the terms by
    name, so that the index of terms is what is read)."""
    terms = [f"c:{name}" for name in names]
    if not terms:
        return {}
    rows = db.session.execute(
        select(IssueTerm.term, func.count())
        .join(Issue, Issue.id == IssueTerm.issue_id)
        .where(IssueTerm.term.in_(terms), Issue.network_id == network.id)
        .group_by(IssueTerm.term)
    )
    return {term[2:]: count for term, count in rows}
