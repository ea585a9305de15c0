"""An agenda item's outcome and a question's status are told in words of their own: a reader
of the minutes never meets one Swedish word meaning both."""

from flask_babel import force_locale

from hallbarhet import labels
from hallbarhet.models import IssueStatus, ItemOutcome


def test_no_swedish_word_is_both_a_status_and_an_outcome(app):
    with app.test_request_context(), force_locale("sv"):
        statuses = {str(label) for label in labels.ISSUE_STATUS.values()}
        outcomes = {str(label) for label in labels.OUTCOME.values()}
        assert not statuses & outcomes, statuses & outcomes


def test_the_outcome_discussed_in_swedish(app):
    with app.test_request_context(), force_locale("sv"):
        assert str(labels.OUTCOME[ItemOutcome.DISCUSSED]) == "Diskuterad"
        assert str(labels.ISSUE_STATUS[IssueStatus.DISCUSSED]) == "Behandlad"
