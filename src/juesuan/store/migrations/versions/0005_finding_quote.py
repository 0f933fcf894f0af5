"""A finding keeps the narrative sentence it is about (``quote``), as the JSON report does.

Revision ID: 0005_finding_quote
Revises: 0004_web
Create Date: 2026-11-29 11:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_finding_quote"
down_revision = "0004_web"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("findings") as batch:
        batch.add_column(sa.Column("quote", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("findings") as batch:
        batch.drop_column("quote")
