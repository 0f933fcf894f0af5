"""The Store: documents saved with their history, one transaction each, queried back as dicts."""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import (
    Connection,
    CursorResult,
    Engine,
    create_engine,
    event,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, SQLAlchemyError

from juesuan import __version__
from juesuan.model.disclosure import Disclosure
from juesuan.model.findings import FINDING_COLUMNS, Finding
from juesuan.model.tables import Fact
from juesuan.report.model import Report
from juesuan.store.compare import compare_stored, store_comparison
from juesuan.store.models import (
    Document,
    Failure,
    Run,
    StoredFact,
    StoredFinding,
    StoredForm,
    StoredIndicator,
    StoredNarrative,
    StoredOutcome,
    StoredTable,
)
from juesuan.store.previous import last_year_findings, store_last_year
from juesuan.store.rows import DocumentRows, disclosure_to_rows

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

#: The columns of ``juesuan facts``, then where the fact belongs (interface.md, ``juesuan export``).
FACT_EXPORT_COLUMNS = (*Fact.FIELDS, "unit_name", "year", "document")

FINDING_EXPORT_COLUMNS = ("document", "path", "unit_name", "year", "origin", *FINDING_COLUMNS)


class StoreError(Exception):
    """The database cannot be opened or used; the message says why in a line."""


@dataclass(frozen=True, slots=True)
class SaveResult:
    status: str  # stored, skipped or new_version
    document_id: int
    version: int = 1
    partial: bool = False


def default_url() -> str:
    """``$JUESUAN_DB``, else a SQLite file in the user's data directory."""
    if os.environ.get("JUESUAN_DB"):
        return os.environ["JUESUAN_DB"]
    directory = Path(platformdirs.user_data_dir("juesuan", appauthor=False))
    return f"sqlite:///{directory / 'juesuan.db'}"


SUPPORTED_DATABASES = "只支持 SQLite（sqlite:///文件.db）和 PostgreSQL（postgresql://用户@主机/库）"


def url_to_engine(url: str, must_exist: bool = False) -> Engine:
    """A database URL as users write it → engine (postgresql:// uses psycopg 3).

    StoreError for what cannot work: another database system, an in-memory SQLite database
    (nothing would be kept), and, with must_exist, a SQLite file that is not there.
    """
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"数据库地址 {url} 无法识别：{SUPPORTED_DATABASES}") from exc
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        database = parsed.database
        if not database or database == ":memory:" or database.startswith("file::memory:"):
            raise StoreError(
                f"数据库 {url} 是内存数据库，程序结束即丢失：请给出文件，如 sqlite:///juesuan.db"
            )
        if must_exist and not Path(database).expanduser().is_file():
            raise StoreError(f"数据库文件 {database} 不存在（请检查 --db 的拼写）")
        return sqlite_engine(database)
    if backend not in ("postgresql", "postgres"):
        raise StoreError(f"不支持的数据库 {parsed.drivername}（{url}）：{SUPPORTED_DATABASES}")
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return create_engine(parsed, pool_pre_ping=True, json_serializer=json_text)


def json_text(value: Any) -> str:
    """JSON columns keep Chinese readable in the database."""
    return json.dumps(value, ensure_ascii=False)


def sqlite_engine(database: str | None) -> Engine:
    if database and database != ":memory:":
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(f"sqlite:///{database or ':memory:'}", json_serializer=json_text)

    @event.listens_for(engine, "connect")
    def set_pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        if database and database != ":memory:":
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    return engine


