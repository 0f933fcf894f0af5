"""Shared test fixtures: the corpus lies beside the repository, at ../shared/corpus."""

from __future__ import annotations

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
