"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-25 01:32:48.838839
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("command", sa.String(length=200), nullable=False),
        sa.Column("juesuan_version", sa.String(length=40), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_runs")),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("file_name", sa.String(length=500), nullable=False),
        sa.Column("format", sa.String(length=20), nullable=False),
        sa.Column("unit_name", sa.String(length=500), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("scope", sa.String(length=10), nullable=True),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("money_unit", sa.String(length=10), nullable=True),
        sa.Column("partial", sa.Boolean(), nullable=False),
        sa.Column("missing", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("supersedes_id", sa.Integer(), nullable=True),
        sa.Column("is_latest", sa.Boolean(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("errors", sa.Integer(), nullable=False),
        sa.Column("warnings", sa.Integer(), nullable=False),
        sa.Column("infos", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], name=op.f("fk_documents_run_id_runs")),
        sa.ForeignKeyConstraint(
            ["supersedes_id"], ["documents.id"], name=op.f("fk_documents_supersedes_id_documents")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("sha256", name="uq_documents_sha256"),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index(
            "ix_documents_disclosure", ["unit_name", "year", "scope", "kind"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_documents_is_latest"), ["is_latest"], unique=False)

    op.create_table(
        "failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], name=op.f("fk_failures_run_id_runs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_failures")),
    )
    op.create_table(
        "facts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("table", sa.String(length=10), nullable=False),
        sa.Column("section", sa.String(length=10), nullable=False),
        sa.Column("row_key", sa.String(length=200), nullable=False),
        sa.Column("column", sa.String(length=100), nullable=False),
        sa.Column("value", sa.String(length=40), nullable=False),
        sa.Column("amount", sa.Numeric(precision=24, scale=6), nullable=False),
        sa.Column("unit", sa.String(length=10), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_facts_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_facts")),
    )
    with op.batch_alter_table("facts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_facts_document_position", ["document_id", "position"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_facts_table"), ["table"], unique=False)

    op.create_table(
        "findings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("origin", sa.String(length=10), nullable=False),
        sa.Column("rule", sa.String(length=100), nullable=False),
        sa.Column("severity", sa.String(length=10), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("table", sa.String(length=10), nullable=False),
        sa.Column("section", sa.String(length=10), nullable=False),
        sa.Column("row_key", sa.String(length=200), nullable=False),
        sa.Column("column", sa.String(length=100), nullable=False),
        sa.Column("expected", sa.String(length=40), nullable=True),
        sa.Column("actual", sa.String(length=40), nullable=True),
        sa.Column("difference", sa.String(length=40), nullable=True),
        sa.Column("tolerance", sa.String(length=40), nullable=True),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("cells", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_findings_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_findings")),
    )
    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_findings_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_findings_rule"), ["rule"], unique=False)
        batch_op.create_index(batch_op.f("ix_findings_severity"), ["severity"], unique=False)

    op.create_table(
        "narrative_sections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_narrative_sections_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_narrative_sections")),
    )
    with op.batch_alter_table("narrative_sections", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_narrative_sections_document_id"), ["document_id"], unique=False
        )

    op.create_table(
        "performance_forms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_performance_forms_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_performance_forms")),
    )
    with op.batch_alter_table("performance_forms", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_performance_forms_document_id"), ["document_id"], unique=False
        )

    op.create_table(
        "rule_outcomes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("rule", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_rule_outcomes_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rule_outcomes")),
    )
    with op.batch_alter_table("rule_outcomes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rule_outcomes_document_id"), ["document_id"], unique=False
        )

    op.create_table(
        "tables",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("table_id", sa.String(length=10), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("unit", sa.String(length=10), nullable=True),
        sa.Column("columns", sa.JSON(), nullable=False),
        sa.Column("declared_empty", sa.Boolean(), nullable=False),
        sa.Column("empty_statement", sa.Text(), nullable=True),
        sa.Column("notes", sa.JSON(), nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("rows", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_tables_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tables")),
    )
    with op.batch_alter_table("tables", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tables_document_id"), ["document_id"], unique=False)

    op.create_table(
        "indicators",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("form_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("level1", sa.Text(), nullable=False),
        sa.Column("level2", sa.Text(), nullable=False),
        sa.Column("level3", sa.Text(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["form_id"],
            ["performance_forms.id"],
            name=op.f("fk_indicators_form_id_performance_forms"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicators")),
    )
    with op.batch_alter_table("indicators", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_indicators_form_id"), ["form_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("indicators", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicators_form_id"))

    op.drop_table("indicators")
    with op.batch_alter_table("tables", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tables_document_id"))

    op.drop_table("tables")
    with op.batch_alter_table("rule_outcomes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rule_outcomes_document_id"))

    op.drop_table("rule_outcomes")
    with op.batch_alter_table("performance_forms", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_performance_forms_document_id"))

    op.drop_table("performance_forms")
    with op.batch_alter_table("narrative_sections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_narrative_sections_document_id"))

    op.drop_table("narrative_sections")
    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_findings_severity"))
        batch_op.drop_index(batch_op.f("ix_findings_rule"))
        batch_op.drop_index(batch_op.f("ix_findings_document_id"))

    op.drop_table("findings")
    with op.batch_alter_table("facts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_facts_table"))
        batch_op.drop_index("ix_facts_document_position")

    op.drop_table("facts")
    op.drop_table("failures")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_is_latest"))
        batch_op.drop_index("ix_documents_disclosure")

    op.drop_table("documents")
    op.drop_table("runs")