#: Key of the PostgreSQL advisory lock held while migrating (any constant shared by all runs).
MIGRATION_LOCK = 0x6A75_6573_7561_6E


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (creates it in an empty database).

    Two first runs at once must not both create the tables: the migration runs under a lock
    (an advisory lock in PostgreSQL, an exclusive lock on the file in SQLite).
    """
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    sqlite = engine.dialect.name == "sqlite"
    with migration_lock(engine), engine.connect() as connection:
        if sqlite:  # a batch migration copies tables: cascades must not empty the children
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        with connection.begin():
            if not sqlite:
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK}
                )
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()


@contextmanager
def migration_lock(engine: Engine) -> Iterator[None]:
    """An exclusive flock on the SQLite file (SQLite's own locks are POSIX locks, not flock)."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database:
        yield
        return
    handle = os.open(database, os.O_RDONLY | os.O_CREAT, 0o644)  # read-only files lock too
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # releases the lock


def open_store(
    url: str | None = None, *, command_name: str = "", must_exist: bool = False
) -> Store:
    """Open (and create or migrate) the store at url; None → the default SQLite file.

    ``must_exist`` (export): a SQLite file that is not there is an error, never a new empty one.
    """
    url = url or default_url()
    from alembic.util import CommandError

    try:
        engine = url_to_engine(url, must_exist=must_exist)
        migrate(engine)
    except (
        SQLAlchemyError,
        CommandError,
        OSError,
        ImportError,
    ) as exc:  # the driver's reason, in one line
        raise StoreError(f"无法打开数据库 {url}: {database_reason(exc)}") from exc
    return Store(engine, command_name=command_name)


def database_reason(exc: BaseException) -> str:
    reason = first_line(exc)
    if "readonly" in reason or "read-only" in reason:
        return f"数据库是只读的（文件或所在文件夹没有写权限），无法存储（{reason}）"
    if isinstance(exc, ImportError):
        return f"数据库驱动没有安装（{reason}）"
    return reason


def first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def new_id(result: CursorResult[Any]) -> int:
    key = result.inserted_primary_key
    assert key is not None  # a single-row insert always has one
    return int(key[0])


def now() -> datetime:
    return datetime.now(UTC)


class Store:
    def __init__(self, engine: Engine, *, command_name: str = "") -> None:
        self.engine = engine
        self.command_name = command_name
        self.run_id: int | None = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # --- writing -------------------------------------------------------------------------

    def save(
        self, disclosure: Disclosure | DocumentRows, report: Report | None = None
    ) -> SaveResult:
        """Store one document in one transaction; same content again is skipped."""
        if isinstance(disclosure, DocumentRows):
            return self.save_rows(disclosure)
        return self.save_rows(disclosure_to_rows(disclosure, report))

    def save_rows(self, rows: DocumentRows) -> SaveResult:
        run_id = self.ensure_run()
        try:
            with self.engine.begin() as conn:
                return rows_to_database(conn, rows, run_id)
        except IntegrityError:
            # Another writer stored the same content between our check and our insert.
            with self.engine.connect() as conn:
                found = existing_document(conn, rows.sha256)
            if found is None:
                raise
            return SaveResult("skipped", found[0], found[1], rows.document["partial"])

    def has_document(self, sha256: str) -> bool:
        """True when a document with this content hash is stored (a batch skips it unread)."""
        with self.engine.connect() as conn:
            return existing_document(conn, sha256) is not None

    def record_failure(self, path: str, reason: str) -> None:
        run_id = self.ensure_run()
        with self.engine.begin() as conn:
            conn.execute(
                insert(Failure).values(run_id=run_id, path=str(path), reason=reason, at=now())
            )

    def ensure_run(self) -> int:
        if self.run_id is None:
            with self.engine.begin() as conn:
                result = conn.execute(
                    insert(Run).values(
                        command=self.command_name, juesuan_version=__version__, started_at=now()
                    )
                )
                self.run_id = new_id(result)
        return self.run_id

    def close(self) -> None:
        if self.run_id is not None:
            with self.engine.begin() as conn:
                conn.execute(update(Run).where(Run.id == self.run_id).values(finished_at=now()))
            self.run_id = None
        self.engine.dispose()

    # --- reading -------------------------------------------------------------------------

    def documents(
        self, latest: bool = True, unit: str | None = None, year: int | None = None
    ) -> list[dict[str, Any]]:
        query = filter_documents(select(Document), latest, unit, year).order_by(
            Document.unit_name, Document.year, Document.id
        )
        with self.engine.connect() as conn:
            return [
                dict(row._mapping)
                for row in conn.execute(query.with_only_columns(*Document.__table__.c))
            ]

    def facts(
        self,
        latest: bool = True,
        unit: str | None = None,
        year: int | None = None,
        table: str | Sequence[str] | None = None,
        document_id: int | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Stored facts as ``juesuan facts`` rows plus unit_name, year and document (content hash)."""
        query = select(
            *(getattr(StoredFact, name) for name in Fact.FIELDS),
            Document.unit_name,
            Document.year,
            Document.sha256.label("document"),
        ).join(Document, StoredFact.document_id == Document.id)
        query = filter_documents(query, latest, unit, year)
        if document_id is not None:
            query = query.where(Document.id == document_id)
        if table:
            query = query.where(StoredFact.table.in_([table] if isinstance(table, str) else table))
        query = query.order_by(Document.unit_name, Document.year, Document.id, StoredFact.position)
        yield from self.stream(query)

    def findings(
        self,
        latest: bool = True,
        unit: str | None = None,
        year: int | None = None,
        table: str | Sequence[str] | None = None,
        severity: str | None = None,
    ) -> Iterator[dict[str, Any]]:
        columns = [
            c for c in FINDING_EXPORT_COLUMNS if c not in ("document", "path", "unit_name", "year")
        ]
        query = select(
            Document.sha256.label("document"),
            Document.path,
            Document.unit_name,
            Document.year,
            *(getattr(StoredFinding, name) for name in columns),
            StoredFinding.cells,
        ).join(Document, StoredFinding.document_id == Document.id)
        query = filter_documents(query, latest, unit, year)
        if table:
            query = query.where(
                StoredFinding.table.in_([table] if isinstance(table, str) else table)
            )
        if severity:
            query = query.where(StoredFinding.severity == severity)
        query = query.order_by(
            Document.unit_name, Document.year, Document.id, StoredFinding.position
        )
        yield from self.stream(query)

    def forms(
        self, latest: bool = True, unit: str | None = None, year: int | None = None
    ) -> Iterator[dict[str, Any]]:
        """Stored performance forms: number, kind, name, complete, source, the whole form as data."""
        query = select(
            Document.sha256.label("document"),
            Document.unit_name,
            Document.year,
            *(c for c in StoredForm.__table__.c if c.name not in ("id", "document_id")),
        ).join(Document, StoredForm.document_id == Document.id)
        query = filter_documents(query, latest, unit, year)
        yield from self.stream(
            query.order_by(Document.unit_name, Document.year, Document.id, StoredForm.number)
        )

    def tables(self, document_id: int) -> list[dict[str, Any]]:
        query = (
            select(*StoredTable.__table__.c)
            .where(StoredTable.document_id == document_id)
            .order_by(StoredTable.position)
        )
        return list(self.stream(query))

    def budget_comparison(self, document_id: int) -> list[Finding]:
        """A stored 决算's 预算数 against its stored budget, or a budget against its 决算."""
        with self.engine.connect() as conn:
            return compare_stored(conn, document_id)

    def last_year_findings(self, disclosure: Disclosure) -> list[Finding] | None:
        """The disclosure's 比上年 statements against its stored previous year (nothing written);
        None when the store holds no previous year of it or the prose states no change."""
        with self.engine.connect() as conn:
            return last_year_findings(conn, disclosure)

    def failures(self) -> list[dict[str, Any]]:
        return list(self.stream(select(*Failure.__table__.c).order_by(Failure.id)))

    def count(self, model: type[Any]) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(model)).scalar_one())

    def stream(self, query: Any) -> Iterator[dict[str, Any]]:
        with self.engine.connect() as conn:
            result = conn.execution_options(yield_per=2000).execute(query)
            for row in result:
                yield dict(row._mapping)


