"""console: news items for the ward's public page (clerk writes, leader approves, publishes, unpublishes)

Revision ID: console_0002
Revises: console_0001
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

import tiepdan.kit.db

revision = "console_0002"
down_revision = "console_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "news_items",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("approved_by", sa.String(length=64), nullable=True),
        sa.Column("published_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_news_items")),
    )
    with op.batch_alter_table("news_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_news_items_unit"), ["unit"], unique=False)
        batch_op.create_index(batch_op.f("ix_news_items_published_at"), ["published_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("news_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_news_items_published_at"))
        batch_op.drop_index(batch_op.f("ix_news_items_unit"))
    op.drop_table("news_items")
