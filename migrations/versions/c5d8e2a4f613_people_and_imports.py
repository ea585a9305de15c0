"""people and imports

An account's version, raised by every change of it, so that an administrator's stale
save of a person is refused (409) instead of overwriting someone else's change.

A file to import kept between its preview and the administrator's confirmation, under a
random token: the file is larger than a form field may carry back.

Revision ID: c5d8e2a4f613
Revises: b4d2e8a61c07
Create Date: 2026-12-02 05:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c5d8e2a4f613'
down_revision = 'b4d2e8a61c07'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
    op.create_table(
        'staged_import',
        sa.Column('token', sa.String(length=64), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('filename', sa.String(length=200), nullable=False),
        sa.Column('content', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ['created_by_id'], ['app_user.id'], name='fk_staged_import_created_by'
        ),
        sa.PrimaryKeyConstraint('token', name='pk_staged_import'),
    )
    op.create_index(
        'ix_staged_import_created_by_id', 'staged_import', ['created_by_id'], unique=False
    )


def downgrade():
    op.drop_index('ix_staged_import_created_by_id', table_name='staged_import')
    op.drop_table('staged_import')
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.drop_column('version')
