"""Evaluate the indicator-fit measure by swapping indicators between unrelated projects.

Real forms: the seed's two project monitoring forms and the five 绩效目标表 of the 万里街道 2023
budget PDF, read by the project's own pipeline. Each indicator carries a hand label
(annotations.toml): the kind of work it is about, or "generic". A *swap* puts an indicator of one
project into another project's form; it is an unfit pair when its kind is not among the kinds the
receiving project covers (hand labels again). Original indicators in their own form are the fitting
pairs, except those the seed prints copied from other projects, reported on their own.

    python bench/perf_fit/run.py            # prints the table and writes results.json / results.md
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from juesuan.model.performance import Indicator, PerformanceForm
from juesuan.perf.fit import Function, form_to_profile, indicator_fit, load_lexicon, subject_bigrams
from juesuan.pipeline import read
from juesuan.rules.perf import project_function, t05_functions

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parents[1].parent / "shared" / "corpus"
DOCUMENTS = {
    "seed": CORPUS / "seed" / "000_1e6faaba2ab46285.txt",
    "wanli": CORPUS / "budget" / "putuo_wanli_jiedao_2023_budget_with_performance.pdf",
}


@dataclass(frozen=True)
class Project:
    document: str
    form: PerformanceForm
    function: Function | None
    covers: frozenset[str]
    labels: dict[str, str]
    copied: frozenset[str]


def load_projects() -> list[Project]:
    annotations = tomllib.loads((HERE / "annotations.toml").read_text("utf-8"))["form"]
    disclosures = {key: read(path) for key, path in DOCUMENTS.items()}
    projects = []
    for note in annotations:
        disclosure = disclosures[note["document"]]
        form = next(f for f in disclosure.performance_forms if f.name == note["name"])
        match = project_function(form, t05_functions(disclosure))
        labels = dict(note["indicators"])
        missing = {i.level3 for i in form.indicators} - set(labels)
        assert not missing, f"unlabelled indicators of {form.name}: {missing}"
        projects.append(
            Project(
                note["document"],
                form,
                match[0] if match else None,
                frozenset(note["covers"]),
                labels,
                frozenset(note["copied"]),
            )
        )
    return projects


def measure_unfit(project: Project, indicator: Indicator, siblings: tuple[Indicator, ...]) -> bool:
    profile = form_to_profile(project.form, project.function)
    return indicator_fit(indicator, siblings, profile).unfit


def ngram_unfit(project: Project, indicator: Indicator, siblings: tuple[Indicator, ...]) -> bool:
    """Baseline without the lexicon: no subject bigram shared with the project's name and goals."""
    lexicon = load_lexicon()
    profile = form_to_profile(project.form, project.function)
    grams = subject_bigrams(indicator.level3, lexicon)
    return bool(grams) and not grams & subject_bigrams(profile.text, lexicon)


METHODS = {"fit measure": measure_unfit, "n-gram baseline": ngram_unfit}


def pairs(projects: list[Project]):
    """(group, recipient, indicator, siblings): original / copied / swap_unrelated / swap_related / swap_generic."""
    for project in projects:
        for indicator in project.form.indicators:
            group = "copied" if indicator.level3 in project.copied else "original"
            yield group, project, indicator, project.form.indicators
    for recipient in projects:
        own = {i.level3 for i in recipient.form.indicators}
        for donor in projects:
            if donor is recipient:
                continue
            for indicator in donor.form.indicators:
                if indicator.level3 in own:
                    continue
                kind = donor.labels[indicator.level3]
                if kind == "generic":
                    group = "swap_generic"
                elif kind in recipient.covers:
                    group = "swap_related"
                else:
                    group = "swap_unrelated"
                moved = replace(indicator)
                yield group, recipient, moved, (*recipient.form.indicators, moved)


def evaluate(projects: list[Project]) -> dict[str, object]:
    results: dict[str, object] = {}
    for name, method in METHODS.items():
        counts: dict[str, list[int]] = {}
        misses: dict[str, list[str]] = {"false_positives": [], "missed_swaps": []}
        for group, recipient, indicator, siblings in pairs(projects):
            flagged = method(recipient, indicator, siblings)
            tally = counts.setdefault(group, [0, 0])
            tally[0] += flagged
            tally[1] += 1
            if group == "original" and flagged:
                misses["false_positives"].append(f"{recipient.form.name}: {indicator.level3}")
            if group == "swap_unrelated" and not flagged:
                misses["missed_swaps"].append(f"{indicator.level3} → {recipient.form.name}")
        tp, positives = counts["swap_unrelated"]
        fp, negatives = counts["original"]
        recall = tp / positives
        fpr = fp / negatives
        results[name] = {
            "groups": {g: {"flagged": c[0], "total": c[1]} for g, c in counts.items()},
            "precision": tp / (tp + fp) if tp + fp else None,
            "recall": recall,
            "false_positive_rate": fpr,
            "precision_at_1_to_1": recall / (recall + fpr) if recall + fpr else None,
            "copied_recall": counts["copied"][0] / counts["copied"][1],
            "false_positives": misses["false_positives"],
            "missed_swaps_sample": misses["missed_swaps"][:40],
            "missed_swaps_total": len(misses["missed_swaps"]),
        }
    return results


def results_to_markdown(results: dict[str, object]) -> str:
    lines = [
        "| method | precision | recall (swapped, unrelated) | FP rate (originals) | precision at 1:1 | recall on the seed's copied indicators | related swaps flagged | generic swaps flagged |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, r in results.items():
        g = r["groups"]  # type: ignore[index]
        lines.append(
            f"| {name} | {r['precision']:.3f} ({g['swap_unrelated']['flagged']}/{g['swap_unrelated']['flagged'] + g['original']['flagged']}) "  # type: ignore[index]
            f"| {r['recall']:.3f} ({g['swap_unrelated']['flagged']}/{g['swap_unrelated']['total']}) "  # type: ignore[index]
            f"| {r['false_positive_rate']:.3f} ({g['original']['flagged']}/{g['original']['total']}) "  # type: ignore[index]
            f"| {r['precision_at_1_to_1']:.3f} "  # type: ignore[index]
            f"| {r['copied_recall']:.3f} ({g['copied']['flagged']}/{g['copied']['total']}) "  # type: ignore[index]
            f"| {g['swap_related']['flagged']}/{g['swap_related']['total']} "  # type: ignore[index]
            f"| {g['swap_generic']['flagged']}/{g['swap_generic']['total']} |"  # type: ignore[index]
        )
    for name, r in results.items():
        lines += [
            "",
            f"**{name}** — flagged originals: " + ("; ".join(r["false_positives"]) or "none"),
        ]  # type: ignore[index]
    return "\n".join(lines) + "\n"


def main() -> None:
    projects = load_projects()
    results = evaluate(projects)
    (HERE / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), "utf-8")
    table = results_to_markdown(results)
    (HERE / "results.md").write_text(table, "utf-8")
    print(table)


if __name__ == "__main__":
    main()
