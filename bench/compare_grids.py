"""Does a change of a reader keep every document's result? Dump, then compare.

    PYTHONPATH=/tmp/base/src python bench/compare_grids.py dump /tmp/old --copies  # before
    python bench/compare_grids.py dump /tmp/new --copies                            # after
    python bench/compare_grids.py diff /tmp/old /tmp/new

``dump`` writes, for every corpus document (all PDFs of ../shared/corpus/final and budget,
the XLSX/XLS templates, the page text and the seed; more with ``--file``; ``--copies``: also
the XLSX copies of the seed and 生态环境局 that the format tests write), one JSON file: the
reader's grid (line kind, page or sheet, cell texts, spans and x edges rounded to 0.01 pt),
the reader's findings, the parse output (`juesuan parse` JSON) and the findings of `juesuan
check`. Page boxes (``bbox``) are left out, so the code before them compares with the code
after; the folder a document lies in is written as ``<folder>``, so dumps made from other
checkouts or into other directories compare. ``diff`` lists every document whose dump differs,
with the first differing entries. The dumps are scratch files made by the code itself: they are
a comparison of two versions, never a golden.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def corpus_files() -> list[Path]:
    files = sorted((CORPUS / "final").glob("*.pdf"))
    files += sorted((CORPUS / "budget").rglob("*.pdf"))
    files += sorted((CORPUS / "budget").glob("*.xls*"))
    files += sorted((CORPUS / "final").glob("*.txt"))
    files += sorted((CORPUS / "seed").glob("*.txt"))
    return files


def strip_boxes(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: strip_boxes(v) for k, v in value.items() if k != "bbox"}
    if isinstance(value, list):
        return [strip_boxes(v) for v in value]
    return value


def edge(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def document_dump(path: Path) -> dict[str, Any]:
    from juesuan.pipeline import check
    from juesuan.read import file_to_grid
    from juesuan.read.grid import UnreadableError
    from juesuan.recognise import grid_to_disclosure
    from juesuan.serialize import disclosure_to_json

    try:
        grid = file_to_grid(str(path))
    except UnreadableError as exc:
        return {"unreadable": exc.reason}
    lines = [
        [
            line.kind.value,
            line.source.label(),
            line.aligned,
            [[c.text, c.span, edge(c.x0), edge(c.x1), c.source.label()] for c in line.cells],
        ]
        for line in grid.lines
    ]
    disclosure = grid_to_disclosure(grid, sha256="-")
    report = check(disclosure)
    return {
        "pages": grid.pages,
        "missing": list(grid.missing),
        "grid_findings": [f.as_dict() for f in grid.findings],
        "lines": lines,
        "parse": strip_boxes(disclosure_to_json(disclosure)),
        "facts": [f.as_dict() for f in disclosure.facts()],
        "findings": [f.as_dict() for f in report.findings],
    }


def dump(out: Path, extra: list[str], copies: bool) -> None:
    out.mkdir(parents=True, exist_ok=True)
    files = [*corpus_files(), *map(Path, extra)]
    if copies:  # the XLSX copies of the seed and 生态环境局 that the format tests write
        sys.path.insert(0, str(Path(__file__).parent))
        from speed import xlsx_samples

        folder = out / "copies"
        folder.mkdir(exist_ok=True)
        files += [p for p in xlsx_samples(folder) if p.parent == folder]
    for path in files:
        data = document_dump(path)
        name = path.name + ".json"
        text = json.dumps(data, ensure_ascii=False, indent=0)
        # the file's folder named the same in every dump: a dump made from another checkout or
        # into another directory (the copies) compares by content, not by where it lay
        text = text.replace(json.dumps(str(path.parent), ensure_ascii=False)[1:-1], "<folder>")
        (out / name).write_text(text, encoding="utf-8")
        print(
            f"{path.name}: {len(data.get('lines', []))} lines, {len(data.get('facts', []))} facts"
        )


def first_differences(old: Any, new: Any, where: str = "", limit: int = 5) -> list[str]:
    if type(old) is not type(new):
        return [f"{where}: {old!r} → {new!r}"]
    if isinstance(old, dict):
        out: list[str] = []
        for key in sorted(set(old) | set(new)):
            out += first_differences(old.get(key), new.get(key), f"{where}.{key}", limit)
            if len(out) >= limit:
                break
        return out[:limit]
    if isinstance(old, list):
        out = []
        for i in range(max(len(old), len(new))):
            a = old[i] if i < len(old) else "<none>"
            b = new[i] if i < len(new) else "<none>"
            out += first_differences(a, b, f"{where}[{i}]", limit)
            if len(out) >= limit:
                break
        return out[:limit]
    return [] if old == new else [f"{where}: {old!r} → {new!r}"]


def diff(old_dir: Path, new_dir: Path) -> int:
    changed = 0
    for old_file in sorted(old_dir.glob("*.json")):
        new_file = new_dir / old_file.name
        if not new_file.exists():
            print(f"MISSING {old_file.name}")
            changed += 1
            continue
        old = json.loads(old_file.read_text(encoding="utf-8"))
        new = json.loads(new_file.read_text(encoding="utf-8"))
        if old == new:
            print(f"same     {old_file.name}")
            continue
        changed += 1
        print(f"DIFFERS  {old_file.name}")
        for line in first_differences(old, new):
            print(f"    {line[:300]}")
    print(f"{changed} document(s) differ")
    return 1 if changed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    dump_parser = commands.add_parser("dump")
    dump_parser.add_argument("out", type=Path)
    dump_parser.add_argument("--file", action="append", default=[])
    dump_parser.add_argument("--copies", action="store_true", help="also the XLSX test copies")
    diff_parser = commands.add_parser("diff")
    diff_parser.add_argument("old", type=Path)
    diff_parser.add_argument("new", type=Path)
    args = parser.parse_args()
    if args.command == "dump":
        dump(args.out, args.file, args.copies)
        return 0
    return diff(args.old, args.new)


if __name__ == "__main__":
    sys.exit(main())