def filter_documents(query: Any, latest: bool, unit: str | None, year: int | None) -> Any:
    if latest:
        query = query.where(Document.is_latest.is_(True))
    if unit:
        query = query.where(Document.unit_name.contains(unit, autoescape=True))
    if year is not None:
        query = query.where(Document.year == year)
    return query


# --- one document into the database, inside the caller's transaction -------------------------


def existing_document(conn: Connection, sha256: str) -> tuple[int, int] | None:
    row = conn.execute(
        select(Document.id, Document.version).where(Document.sha256 == sha256)
    ).first()
    return None if row is None else (int(row[0]), int(row[1]))


#: Share of a new document's amounts that must equal the stored one's for it to be a new version
#: of the same disclosure (a corrected copy changes a few cells, another unit nearly all).
SAME_DISCLOSURE_SHARE = 0.5


def previous_version(conn: Connection, rows: DocumentRows) -> tuple[int, int] | None:
    """The latest stored document of the same disclosure, only when that is certain.

    Same unit name, year, 部门/单位 and kind is not enough: a unit that printed another's name
    would merge two histories. It must also share most of its amounts with the stored
    document (or, where neither has amounts, come from a file of the same name).
    """
    key = rows.disclosure_key
    if not key:
        return None
    unit_name, year, scope, kind = key
    candidates = conn.execute(
        select(Document.id, Document.version, Document.file_name)
        .where(
            Document.unit_name == unit_name,
            Document.year == year,
            Document.scope.is_(None) if scope is None else Document.scope == scope,
            Document.kind == kind,
            Document.is_latest.is_(True),
        )
        .order_by(Document.version.desc(), Document.id.desc())
    ).all()
    new = {fact_identity(fact) for fact in rows.facts}
    for document_id, version, file_name in candidates:
        if is_same_disclosure(conn, int(document_id), new, file_name, rows.document["file_name"]):
            return int(document_id), int(version)
    return None


