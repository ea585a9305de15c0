"""open action items by status

The follow-up of a network's open action items (the next agenda's, and the state of the
meeting pages that show it) starts from the items still open: an index on the status with
the agenda item, so that a network with ten years of minutes does not read every item of
every meeting.

Revision ID: a4d2b7c9e013
Revises: f52c8e1a9d04
Create Date: 2026-12-03 14:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'a4d2b7c9e013'
down_revision = 'f52c8e1a9d04'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        'ix_action_item_status_agenda_item', 'action_item', ['status', 'agenda_item_id']
    )


def downgrade():
    op.drop_index('ix_action_item_status_agenda_item', table_name='action_item')
