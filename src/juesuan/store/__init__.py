"""Storage: every unit's disclosure of every year, with its history, in SQLite or PostgreSQL."""

from juesuan.store import web as web_tables  # noqa: F401  (registers the web tables)
from juesuan.store.rows import DocumentRows, disclosure_to_rows
from juesuan.store.store import (
    FACT_EXPORT_COLUMNS,
    FINDING_EXPORT_COLUMNS,
    SaveResult,
    Store,
    StoreError,
    default_url,
    open_store,
)

__all__ = [
    "FACT_EXPORT_COLUMNS",
    "FINDING_EXPORT_COLUMNS",
    "DocumentRows",
    "SaveResult",
    "Store",
    "StoreError",
    "default_url",
    "disclosure_to_rows",
    "open_store",
]
