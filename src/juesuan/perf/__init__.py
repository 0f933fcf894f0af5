"""Performance forms: reading them from a grid, and how well an indicator fits its project.

The form reader (``perf.forms``) and its model are imported only for a grid with a form title:
most documents have none (``perf.titles``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from juesuan.perf.titles import has_form_title

if TYPE_CHECKING:
    from juesuan.model.performance import PerformanceForm
    from juesuan.read.grid import DocumentGrid

__all__ = ["grid_to_forms", "grid_to_forms_and_lines"]


def grid_to_forms(grid: DocumentGrid) -> tuple[PerformanceForm, ...]:
    """Every performance form of the document, numbered P1, P2 … in document order."""
    return grid_to_forms_and_lines(grid)[0]


def grid_to_forms_and_lines(
    grid: DocumentGrid,
) -> tuple[tuple[PerformanceForm, ...], set[int]]:
    """The forms, and the ids of the grid lines they were read from (no prose of the narrative)."""
    if not has_form_title(grid):
        return (), set()
    from juesuan.perf import forms

    return forms.grid_to_forms_and_lines(grid)
