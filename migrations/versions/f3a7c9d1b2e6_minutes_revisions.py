"""minutes revisions

Published minutes are kept as revisions: revision 1 when they are first published, one
more for each correction, each a frozen copy of what was published. Minutes published
before this get their revision 1 here, from what they hold now.

Revision ID: f3a7c9d1b2e6
Revises: f3a7c9e1b5d2
Create Date: 2026-12-03 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f3a7c9d1b2e6'
down_revision = 'f3a7c9e1b5d2'
branch_labels = None
depends_on = None

meeting = sa.table(
    'meeting',
    sa.column('id', sa.Integer),
    sa.column('status', sa.String),
    sa.column('minutes_published_at', sa.DateTime(timezone=True)),
    sa.column('updated_at', sa.DateTime(timezone=True)),
)
agenda_item = sa.table(
    'agenda_item',
    sa.column('id', sa.Integer),
    sa.column('meeting_id', sa.Integer),
    sa.column('position', sa.Integer),
    sa.column('title', sa.String),
    sa.column('kind', sa.String),
    sa.column('presenter', sa.String),
    sa.column('issue_id', sa.Integer),
    sa.column('notes', sa.Text),
    sa.column('outcome', sa.String),
)
issue = sa.table(
    'issue',
    sa.column('id', sa.Integer),
    sa.column('reference', sa.String),
    sa.column('administration_id', sa.Integer),
)
administration = sa.table(
    'administration', sa.column('id', sa.Integer), sa.column('name', sa.String)
)
action_item = sa.table(
    'action_item',
    sa.column('id', sa.Integer),
    sa.column('agenda_item_id', sa.Integer),
    sa.column('what', sa.Text),
    sa.column('responsible_administration_id', sa.Integer),
    sa.column('responsible_name', sa.String),
    sa.column('due_date', sa.Date),
)
event = sa.table(
    'event',
    sa.column('id', sa.Integer),
    sa.column('meeting_id', sa.Integer),
    sa.column('actor_id', sa.Integer),
    sa.column('action', sa.String),
    sa.column('to_value', sa.String),
)


def upgrade():
    revisions = op.create_table(
        'minutes_revision',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('meeting_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('published_by_id', sa.Integer(), nullable=True),
        sa.Column('reason', sa.Text(), server_default='', nullable=False),
        sa.Column('content', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id']),
        sa.ForeignKeyConstraint(['published_by_id'], ['app_user.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('meeting_id', 'number', name='uq_minutes_revision_number'),
    )
    rows = [_first_revision(op.get_bind(), *published) for published in _published()]
    if rows:
        op.bulk_insert(revisions, rows)


def downgrade():
    op.drop_table('minutes_revision')


def _published():
    return op.get_bind().execute(
        sa.select(meeting.c.id, meeting.c.minutes_published_at, meeting.c.updated_at)
        .where(meeting.c.status == 'minutes_published')
        .order_by(meeting.c.id)
    ).all()


def _first_revision(connection, meeting_id, published_at, updated_at):
    """Revision 1 of minutes published before revisions were kept: what they hold now,
    published when and by whom the meeting's Event says."""
    names = dict(connection.execute(sa.select(administration.c.id, administration.c.name)).all())
    items = connection.execute(
        sa.select(
            agenda_item.c.id, agenda_item.c.title, agenda_item.c.kind, agenda_item.c.presenter,
            agenda_item.c.notes, agenda_item.c.outcome, issue.c.reference,
            issue.c.administration_id,
        )
        .select_from(agenda_item.outerjoin(issue, issue.c.id == agenda_item.c.issue_id))
        .where(agenda_item.c.meeting_id == meeting_id)
        .order_by(agenda_item.c.position, agenda_item.c.id)
    ).all()
    actions = {}
    for row in connection.execute(
        sa.select(action_item)
        .where(action_item.c.agenda_item_id.in_([item.id for item in items] or [0]))
        .order_by(action_item.c.id)
    ):
        actions.setdefault(row.agenda_item_id, []).append({
            'what': row.what,
            'administration': names.get(row.responsible_administration_id),
            'person': row.responsible_name or '',
            'due_date': _day(row.due_date),
        })
    publisher = connection.execute(
        sa.select(event.c.actor_id)
        .where(
            event.c.meeting_id == meeting_id,
            event.c.action == 'status',
            event.c.to_value == 'minutes_published',
        )
        .order_by(event.c.id.desc())
        .limit(1)
    ).scalar()
    return {
        'meeting_id': meeting_id,
        'number': 1,
        'published_at': published_at or updated_at,
        'published_by_id': publisher,
        'reason': '',
        'content': {'items': [{
            'item_id': item.id,
            'title': item.title,
            'kind': item.kind,
            'reference': item.reference,
            'administration': names.get(item.administration_id),
            'presenter': item.presenter or '',
            'notes': item.notes or '',
            'outcome': item.outcome,
            'actions': actions.get(item.id, []),
        } for item in items]},
    }


def _day(value):
    # SQLite hands a date back as text.
    return value if isinstance(value, str) else value.isoformat()
