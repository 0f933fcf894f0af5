# The compiled per-character loop (_charloop.c); see pdf_chars.python_char_loop.
from collections.abc import Callable
from typing import Any

def place_chars(
    calls: tuple[int, ...],
    textpage: int,
    codes: list[int],
    whitespace: frozenset[int],
    text_of: dict[int, str],
    code_text: Callable[[int], str],
    inner: tuple[float, float, float, float],
    by_matrix: dict[Any, Any],
    size_and_angle: Callable[..., tuple[float, int, bool]],
    shared: dict[int, Any],
    by_object: bool,
    top_level: set[int],
    of_object: dict[int, Any],
    by_path: dict[Any, Any],
    clip_box: Callable[[int], tuple[float, float, float, float] | None],
    floats: int,
    doubles: int,
    /,
) -> tuple[list[tuple[str, float, float, float, float, float, float, float, int]], int]: ...
def upright_chars(
    placed: list[tuple[str, float, float, float, float, float, float, float, int]],
    page_left: float,
    page_bottom: float,
    width: float,
    height: float,
    char_type: type[Any],
    /,
) -> list[Any]: ...
def scan_page(
    calls: tuple[int, ...],
    page: int,
    identity: tuple[float, float, float, float, float, float],
    floats: int,
    /,
) -> tuple[set[int], list[tuple[int, int, tuple[float, float, float, float, float, float]]]]: ...
def path_points(
    calls: tuple[int, ...],
    path: int,
    parent: tuple[float, float, float, float, float, float],
    floats: int,
    /,
) -> tuple[list[list[tuple[float, float]]], int]: ...
def page_graphics(
    calls: tuple[int, ...],
    drawn: list[tuple[int, int, tuple[float, float, float, float, float, float]]],
    view: tuple[float, float, float, float, int],
    thin: float,
    segment_type: type[Any],
    image_cover: Callable[[int, tuple[float, float, float, float, float, float]], float],
    floats: int,
    ints: int,
    uints: int,
    /,
) -> tuple[list[Any], float, int]: ...
