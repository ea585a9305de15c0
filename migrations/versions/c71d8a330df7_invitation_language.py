"""invitation language

The language an invited colleague's mails and agenda page are in, chosen by the inviter;
invitations made before it are in Swedish, the default.

Revision ID: c71d8a330df7
Revises: b76329d6844d
Create Date: 2026-12-01 06:31:36.395905

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c71d8a330df7'
down_revision = 'b76329d6844d'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=8), server_default='sv', nullable=False))


def downgrade():
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.drop_column('language')
