"""Tables of the web app: accounts, uploads (the files themselves, by content hash) and review
decisions. Created by migration 0004_web; the web package reads and writes them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from juesuan.store.models import Base

ROLES = ("admin", "reviewer", "viewer")
UPLOAD_STATUSES = ("queued", "processing", "checked", "failed")
#: errors: undecided error findings; to_review: undecided warnings; reviewed: every error and
#: warning has a decision; clean: nothing to decide.
REVIEW_STATES = ("errors", "to_review", "reviewed", "clean")
DECISIONS = ("confirmed", "dismissed")


class WebUser(Base):
    __tablename__ = "web_users"
    __table_args__ = (UniqueConstraint("name", name="uq_web_users_name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(10))
    password_hash: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class UploadBlob(Base):
    """An uploaded file's bytes, addressed by their SHA-256 (never by the client's path)."""

    __tablename__ = "upload_blobs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Upload(Base):
    """One file given to the web app (or a document stored by the CLI, adopted into the ledger)."""

    __tablename__ = "uploads"
    __table_args__ = (
        UniqueConstraint("sha256", name="uq_uploads_sha256"),
        Index("ix_uploads_review", "review"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(Text, default="")  # shown only, never used as a path
    size: Mapped[int] = mapped_column(Integer, default=0)
    format: Mapped[str | None] = mapped_column(String(20))  # by content
    status: Mapped[str] = mapped_column(String(12), index=True)  # UPLOAD_STATUSES
    reason: Mapped[str | None] = mapped_column(Text)  # why it failed
    batch: Mapped[str | None] = mapped_column(String(40), index=True)
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL"), index=True
    )
    review: Mapped[str | None] = mapped_column(String(12))  # REVIEW_STATES
    decided: Mapped[int] = mapped_column(Integer, default=0)
    report: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # as `check --format json`
    boxes: Mapped[dict[str, Any] | None] = mapped_column(
        JSON
    )  # cell key → [page, x0, top, x1, bottom]
    uploaded_by: Mapped[str] = mapped_column(String(100), default="")
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Decision(Base):
    """A reviewer's decision on a finding. Matched to findings by disclosure (unit, year, kind)
    and cell (rule, table, section, row_key, column), so it survives a new version."""

    __tablename__ = "review_decisions"
    __table_args__ = (Index("ix_review_decisions_disclosure", "unit_name", "year", "kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    upload_id: Mapped[int | None] = mapped_column(ForeignKey("uploads.id", ondelete="SET NULL"))
    unit_name: Mapped[str] = mapped_column(Text, default="")
    year: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10), default="")
    sha256: Mapped[str] = mapped_column(String(64), default="")  # when unit/year are unknown
    rule: Mapped[str] = mapped_column(String(100))
    table: Mapped[str] = mapped_column(String(10), default="")
    section: Mapped[str] = mapped_column(String(10), default="")
    row_key: Mapped[str] = mapped_column(Text, default="")
    column: Mapped[str] = mapped_column(Text, default="")
    decision: Mapped[str] = mapped_column(String(10))  # DECISIONS
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str] = mapped_column(String(100))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
