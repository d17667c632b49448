"""intake: the repeat-visit index moves onto citizens (case_id + id_digest); case_links goes

One INSERT fewer on every registration: a citizen row already carries the keyed ID digest.

Revision ID: intake_0002
Revises: intake_0001
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "intake_0002"
down_revision = "intake_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("citizens", schema=None) as batch_op:
        batch_op.add_column(sa.Column("case_id", sa.String(length=36), nullable=True))
        batch_op.create_index(batch_op.f("ix_citizens_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_citizens_id_digest"), ["id_digest"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_citizens_case_id_cases"), "cases", ["case_id"], ["id"])
    op.execute(
        "UPDATE citizens SET case_id = COALESCE("
        "(SELECT visits.case_id FROM visits WHERE visits.id = citizens.visit_id),"
        "(SELECT petitions.case_id FROM petitions WHERE petitions.id = citizens.petition_id))"
    )
    with op.batch_alter_table("case_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_links_unit"))
        batch_op.drop_index(batch_op.f("ix_case_links_id_digest"))
        batch_op.drop_index(batch_op.f("ix_case_links_case_id"))
    op.drop_table("case_links")


def downgrade() -> None:
    op.create_table(
        "case_links",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("id_digest", sa.String(length=64), nullable=False),
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_links_case_id_cases")),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_case_links")),
    )
    with op.batch_alter_table("case_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_links_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_links_id_digest"), ["id_digest"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_links_unit"), ["unit"], unique=False)
    op.execute(
        "INSERT INTO case_links (case_id, id_digest, unit) SELECT DISTINCT case_id, id_digest, unit FROM citizens"
        " WHERE case_id IS NOT NULL AND id_digest IS NOT NULL"
    )
    with op.batch_alter_table("citizens", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_citizens_case_id_cases"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_citizens_id_digest"))
        batch_op.drop_index(batch_op.f("ix_citizens_case_id"))
        batch_op.drop_column("case_id")
