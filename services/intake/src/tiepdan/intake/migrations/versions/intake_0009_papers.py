"""intake: papers (receipts, notices, transfer slips; numbered, their PDF kept), their counters, register numbers

Revision ID: intake_0009
Revises: intake_0008
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

import tiepdan.kit.db

revision = "intake_0009"
down_revision = "intake_0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "papers",
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("code", sa.String(length=16), nullable=True),
        sa.Column("issued_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("issued_by", sa.String(length=200), nullable=False),
        sa.Column("text", sa.JSON(), nullable=False),
        sa.Column("addressee_enc", sa.Text(), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("pdf", sa.LargeBinary(), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_papers")),
        sa.UniqueConstraint("id", name=op.f("uq_papers_id")),
    )
    with op.batch_alter_table("papers") as batch_op:
        batch_op.create_index(batch_op.f("ix_papers_case_id"), ["case_id"], unique=False)
        batch_op.create_index("uq_papers_code", ["code"], unique=True)
        batch_op.create_index("uq_papers_number", ["unit", "kind", "year", "number"], unique=True)
    op.create_table(
        "paper_counters",
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("unit", "kind", "year", name=op.f("pk_paper_counters")),
    )
    with op.batch_alter_table("visits") as batch_op:
        batch_op.add_column(sa.Column("register_year", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("register_no", sa.Integer(), nullable=True))
    _number_stored_visits()
    op.create_index("uq_visits_register_no", "visits", ["unit", "register_year", "register_no"], unique=True)


def _number_stored_visits() -> None:
    """Visits stored before this revision get their register lines in time order, per unit and year, and the
    counters go on from there."""
    connection = op.get_bind()
    visits = connection.execute(sa.text("SELECT id, unit, received_on FROM visits ORDER BY received_at, seq")).all()
    last: dict[tuple[str, int], int] = {}
    numbers = []
    for visit_id, unit, received_on in visits:
        year = int(str(received_on)[:4])
        last[unit, year] = last.get((unit, year), 0) + 1
        numbers.append({"id": visit_id, "year": year, "no": last[unit, year]})
    if numbers:
        connection.execute(
            sa.text("UPDATE visits SET register_year = :year, register_no = :no WHERE id = :id"), numbers
        )
        connection.execute(
            sa.text("INSERT INTO paper_counters (unit, kind, year, last) VALUES (:unit, 'register', :year, :last)"),
            [{"unit": unit, "year": year, "last": count} for (unit, year), count in last.items()],
        )


def downgrade() -> None:
    op.drop_index("uq_visits_register_no", table_name="visits")
    with op.batch_alter_table("visits") as batch_op:
        batch_op.drop_column("register_no")
        batch_op.drop_column("register_year")
    op.drop_table("paper_counters")
    op.drop_table("papers")
