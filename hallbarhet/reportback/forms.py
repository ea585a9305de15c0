"""What marking a report back sends: the last report the page started from."""

from flask_wtf import FlaskForm

from ..meetings.forms import WholeNumberField


class ReportForm(FlaskForm):
    # The id of the latest report the page showed, 0 when there was none.
    last_report = WholeNumberField()
