"""Performance forms: reading them from a grid, and how well an indicator fits its project."""

from juesuan.perf.forms import grid_to_forms, grid_to_forms_and_lines

__all__ = ["grid_to_forms", "grid_to_forms_and_lines"]
