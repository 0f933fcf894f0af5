"""The kind of a disclosure (预算 or 决算) as a constrained column: a unit's budget and final
accounts of one year are two disclosures, never versions of each other, and the comparison of a
决算's 预算数 with the published budget looks the counterpart up by it.

Revision ID: 0003_kind
Revises: 0002
Create Date: 2026-11-29 08:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_kind"
down_revision = "0002"
branch_labels = None
depends_on = None

KINDS = "kind IN ('决算', '预算')"


def upgrade() -> None:
    # Documents stored before kind was decided from the document's own words were all 决算.
    op.execute(sa.text("UPDATE documents SET kind = '决算' WHERE kind IS NULL OR kind = ''"))
    with op.batch_alter_table("documents") as batch:  # batch: SQLite cannot add a constraint
        batch.alter_column(
            "kind", existing_type=sa.String(10), existing_nullable=False, server_default="决算"
        )
        batch.create_check_constraint("ck_documents_kind", KINDS)


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_constraint("ck_documents_kind", type_="check")
        batch.alter_column(
            "kind", existing_type=sa.String(10), existing_nullable=False, server_default=None
        )
