"""merged questions

A question joined into another on the same topic keeps a link to it (status "merged"), so
that the agenda item names both submitters.

Revision ID: a3f9c1d2e4b7
Revises: c71d8a330df7
Create Date: 2026-12-01 09:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a3f9c1d2e4b7'
down_revision = 'c71d8a330df7'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('issue', schema=None) as batch_op:
        batch_op.add_column(sa.Column('merged_into_id', sa.Integer(), nullable=True))
        batch_op.create_index('ix_issue_merged_into_id', ['merged_into_id'], unique=False)
        batch_op.create_foreign_key('fk_issue_merged_into', 'issue', ['merged_into_id'], ['id'])


def downgrade():
    with op.batch_alter_table('issue', schema=None) as batch_op:
        batch_op.drop_constraint('fk_issue_merged_into', type_='foreignkey')
        batch_op.drop_index('ix_issue_merged_into_id')
        batch_op.drop_column('merged_into_id')
