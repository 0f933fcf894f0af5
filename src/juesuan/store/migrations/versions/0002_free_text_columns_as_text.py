"""Free-text columns as TEXT: PostgreSQL enforces VARCHAR lengths, and labels, row keys and
sources read from documents have no natural bound.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 01:49:38
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

#: table → (column, former VARCHAR length)
WIDENED = {
    "documents": (("file_name", 500), ("unit_name", 500)),
    "facts": (("row_key", 200), ("column", 100), ("source", 200)),
    "findings": (("row_key", 200), ("column", 100), ("source", 200)),
    "narrative_sections": (("source", 200),),
    "performance_forms": (("kind", 20), ("source", 200)),
    "tables": (("label", 100), ("source", 200)),
}


def upgrade() -> None:
    for table, columns in WIDENED.items():
        with op.batch_alter_table(table) as batch:  # batch: SQLite cannot ALTER a column's type
            for name, length in columns:
                batch.alter_column(name, existing_type=sa.String(length), type_=sa.Text())


def downgrade() -> None:
    for table, columns in WIDENED.items():
        with op.batch_alter_table(table) as batch:
            for name, length in columns:
                batch.alter_column(name, existing_type=sa.Text(), type_=sa.String(length))
