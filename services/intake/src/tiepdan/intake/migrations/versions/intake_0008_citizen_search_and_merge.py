"""intake: the citizen search index (keyed digests of name tokens, ID and phone numbers) and merged cases

Rows stored before this revision (and any row written without the column) are `search_indexed = false`: their identity is encrypted, so the worker
(which holds the keys) indexes them in batches after the upgrade (service.search_index).

Revision ID: intake_0008
Revises: intake_0007
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "intake_0008"
down_revision = "intake_0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "citizen_search",
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_citizen_search")),
    )
    with op.batch_alter_table("citizen_search") as batch_op:
        batch_op.create_index(batch_op.f("ix_citizen_search_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_citizen_search_record_id"), ["record_id"], unique=False)
        batch_op.create_index("ix_citizen_search_unit_digest", ["unit", "digest"], unique=False)
    with op.batch_alter_table("citizens") as batch_op:
        batch_op.add_column(sa.Column("search_indexed", sa.Boolean(), nullable=False, server_default="0"))
    with op.batch_alter_table("cases") as batch_op:
        batch_op.add_column(sa.Column("merged_into", sa.String(length=36), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch_op:
        batch_op.drop_column("merged_into")
    with op.batch_alter_table("citizens") as batch_op:
        batch_op.drop_column("search_indexed")
    op.drop_table("citizen_search")
