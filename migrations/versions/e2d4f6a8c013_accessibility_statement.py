"""accessibility statement

The parts of the accessibility statement (/tillganglighet) that the municipality writes:
one row, made by an administrator's first save; until then the page shows the product's
own text.

Revision ID: e2d4f6a8c013
Revises: d8e2a6c4b159
Create Date: 2026-12-03 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e2d4f6a8c013'
down_revision = 'd8e2a6c4b159'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'accessibility_statement',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('compliance', sa.Enum('full', 'partial', 'none', name='compliance',
                                        native_enum=False, length=32), nullable=False),
        sa.Column('known_problems', sa.Text(), nullable=False),
        sa.Column('known_problems_en', sa.Text(), nullable=False),
        sa.Column('assessed_on', sa.Date(), nullable=True),
        sa.Column('assessment_method', sa.Enum('self', 'external', name='assessmentmethod',
                                               native_enum=False, length=32), nullable=False),
        sa.Column('contact_email', sa.String(length=254), nullable=False),
        sa.Column('contact_phone', sa.String(length=40), nullable=False),
        sa.Column('response_days', sa.Integer(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.CheckConstraint('id = 1', name='ck_accessibility_statement_one_row'),
        sa.ForeignKeyConstraint(['updated_by_id'], ['app_user.id'],
                                name='fk_accessibility_statement_updated_by'),
        sa.PrimaryKeyConstraint('id', name='pk_accessibility_statement'),
    )


def downgrade():
    op.drop_table('accessibility_statement')
