"""tracked_requests.source: the wizard letter a request was tracked from, unique per
account, so tracking the same letter twice finds the first request.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None


# No batch mode here: on SQLite it copies the table and drops the old one, and with
# foreign keys on, dropping tracked_requests would cascade-delete every request's events
# and letters. A new nullable column and a unique index need no copy on either engine.
def upgrade() -> None:
    # Existing requests keep NULL: NULLs never collide in a unique index.
    op.add_column("tracked_requests", sa.Column("source", sa.String(length=64), nullable=True))
    op.create_index("uq_tracked_requests_owner_source", "tracked_requests",
                    ["owner_id", "source"], unique=True)


def downgrade() -> None:
    op.drop_index("uq_tracked_requests_owner_source", table_name="tracked_requests")
    # SQLite 3.35+ drops a column in place (ALTER TABLE ... DROP COLUMN): no table copy.
    op.drop_column("tracked_requests", "source")
