"""the questions joined into another, indexed alone

The index on the question a question was joined into held every question, nearly all with
no value: SQLite's statistics (once ANALYZE has run) then say it narrows nothing, and the
meeting pages' state read every question. A partial index of the joined ones alone.

Revision ID: c9a4e2f7b315
Revises: b7e3d1f5a208
Create Date: 2026-12-07 15:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c9a4e2f7b315'
down_revision = 'b7e3d1f5a208'
branch_labels = None
depends_on = None

JOINED = sa.text('merged_into_id IS NOT NULL')


def upgrade():
    op.drop_index('ix_issue_merged_into_id', table_name='issue')
    op.create_index(
        'ix_issue_merged_into_id',
        'issue',
        ['merged_into_id'],
        sqlite_where=JOINED,
        postgresql_where=JOINED,
    )


def downgrade():
    op.drop_index('ix_issue_merged_into_id', table_name='issue')
    op.create_index('ix_issue_merged_into_id', 'issue', ['merged_into_id'])
