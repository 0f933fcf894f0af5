"""Shared test fixtures: the corpus lies beside the repository, at ../shared/corpus."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
SEED = CORPUS / "seed" / "000_1e6faaba2ab46285.txt"
SHENGTAI = CORPUS / "final" / "putuo_shengtaihuanjing_2025_final_pagetext.txt"
CAIZHENGJU = CORPUS / "final" / "putuo_caizhengju_2024_final.pdf"
CAIZHENGJU_SEEDED = CORPUS / "final" / "putuo_caizhengju_2024_final_seeded_errors.pdf"
GOLDEN = REPO / "tests" / "golden"


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.fail(f"corpus not found at {CORPUS}: tests need ../shared/corpus beside the repo")
    return CORPUS


#: How a test module reaches the shared corpus in code: its path constants, the ``corpus``
#: fixture, or the "shared" folder. (The word in prose — a docstring — does not count.)
CORPUS_USE = re.compile(
    r"\b(?:CORPUS|SEED|SHENGTAI|CAIZHENGJU|GOLDEN)\b|\bcorpus\s*[:,)]|[\"']shared[\"']"
)


def uses_corpus(module_path: Path, seen: frozenset[Path] = frozenset()) -> bool:
    """The module names the corpus, or imports a helper module beside it that does."""
    text = module_path.read_text(encoding="utf-8")
    if CORPUS_USE.search(text):
        return True
    helpers = re.findall(r"^(?:from|import) (\w+)", text, flags=re.M)
    beside = [module_path.with_name(f"{name}.py") for name in helpers]
    return any(
        uses_corpus(path, seen | {module_path})
        for path in beside
        if path.is_file() and path not in seen
    )


def corpus_missing() -> bool:
    """True on a user's clone without ../shared/corpus (CI always has it: there it fails loudly)."""
    return not CORPUS.is_dir() and os.environ.get("CI", "").lower() not in ("1", "true", "yes")


SKIPPED_MODULES: list[str] = []


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Leave out the test modules that read the corpus when it is not there (they read it on import)."""
    is_test = collection_path.suffix == ".py" and collection_path.name.startswith("test_")
    if is_test and corpus_missing() and uses_corpus(collection_path):
        SKIPPED_MODULES.append(str(collection_path.relative_to(REPO)))
        return True
    return None


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if SKIPPED_MODULES:
        terminalreporter.write_line(
            f"not run: {len(SKIPPED_MODULES)} test modules need the shared corpus at {CORPUS}"
        )
