"""skills: the skills card, observations, bingo marks, development goals and their actions

Revision ID: 0020
Revises: 0018
Create Date: 2026-12-02

The Skills part of REKS, and the team setting that lets the channel see development.
"""
from alembic import op
import sqlalchemy as sa


revision = '0020'
down_revision = '0018'
branch_labels = None
depends_on = None


def _person(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.Integer(), nullable=nullable)


def upgrade() -> None:
    op.create_table('skill',
    sa.Column('id', sa.Integer(), nullable=False),
    _person('owner_id'),
    sa.Column('team_id', sa.Integer(), nullable=True),
    _person('client_id', nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('topic', sa.String(length=40), nullable=True),
    sa.Column('lesson_number', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['person.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['client_id'], ['person.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('skill', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_skill_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_skill_team_id'), ['team_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_skill_client_id'), ['client_id'], unique=False)
        batch_op.create_index('ix_skill_card', ['team_id', 'client_id', 'position'], unique=False)

    op.create_table('skill_observation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('skill_id', sa.Integer(), nullable=False),
    _person('person_id'),
    _person('observer_id', nullable=True),
    sa.Column('applied', sa.Boolean(), nullable=False),
    sa.Column('self_report', sa.Boolean(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('card_round', sa.String(length=40), nullable=True),
    sa.Column('observed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['skill_id'], ['skill.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['observer_id'], ['person.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('skill_id', 'person_id', 'card_round', name='uq_skill_observation_round'),
    )
    with op.batch_alter_table('skill_observation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_skill_observation_skill_id'), ['skill_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_skill_observation_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_skill_observation_observer_id'), ['observer_id'], unique=False)
        batch_op.create_index('ix_skill_observation_person_at', ['person_id', 'observed_at'], unique=False)

    op.create_table('skill_bingo',
    sa.Column('id', sa.Integer(), nullable=False),
    _person('person_id'),
    sa.Column('line', sa.String(length=80), nullable=False),
    sa.Column('label', sa.String(length=40), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('person_id', 'line', name='uq_skill_bingo_line'),
    )
    with op.batch_alter_table('skill_bingo', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_skill_bingo_person_id'), ['person_id'], unique=False)

    op.create_table('development_goal',
    sa.Column('id', sa.Integer(), nullable=False),
    _person('person_id'),
    sa.Column('text', sa.String(length=300), nullable=False),
    sa.Column('by', sa.DateTime(timezone=True), nullable=True),
    sa.Column('grow', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('person_id', name='uq_development_goal_person'),
    )
    with op.batch_alter_table('development_goal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_development_goal_person_id'), ['person_id'], unique=False)

    op.create_table('goal_action',
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=False),
    _person('person_id'),
    sa.ForeignKeyConstraint(['action_id'], ['action.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['goal_id'], ['development_goal.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('action_id'),
    )
    with op.batch_alter_table('goal_action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_goal_action_goal_id'), ['goal_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_goal_action_person_id'), ['person_id'], unique=False)

    with op.batch_alter_table('team', schema=None) as batch_op:
        batch_op.add_column(sa.Column('share_development', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('team', schema=None) as batch_op:
        batch_op.drop_column('share_development')
    op.drop_table('goal_action')
    op.drop_table('development_goal')
    op.drop_table('skill_bingo')
    op.drop_table('skill_observation')
    op.drop_table('skill')
