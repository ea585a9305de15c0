"""sessions and sign-in failures

The account's session generation, part of every signed-in session's id: raising it ends
the account's sessions on every app server (signing out, a new password, deactivation).
Sessions signed in before it carry no generation and end: everyone signs in once more.

Failed sign-ins, counted by the limits on signing in in the database, so that every worker
and app server counts the same.

Revision ID: f3a7c9e1b5d2
Revises: e5b8d2c4a917
Create Date: 2026-12-03 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f3a7c9e1b5d2'
down_revision = 'e5b8d2c4a917'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_generation', sa.Integer(), server_default='0', nullable=False))
    op.create_table(
        'login_failure',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=80), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_login_failure_at', 'login_failure', ['at'], unique=False)
    op.create_index('ix_login_failure_key_at', 'login_failure', ['key', 'at'], unique=False)


def downgrade():
    op.drop_index('ix_login_failure_key_at', table_name='login_failure')
    op.drop_index('ix_login_failure_at', table_name='login_failure')
    op.drop_table('login_failure')
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.drop_column('session_generation')
