"""The stored schema (SQLAlchemy 2). Alembic migrations in ``migrations/`` create exactly this.

Amounts are kept as the printed text (``value``, exact, e.g. ``1081.09``) so nothing is lost to a
database's number type; a numeric copy (``amount``) is there for SQL sums and comparisons.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _doc_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)


class Run(Base):
    """One invocation that stored documents (``juesuan ingest``, a batch run …)."""

    __tablename__ = "runs"
    id: Mapped[int] = mapped_column(primary_key=True)
    command: Mapped[str] = mapped_column(String(200), default="")
    juesuan_version: Mapped[str] = mapped_column(String(40), default="")
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Document(Base):
    """One stored file: what it is, whose and which year, how completely it was read, its version."""

    __tablename__ = "documents"
    __table_args__ = (
        UniqueConstraint("sha256", name="uq_documents_sha256"),
        Index("ix_documents_disclosure", "unit_name", "year", "scope", "kind"),
        CheckConstraint("kind IN ('决算', '预算')", name="ck_documents_kind"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    path: Mapped[str] = mapped_column(Text)
    file_name: Mapped[str] = mapped_column(Text)
    format: Mapped[str] = mapped_column(String(20))
    unit_name: Mapped[str | None] = mapped_column(Text)
    year: Mapped[int | None] = mapped_column(Integer)
    scope: Mapped[str | None] = mapped_column(String(10))  # 部门 or 单位
    kind: Mapped[str] = mapped_column(String(10), server_default="决算")  # 决算 or 预算
    title: Mapped[str | None] = mapped_column(Text)
    money_unit: Mapped[str | None] = mapped_column(String(10))
    partial: Mapped[bool] = mapped_column(Boolean, default=False)
    missing: Mapped[list[str]] = mapped_column(JSON, default=list)
    version: Mapped[int] = mapped_column(Integer, default=1)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    is_latest: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id"))
    stored_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    errors: Mapped[int] = mapped_column(Integer, default=0)
    warnings: Mapped[int] = mapped_column(Integer, default=0)
    infos: Mapped[int] = mapped_column(Integer, default=0)


class StoredTable(Base):
    __tablename__ = "tables"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = _doc_fk()
    position: Mapped[int] = mapped_column(Integer)
    table_id: Mapped[str] = mapped_column(String(10))  # T01 … T09, X01 …
    title: Mapped[str] = mapped_column(Text, default="")
    label: Mapped[str] = mapped_column(Text, default="")
    unit: Mapped[str | None] = mapped_column(String(10))
    columns: Mapped[list[str]] = mapped_column(JSON, default=list)
    declared_empty: Mapped[bool] = mapped_column(Boolean, default=False)
    empty_statement: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[list[str]] = mapped_column(JSON, default=list)
    complete: Mapped[bool] = mapped_column(Boolean, default=True)
    source: Mapped[str] = mapped_column(Text, default="")
    rows: Mapped[list[dict[str, Any]]] = mapped_column(
        JSON, default=list
    )  # row keys, labels, codes


class StoredFact(Base):
    """A row of ``juesuan facts``, tied to its document."""

    __tablename__ = "facts"
    __table_args__ = (Index("ix_facts_document_position", "document_id", "position"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    table: Mapped[str] = mapped_column(String(10), index=True)
    section: Mapped[str] = mapped_column(String(10), default="")
    row_key: Mapped[str] = mapped_column(Text)
    column: Mapped[str] = mapped_column(Text)
    value: Mapped[str] = mapped_column(String(40))
    amount: Mapped[Any] = mapped_column(Numeric(24, 6, asdecimal=True))
    unit: Mapped[str] = mapped_column(String(10), default="")
    source: Mapped[str] = mapped_column(Text, default="")
    path: Mapped[str] = mapped_column(Text, default="")
    label: Mapped[str] = mapped_column(Text, default="")


class StoredForm(Base):
    """A performance form; the whole form is kept as JSON while its model is still growing."""

    __tablename__ = "performance_forms"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = _doc_fk()
    number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(Text, default="")
    name: Mapped[str] = mapped_column(Text, default="")
    title: Mapped[str] = mapped_column(Text, default="")
    complete: Mapped[bool] = mapped_column(Boolean, default=True)
    source: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class StoredIndicator(Base):
    __tablename__ = "indicators"
    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[int] = mapped_column(
        ForeignKey("performance_forms.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    level1: Mapped[str] = mapped_column(Text, default="")
    level2: Mapped[str] = mapped_column(Text, default="")
    level3: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class StoredNarrative(Base):
    __tablename__ = "narrative_sections"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = _doc_fk()
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(Text, default="")


class StoredFinding(Base):
    __tablename__ = "findings"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = _doc_fk()
    position: Mapped[int] = mapped_column(Integer)
    origin: Mapped[str] = mapped_column(String(10))  # read (reader/recogniser) or check (rules)
    rule: Mapped[str] = mapped_column(String(100), index=True)
    severity: Mapped[str] = mapped_column(String(10), index=True)
    message: Mapped[str] = mapped_column(Text, default="")
    table: Mapped[str] = mapped_column(String(10), default="")
    section: Mapped[str] = mapped_column(String(10), default="")
    row_key: Mapped[str] = mapped_column(Text, default="")
    column: Mapped[str] = mapped_column(Text, default="")
    expected: Mapped[str | None] = mapped_column(String(40))
    actual: Mapped[str | None] = mapped_column(String(40))
    difference: Mapped[str | None] = mapped_column(String(40))
    tolerance: Mapped[str | None] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(Text, default="")
    quote: Mapped[str] = mapped_column(Text, default="")  # the narrative sentence, if any
    cells: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)


class StoredOutcome(Base):
    __tablename__ = "rule_outcomes"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = _doc_fk()
    rule: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(20))
    detail: Mapped[str] = mapped_column(Text, default="")


class Failure(Base):
    """An input that could not be read at all, with the one-line reason."""

    __tablename__ = "failures"
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id"))
    path: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
