"""The model as plain JSON: dataclasses → dicts, Decimal → string, enums → values."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from enum import Enum
from typing import Any

from juesuan.model.disclosure import Disclosure
from juesuan.model.narrative import Statement
from juesuan.model.source import Source


def to_jsonable(value: Any, *, source_as_label: bool = False) -> Any:
    """Any model value as JSON-ready data: the one serialisation of the model.

    A Source becomes its fields plus its label, or only its label where a row has room for one
    line (``source_as_label``: the store's form data)."""
    if isinstance(value, Source):
        if source_as_label:
            return value.label()
        data = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
        return {"label": value.label(), **{k: v for k, v in data.items() if v is not None}}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: to_jsonable(getattr(value, f.name), source_as_label=source_as_label)
            for f in dataclasses.fields(value)
        }
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): to_jsonable(v, source_as_label=source_as_label) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_jsonable(v, source_as_label=source_as_label) for v in value]
    return value


def statement_to_json(statement: Statement) -> dict[str, Any]:
    """A statement with only what it states (values it does not state are left out)."""
    data = {"quote": statement.quote, "source": to_jsonable(statement.source)}
    data["subject"] = statement.subject
    data["placed"] = statement.placed
    for f in dataclasses.fields(statement):
        value = getattr(statement, f.name)
        if f.name not in data and value not in (None, "", ()):
            data[f.name] = to_jsonable(value)
    return data


def disclosure_to_json(disclosure: Disclosure) -> dict[str, Any]:
    """``juesuan parse`` output: metadata, the tables, forms, narrative and what went wrong."""
    return {
        "path": disclosure.path,
        "format": disclosure.format,
        "sha256": disclosure.sha256,
        "metadata": to_jsonable(disclosure.meta),
        "partial": disclosure.partial,
        "missing": list(disclosure.missing),
        "tables_found": [t.id for t in disclosure.tables],
        "tables": [to_jsonable(t) for t in disclosure.tables],
        "performance_forms": [{"id": f.id, **to_jsonable(f)} for f in disclosure.performance_forms],
        "narrative_sections": [
            {"title": s.title, "text": s.text, "source": to_jsonable(s.source)}
            for s in disclosure.narrative
        ],
        "narrative_statements": [statement_to_json(s) for s in disclosure.statements],
        "read_findings": [f.as_dict() for f in disclosure.read_findings],
    }
