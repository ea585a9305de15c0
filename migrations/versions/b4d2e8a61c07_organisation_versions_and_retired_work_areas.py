"""organisation: versions, unique short names, retired work areas

Administrators edit networks, administrations and work areas from forms that carry the
version they were loaded with, so a stale save is refused rather than overwriting; an
administration's short name is unique as its name is; a work area is retired rather than
deleted (the questions that have it keep it).

Revision ID: b4d2e8a61c07
Revises: a1c4e7b9d302
Create Date: 2026-12-02 04:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b4d2e8a61c07'
down_revision = 'a1c4e7b9d302'
branch_labels = None
depends_on = None

VERSIONED = ('network', 'administration', 'work_area')


def upgrade():
    for table in VERSIONED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column('version', sa.Integer(), server_default='1', nullable=False)
            )
    with op.batch_alter_table('work_area', schema=None) as batch_op:
        batch_op.add_column(sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('administration', schema=None) as batch_op:
        batch_op.create_unique_constraint('uq_administration_short_name', ['short_name'])


def downgrade():
    with op.batch_alter_table('administration', schema=None) as batch_op:
        batch_op.drop_constraint('uq_administration_short_name', type_='unique')
    with op.batch_alter_table('work_area', schema=None) as batch_op:
        batch_op.drop_column('retired_at')
    for table in reversed(VERSIONED):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('version')
