"""console: an account signed in through a province identity provider remembers that provider's identity

Revision ID: console_0003
Revises: console_0002
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "console_0003"
down_revision = "console_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("accounts") as batch:
        batch.add_column(sa.Column("external_subject", sa.String(length=400), nullable=True))
        batch.create_unique_constraint("uq_accounts_external_subject", ["external_subject"])


def downgrade() -> None:
    with op.batch_alter_table("accounts") as batch:
        batch.drop_constraint("uq_accounts_external_subject", type_="unique")
        batch.drop_column("external_subject")
