"""wizard_drafts: the wizard's answers between visits (issue 4, "Nothing is lost").

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "wizard_drafts",
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("step", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("token", name="pk_wizard_drafts"),
    )
    # purge_expired() deletes by expiry.
    op.create_index("ix_wizard_drafts_expires_at", "wizard_drafts", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_wizard_drafts_expires_at", table_name="wizard_drafts")
    op.drop_table("wizard_drafts")
