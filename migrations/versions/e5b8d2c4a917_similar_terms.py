"""similar terms

The terms (stems, trigrams, thesaurus topics) of each question, by which the similar
questions are found; filled by `flask --app hallbarhet reindex-similar` for existing data
and kept up to date by the app.

Revision ID: e5b8d2c4a917
Revises: a3f9c1d2e4b7
Create Date: 2026-12-02 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5b8d2c4a917'
down_revision = 'a3f9c1d2e4b7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'issue_term',
        sa.Column('term', sa.String(length=64), nullable=False),
        sa.Column('issue_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['issue_id'], ['issue.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('term', 'issue_id'),
    )
    op.create_index('ix_issue_term_issue_id', 'issue_term', ['issue_id'], unique=False)


def downgrade():
    op.drop_index('ix_issue_term_issue_id', table_name='issue_term')
    op.drop_table('issue_term')