def fact_identity(fact: dict[str, Any]) -> tuple[str, ...]:
    return tuple(str(fact[name]) for name in ("table", "section", "row_key", "column", "value"))


def is_same_disclosure(
    conn: Connection, document_id: int, new: set[tuple[str, ...]], old_name: str, new_name: str
) -> bool:
    old = {
        fact_identity(dict(row._mapping))
        for row in conn.execute(
            select(
                StoredFact.table,
                StoredFact.section,
                StoredFact.row_key,
                StoredFact.column,
                StoredFact.value,
            ).where(StoredFact.document_id == document_id)
        )
    }
    if not old and not new:
        return bool(old_name) and old_name == new_name
    shared = len(old & new) / max(len(old), len(new))
    return shared >= SAME_DISCLOSURE_SHARE


def rows_to_database(conn: Connection, rows: DocumentRows, run_id: int | None) -> SaveResult:
    partial = bool(rows.document["partial"])
    found = existing_document(conn, rows.sha256)
    if found is not None:
        return SaveResult("skipped", found[0], found[1], partial)
    previous = previous_version(conn, rows)
    version = previous[1] + 1 if previous else 1
    if previous:
        conn.execute(update(Document).where(Document.id == previous[0]).values(is_latest=False))
    document_id = new_id(
        conn.execute(
            insert(Document).values(
                **rows.document,
                version=version,
                supersedes_id=previous[0] if previous else None,
                is_latest=True,
                run_id=run_id,
                stored_at=now(),
            )
        )
    )
    children_to_database(conn, rows, document_id)
    store_comparison(conn, document_id, rows)
    store_last_year(conn, document_id, rows)
    return SaveResult("new_version" if previous else "stored", document_id, version, partial)


def children_to_database(conn: Connection, rows: DocumentRows, document_id: int) -> None:
    def with_doc(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{**item, "document_id": document_id} for item in items]

    for model, items in (
        (StoredTable, rows.tables),
        (StoredFact, rows.facts),
        (StoredNarrative, rows.narrative),
        (StoredFinding, rows.findings),
        (StoredOutcome, rows.outcomes),
    ):
        if items:
            conn.execute(insert(model), with_doc(items))
    for form in rows.forms:
        values = {k: v for k, v in form.items() if k != "indicators"}
        form_id = new_id(conn.execute(insert(StoredForm).values(**values, document_id=document_id)))
        if form["indicators"]:
            conn.execute(
                insert(StoredIndicator), [{**ind, "form_id": form_id} for ind in form["indicators"]]
            )
