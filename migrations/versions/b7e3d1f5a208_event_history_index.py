"""a question's history by its order

A triage card shows a question's latest events and how many it has: an index on the
question, the moment and the id gives the latest in order without reading the rest, and
serves every lookup by question that the index on the question alone served.

Revision ID: b7e3d1f5a208
Revises: a4d2b7c9e013
Create Date: 2026-12-07 14:10:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'b7e3d1f5a208'
down_revision = 'a4d2b7c9e013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_event_issue_history', 'event', ['issue_id', 'created_at', 'id'])
    op.drop_index('ix_event_issue_id', table_name='event')


def downgrade():
    op.create_index('ix_event_issue_id', 'event', ['issue_id'])
    op.drop_index('ix_event_issue_history', table_name='event')
