"""wizard_drafts.version: compare-and-swap saves, so concurrent tabs lose no edit.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    # Existing drafts start at version 1, as new ones do.
    with op.batch_alter_table("wizard_drafts") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False,
                                   server_default="1"))


def downgrade() -> None:
    with op.batch_alter_table("wizard_drafts") as batch:
        batch.drop_column("version")
