"""intake: initial schema — cases, history, links, visits, petitions, encrypted citizens, audit, timers, roster copy

Revision ID: intake_0001
Revises:
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

import tiepdan.kit.db

revision = "intake_0001"
down_revision = None
branch_labels = ("intake",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "calendars",
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("updated_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("unit", name=op.f("pk_calendars")),
    )
    op.create_table(
        "cases",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("field", sa.String(length=30), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("subject_key", sa.String(length=300), nullable=False),
        sa.Column("area", sa.String(length=200), nullable=False),
        sa.Column("party_related", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.Column("last_action", sa.String(length=20), nullable=True),
        sa.Column("complaint_round", sa.Integer(), nullable=False),
        sa.Column("complex", sa.Boolean(), nullable=False),
        sa.Column("several_places", sa.Boolean(), nullable=False),
        sa.Column("competent", sa.Boolean(), nullable=True),
        sa.Column("processable", sa.Boolean(), nullable=False),
        sa.Column("eligible", sa.Boolean(), nullable=False),
        sa.Column("extensions", sa.Integer(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("accepted_on", sa.Date(), nullable=True),
        sa.Column("suspended_on", sa.Date(), nullable=True),
        sa.Column("to_agency", sa.String(length=300), nullable=True),
        sa.Column("decision_no", sa.String(length=100), nullable=True),
        sa.Column("refusal_code", sa.String(length=40), nullable=True),
        sa.Column("refusal_notice_no", sa.String(length=100), nullable=True),
        sa.Column("deadlines", sa.JSON(), nullable=False),
        sa.Column("next_due", sa.Date(), nullable=True),
        sa.Column("visit_count", sa.Integer(), nullable=False),
        sa.Column("petition_count", sa.Integer(), nullable=False),
        sa.Column("first_visit_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("opened_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_cases")),
        sa.UniqueConstraint("id", name=op.f("uq_cases_id")),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index("ix_cases_link", ["unit", "field", "subject_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_cases_next_due"), ["next_due"], unique=False)
        batch_op.create_index(batch_op.f("ix_cases_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_cases_unit"), ["unit"], unique=False)

    op.create_table(
        "deadline_notices",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("deadline", sa.String(length=30), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("notice", sa.String(length=20), nullable=False),
        sa.Column("emitted_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("case_id", "deadline", "due_on", "notice", name=op.f("pk_deadline_notices")),
    )
    with op.batch_alter_table("deadline_notices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_deadline_notices_unit"), ["unit"], unique=False)

    op.create_table(
        "duty",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("roster_id", sa.String(length=64), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("shift", sa.String(length=30), nullable=False),
        sa.Column("starts", sa.String(length=5), nullable=False),
        sa.Column("ends", sa.String(length=5), nullable=False),
        sa.Column("staff_id", sa.String(length=64), nullable=False),
        sa.Column("staff_name", sa.String(length=200), nullable=False),
        sa.Column("duty", sa.String(length=30), nullable=False),
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_duty")),
    )
    with op.batch_alter_table("duty", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_duty_day"), ["day"], unique=False)
        batch_op.create_index(batch_op.f("ix_duty_unit"), ["unit"], unique=False)

    op.create_table(
        "identity_reads",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("actor_name", sa.String(length=200), nullable=False),
        sa.Column("roles", sa.JSON(), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("purpose", sa.String(length=40), nullable=False),
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_identity_reads")),
    )
    with op.batch_alter_table("identity_reads", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_identity_reads_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_identity_reads_unit"), ["unit"], unique=False)

    op.create_table(
        "register_closures",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("closed_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("stale", sa.Boolean(), nullable=False),
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_register_closures")),
    )
    with op.batch_alter_table("register_closures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_register_closures_unit"), ["unit"], unique=False)
        batch_op.create_index("uq_register_closures_unit_day", ["unit", "day"], unique=True)

    op.create_table(
        "case_history",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("actor_name", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=True),
        sa.Column("to_status", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_history_case_id_cases")),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_case_history")),
    )
    with op.batch_alter_table("case_history", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_history_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_history_unit"), ["unit"], unique=False)

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

    op.create_table(
        "petitions",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("sender_agency", sa.String(length=300), nullable=True),
        sa.Column("signers", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("field", sa.String(length=30), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("area", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("party_related", sa.Boolean(), nullable=False),
        sa.Column("repeat", sa.Boolean(), nullable=False),
        sa.Column("eligible", sa.Boolean(), nullable=False),
        sa.Column("processable", sa.Boolean(), nullable=False),
        sa.Column("ineligible_reasons", sa.JSON(), nullable=False),
        sa.Column("process_by", sa.JSON(), nullable=False),
        sa.Column("paper_file_ref", sa.String(length=100), nullable=True),
        sa.Column("identity_stored", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("created_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_petitions_case_id_cases")),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_petitions")),
        sa.UniqueConstraint("id", name=op.f("uq_petitions_id")),
    )
    with op.batch_alter_table("petitions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_petitions_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_petitions_received_on"), ["received_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_petitions_unit"), ["unit"], unique=False)

    op.create_table(
        "visits",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("received_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("reception", sa.String(length=20), nullable=False),
        sa.Column("host_name", sa.String(length=200), nullable=True),
        sa.Column("host_staff_id", sa.String(length=64), nullable=True),
        sa.Column("headcount", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("field", sa.String(length=30), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("area", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("party_related", sa.Boolean(), nullable=False),
        sa.Column("is_group", sa.Boolean(), nullable=False),
        sa.Column("repeat", sa.Boolean(), nullable=False),
        sa.Column("reply_due", sa.JSON(), nullable=True),
        sa.Column("handled_by", sa.String(length=300), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("refusal_code", sa.String(length=40), nullable=True),
        sa.Column("refusal_notice_no", sa.String(length=100), nullable=True),
        sa.Column("paper_file_ref", sa.String(length=100), nullable=True),
        sa.Column("identity_stored", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("created_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_visits_case_id_cases")),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_visits")),
        sa.UniqueConstraint("id", name=op.f("uq_visits_id")),
    )
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_visits_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_visits_received_on"), ["received_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_visits_unit"), ["unit"], unique=False)

    op.create_table(
        "citizens",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("visit_id", sa.String(length=36), nullable=True),
        sa.Column("petition_id", sa.String(length=36), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("full_name_enc", sa.Text(), nullable=False),
        sa.Column("id_number_enc", sa.Text(), nullable=True),
        sa.Column("id_type", sa.String(length=20), nullable=True),
        sa.Column("phone_enc", sa.Text(), nullable=True),
        sa.Column("address_enc", sa.Text(), nullable=True),
        sa.Column("representative", sa.Boolean(), nullable=False),
        sa.Column("id_digest", sa.String(length=64), nullable=True),
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["petition_id"], ["petitions.id"], name=op.f("fk_citizens_petition_id_petitions")),
        sa.ForeignKeyConstraint(["visit_id"], ["visits.id"], name=op.f("fk_citizens_visit_id_visits")),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_citizens")),
    )
    with op.batch_alter_table("citizens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_citizens_petition_id"), ["petition_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_citizens_unit"), ["unit"], unique=False)
        batch_op.create_index(batch_op.f("ix_citizens_visit_id"), ["visit_id"], unique=False)

    if op.get_bind().dialect.name == "postgresql":
        # The case history is append-only (who, when, what, why): refuse UPDATE and DELETE in the database too.
        op.execute(
            """
            CREATE FUNCTION intake_history_append_only() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION 'case_history is append-only'; END; $$ LANGUAGE plpgsql;
            CREATE TRIGGER case_history_append_only BEFORE UPDATE OR DELETE ON case_history
            FOR EACH ROW EXECUTE FUNCTION intake_history_append_only();
            """
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS case_history_append_only ON case_history")
        op.execute("DROP FUNCTION IF EXISTS intake_history_append_only()")
    with op.batch_alter_table("citizens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_citizens_visit_id"))
        batch_op.drop_index(batch_op.f("ix_citizens_unit"))
        batch_op.drop_index(batch_op.f("ix_citizens_petition_id"))

    op.drop_table("citizens")
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visits_unit"))
        batch_op.drop_index(batch_op.f("ix_visits_received_on"))
        batch_op.drop_index(batch_op.f("ix_visits_case_id"))

    op.drop_table("visits")
    with op.batch_alter_table("petitions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_petitions_unit"))
        batch_op.drop_index(batch_op.f("ix_petitions_received_on"))
        batch_op.drop_index(batch_op.f("ix_petitions_case_id"))

    op.drop_table("petitions")
    with op.batch_alter_table("case_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_links_unit"))
        batch_op.drop_index(batch_op.f("ix_case_links_id_digest"))
        batch_op.drop_index(batch_op.f("ix_case_links_case_id"))

    op.drop_table("case_links")
    with op.batch_alter_table("case_history", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_history_unit"))
        batch_op.drop_index(batch_op.f("ix_case_history_case_id"))

    op.drop_table("case_history")
    with op.batch_alter_table("register_closures", schema=None) as batch_op:
        batch_op.drop_index("uq_register_closures_unit_day")
        batch_op.drop_index(batch_op.f("ix_register_closures_unit"))

    op.drop_table("register_closures")
    with op.batch_alter_table("identity_reads", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_identity_reads_unit"))
        batch_op.drop_index(batch_op.f("ix_identity_reads_case_id"))

    op.drop_table("identity_reads")
    with op.batch_alter_table("duty", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_duty_unit"))
        batch_op.drop_index(batch_op.f("ix_duty_day"))

    op.drop_table("duty")
    with op.batch_alter_table("deadline_notices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deadline_notices_unit"))

    op.drop_table("deadline_notices")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cases_unit"))
        batch_op.drop_index(batch_op.f("ix_cases_status"))
        batch_op.drop_index(batch_op.f("ix_cases_next_due"))
        batch_op.drop_index("ix_cases_link")

    op.drop_table("cases")
    op.drop_table("calendars")
