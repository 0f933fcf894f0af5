"""No stage imports a later one: read → recognise → model → rules → report, then store, export …

Every module's imports of juesuan (also those inside functions) are checked against the order
below; a package that is not listed fails the test until it is given its place.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "juesuan"

#: Packages from the ground floor up; a package may import its own layer and those below.
LAYERS: tuple[frozenset[str], ...] = tuple(
    frozenset(layer.split())
    for layer in (
        "template data bugreport",
        "model",
        "read",
        "perf",
        "recognise",
        "rules",
        "report serialize",
        "store",
        "export",
        "pipeline",
        "batch prepare web",
        "cli",
        "__init__ __main__",
    )
)
LEVEL = {name: level for level, layer in enumerate(LAYERS) for name in layer}


def package_of(path: Path) -> str:
    relative = path.relative_to(SRC)
    return relative.parts[0].removesuffix(".py")


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {n.split(".")[1] for n in names if n.startswith("juesuan.") and n.count(".") >= 1}


def test_every_package_has_a_place_in_the_order() -> None:
    packages = {package_of(p) for p in SRC.rglob("*.py")}
    assert packages - set(LEVEL) == set()


def test_no_stage_imports_a_later_one() -> None:
    wrong = []
    for path in sorted(SRC.rglob("*.py")):
        own = package_of(path)
        for imported in imported_packages(path):
            if LEVEL.get(imported, 99) > LEVEL.get(own, -1):
                wrong.append(f"{path.relative_to(SRC)} imports juesuan.{imported}")
    assert wrong == []


def test_the_templates_import_nothing_of_juesuan() -> None:
    for path in (SRC / "template").rglob("*.py"):
        assert imported_packages(path) == set(), path
