"""thesaurus per network

Each network's thesaurus of the similar questions (its topics and the words that name
them), kept in the database so that its coordinators edit it, with the version every change
raises. The networks there are get today's topics from the code
(hallbarhet/similar/thesaurus/: the ecological ones for a network of dimension ecological,
the social ones for social), which is also what a new network starts with.

A question's topics now come from its own network's thesaurus only, so each network's
index is marked to follow it (indexed_version 0): `flask --app hallbarhet reindex-similar
--stale` derives them (the deploy timer runs it); until then the lookup works on the old
terms. A downgrade leaves the terms as they were; `reindex-similar` then derives them from
the code's thesaurus again.

Revision ID: f52c8e1a9d04
Revises: e2d4f6a8c013
Create Date: 2026-12-03 09:00:00.000000

"""
from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f52c8e1a9d04'
down_revision = 'e2d4f6a8c013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'thesaurus',
        sa.Column('network_id', sa.Integer(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('indexed_version', sa.Integer(), nullable=False),
        sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['network_id'], ['network.id'], name='fk_thesaurus_network_id_network'
        ),
        sa.PrimaryKeyConstraint('network_id', name='pk_thesaurus'),
    )
    op.create_table(
        'thesaurus_topic',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('network_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=60), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ['network_id'],
            ['thesaurus.network_id'],
            name='fk_thesaurus_topic_network_id_thesaurus',
        ),
        sa.PrimaryKeyConstraint('id', name='pk_thesaurus_topic'),
        sa.UniqueConstraint('network_id', 'name', name='uq_thesaurus_topic_network_id_name'),
    )
    op.create_index(
        'ix_thesaurus_topic_network_id', 'thesaurus_topic', ['network_id'], unique=False
    )
    op.create_table(
        'thesaurus_entry',
        sa.Column('topic_id', sa.Integer(), nullable=False),
        sa.Column('word', sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ['topic_id'],
            ['thesaurus_topic.id'],
            name='fk_thesaurus_entry_topic_id_thesaurus_topic',
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('topic_id', 'word', name='pk_thesaurus_entry'),
    )
    _load_todays_topics()


def _load_todays_topics():
    # The code's starting thesaurus, by dimension; read here, at the upgrade.
    from hallbarhet.similar.thesaurus import ecological, social

    starting = {'ecological': ecological.TOPICS, 'social': social.TOPICS}
    thesaurus = sa.table(
        'thesaurus',
        sa.column('network_id', sa.Integer),
        sa.column('version', sa.Integer),
        sa.column('indexed_version', sa.Integer),
        sa.column('changed_at', sa.DateTime(timezone=True)),
    )
    topic = sa.table(
        'thesaurus_topic',
        sa.column('id', sa.Integer),
        sa.column('network_id', sa.Integer),
        sa.column('name', sa.String),
        sa.column('version', sa.Integer),
    )
    entry = sa.table('thesaurus_entry', sa.column('topic_id', sa.Integer), sa.column('word', sa.String))
    connection = op.get_bind()
    networks = connection.execute(sa.text('SELECT id, dimension FROM network ORDER BY id')).all()
    if not networks:
        return
    now = datetime.now(UTC)
    if connection.dialect.name == 'sqlite':
        now = now.replace(tzinfo=None)  # as the app's UTCDateTime stores it there
    connection.execute(
        thesaurus.insert(),
        [
            {'network_id': network_id, 'version': 1, 'indexed_version': 0, 'changed_at': now}
            for network_id, _dimension in networks
        ],
    )
    for network_id, dimension in networks:
        for name, words in starting.get(dimension, {}).items():
            topic_id = connection.execute(
                topic.insert()
                .values(network_id=network_id, name=name, version=1)
                .returning(topic.c.id)
            ).scalar_one()
            connection.execute(
                entry.insert(),
                [{'topic_id': topic_id, 'word': word} for word in dict.fromkeys(words)],
            )


def downgrade():
    op.drop_table('thesaurus_entry')
    op.drop_index('ix_thesaurus_topic_network_id', table_name='thesaurus_topic')
    op.drop_table('thesaurus_topic')
    op.drop_table('thesaurus')
