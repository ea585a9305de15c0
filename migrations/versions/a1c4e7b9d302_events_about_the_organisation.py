"""events about the organisation

What an administrator changes is recorded as an Event too: about a network (its work
areas, its standing items), an administration or a person's account.

Revision ID: a1c4e7b9d302
Revises: f3a7c9d1b2e6
Create Date: 2026-12-02 04:06:07.292219

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a1c4e7b9d302'
down_revision = 'f3a7c9d1b2e6'
branch_labels = None
depends_on = None

COLUMNS = (
    ('network_id', 'network'),
    ('administration_id', 'administration'),
    ('person_id', 'app_user'),
)


def upgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        for column, table in COLUMNS:
            batch_op.add_column(sa.Column(column, sa.Integer(), nullable=True))
            batch_op.create_index(f'ix_event_{column}', [column], unique=False)
            batch_op.create_foreign_key(f'fk_event_{column}', table, [column], ['id'])


def downgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        for column, _table in COLUMNS:
            batch_op.drop_constraint(f'fk_event_{column}', type_='foreignkey')
            batch_op.drop_index(f'ix_event_{column}')
            batch_op.drop_column(column)
