"""The questions the tests of the representative's pages start from."""

import pytest

from hallbarhet.extensions import db
from hallbarhet.models import IssueStatus
from tests.factories import make_issue


@pytest.fixture
def submitted(world):
    issue = make_issue(world.neh, world.representative, title="Klimatanpassningsplanen")
    db.session.commit()
    return issue


@pytest.fixture
def draft(world):
    issue = make_issue(
        world.neh, world.representative, title="Ett utkast", status=IssueStatus.DRAFT
    )
    db.session.commit()
    return issue
