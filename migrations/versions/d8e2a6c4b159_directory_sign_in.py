"""directory sign-in

Sign-in with the municipality's directory (OpenID Connect): an account keeps who it is in
the directory (the issuer and its id for the person, unique together); the mapping from
a group or department to an administration and network role; the claim values seen at
sign-in that mapped to nothing (the values only).

Revision ID: d8e2a6c4b159
Revises: c5d8e2a4f613
Create Date: 2026-12-02 04:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd8e2a6c4b159'
down_revision = 'c5d8e2a4f613'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('directory_issuer', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('directory_subject', sa.String(length=255), nullable=True))
        batch_op.create_unique_constraint(
            'uq_app_user_directory_identity', ['directory_issuer', 'directory_subject']
        )

    op.create_table(
        'directory_mapping',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('claim_value', sa.String(length=200), nullable=False),
        sa.Column('administration_id', sa.Integer(), nullable=True),
        sa.Column('network_id', sa.Integer(), nullable=True),
        sa.Column('role', sa.Enum('coordinator', 'representative', 'participant', name='role',
                                  native_enum=False, create_constraint=False, length=32),
                  nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['administration_id'], ['administration.id'],
                                name='fk_directory_mapping_administration_id'),
        sa.ForeignKeyConstraint(['network_id'], ['network.id'],
                                name='fk_directory_mapping_network_id'),
        sa.PrimaryKeyConstraint('id', name='pk_directory_mapping'),
    )
    with op.batch_alter_table('directory_mapping', schema=None) as batch_op:
        batch_op.create_index('ix_directory_mapping_claim_value', ['claim_value'], unique=False)
        batch_op.create_index(
            'ix_directory_mapping_administration_id', ['administration_id'], unique=False
        )
        batch_op.create_index('ix_directory_mapping_network_id', ['network_id'], unique=False)

    op.create_table(
        'unmapped_claim_value',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('value', sa.String(length=200), nullable=False),
        sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name='pk_unmapped_claim_value'),
        sa.UniqueConstraint('value', name='uq_unmapped_claim_value_value'),
    )
    with op.batch_alter_table('unmapped_claim_value', schema=None) as batch_op:
        batch_op.create_index(
            'ix_unmapped_claim_value_last_seen_at', ['last_seen_at'], unique=False
        )


def downgrade():
    with op.batch_alter_table('unmapped_claim_value', schema=None) as batch_op:
        batch_op.drop_index('ix_unmapped_claim_value_last_seen_at')
    op.drop_table('unmapped_claim_value')

    with op.batch_alter_table('directory_mapping', schema=None) as batch_op:
        batch_op.drop_index('ix_directory_mapping_network_id')
        batch_op.drop_index('ix_directory_mapping_administration_id')
        batch_op.drop_index('ix_directory_mapping_claim_value')
    op.drop_table('directory_mapping')

    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.drop_constraint('uq_app_user_directory_identity', type_='unique')
        batch_op.drop_column('directory_subject')
        batch_op.drop_column('directory_issuer')
