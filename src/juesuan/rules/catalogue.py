"""The rule catalogue (docs/rules.md), generated from the registry.

python -m juesuan.rules.catalogue > docs/rules.md
python -m juesuan.rules.catalogue docs/rules.md
"""

from __future__ import annotations

import sys
from itertools import groupby
from pathlib import Path

from juesuan.model.codes import FINDING_CODES
from juesuan.rules.engine import load_rule_modules
from juesuan.rules.registry import RuleSpec

FAMILIES = {
    "juesuan.rules.within": "表内关系",
    "juesuan.rules.cross": "表间关系",
    "juesuan.rules.document": "文档完整与一致",
    "juesuan.rules.perf": "绩效运行监控表",
    "juesuan.rules.budget_within": "预算表表内关系",
    "juesuan.rules.budget_cross": "预算表表间关系",
    "juesuan.rules.budget_document": "预算文档完整与一致",
}
SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}


def family_of(spec: RuleSpec) -> str:
    return FAMILIES.get(spec.func.__module__, spec.func.__module__)


def family_order(spec: RuleSpec) -> tuple[int, str]:
    names = list(FAMILIES.values())
    family = family_of(spec)
    return (names.index(family) if family in names else len(names), spec.code)


def cell(text: str) -> str:
    """Text fit for one Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def catalogue_text() -> str:
    """The whole of docs/rules.md."""
    specs = sorted(load_rule_modules().values(), key=family_order)
    lines = [
        "# 规则目录",
        "",
        "由 `python -m juesuan.rules.catalogue` 从规则注册表生成，请勿手工修改。",
        "",
        "每条规则有稳定的代码；`juesuan check --select/--ignore` 与 `juesuan.toml` 的 `select`/`ignore`",
        "可按代码、标签或代码通配（如 `t01.*`）选择规则。舍入误差范围内的差额（尾差）一律报为“提示”；",
        "表中“级别”是超出范围时的级别。",
        "",
        f"共 {len(specs)} 条规则。",
    ]
    for family, group in groupby(specs, key=family_of):
        members = list(group)
        lines += ["", f"## {family}（{len(members)} 条）", ""]
        lines += ["| 代码 | 级别 | 涉及的表 | 标签 | 说明 |", "|---|---|---|---|---|"]
        for spec in members:
            explain = spec.title if not spec.description else f"{spec.title}。{spec.description}"
            lines.append(
                f"| `{spec.code}` | {SEVERITY_NAMES.get(spec.severity.value, spec.severity.value)} | "
                f"{cell('、'.join(spec.tables))} | {cell(', '.join(spec.tags))} | {cell(explain)} |"
            )
    lines += reading_codes_section()
    return "\n".join(lines) + "\n"


def reading_codes_section() -> list[str]:
    """The codes readers, the recogniser and the engine raise, which no rule selection turns off."""
    lines = [
        "",
        f"## 读取与识别（{len(FINDING_CODES)} 项，非规则，始终报告）",
        "",
        "| 代码 | 级别 | 说明 |",
        "|---|---|---|",
    ]
    for spec in FINDING_CODES:
        severity = SEVERITY_NAMES.get(spec.severity.value, spec.severity.value)
        lines.append(
            f"| `{spec.code}` | {severity} | {cell(spec.title + '。' + spec.description)} |"
        )
    return lines


def main(argv: list[str]) -> None:
    text = catalogue_text()
    if argv:
        Path(argv[0]).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main(sys.argv[1:])
