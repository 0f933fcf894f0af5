"""Reading and checking uploads in the background, through the one pipeline (``pipeline.load``).

Each file is read in a worker (a process pool, or one thread when ``workers`` is 0); the results
come back as the same ``DocumentRows`` the batch ingest stores, plus the report as ``check --format
json`` gives it and the page box of every cell. One lock serialises the writes to the store.
"""

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any

from sqlalchemy import Engine, select, update

from juesuan.model.disclosure import Disclosure
from juesuan.store import Store
from juesuan.store.rows import disclosure_to_rows
from juesuan.store.web import Upload, UploadBlob
from juesuan.web.review import now, refresh_review


def cell_key(table: str, section: str, row_key: str, column: str) -> str:
    return f"{table}|{section}|{row_key}|{column}"


def disclosure_boxes(disclosure: Disclosure) -> dict[str, list[float]]:
    """Cell key → [page, x0, top, x1, bottom] for every cell whose reader kept its box."""
    boxes: dict[str, list[float]] = {}
    for table in disclosure.tables:
        for row in table.rows:
            for cell in row.cells:
                box = cell.source.bbox
                if box is not None and cell.source.page is not None:
                    key = cell_key(table.id, row.section, row.key, cell.column)
                    boxes[key] = [cell.source.page, *box]
    return boxes


def read_upload(name: str, data: bytes) -> dict[str, Any]:
    """Run in a worker: the stored rows, the report and the boxes; or why the file is unreadable."""
    from juesuan.pipeline import UnreadableError, load
    from juesuan.read.detect import detect_format

    try:
        fmt = detect_format(name, data)
        disclosure, report = load(name, data)
    except UnreadableError as exc:
        return {"error": exc.reason}
    except Exception as exc:  # a bug in one file must not stop the others
        return {"error": f"处理时出错 ({type(exc).__name__}: {exc})"}
    return {
        "rows": disclosure_to_rows(disclosure, report),
        "report": report.as_dict(),
        "boxes": disclosure_boxes(disclosure),
        "format": fmt,
    }


class Processor:
    """The background queue of uploads waiting to be read and checked."""

    def __init__(self, store: Store, workers: int = 1) -> None:
        self.store = store
        self.engine: Engine = store.engine
        self.write_lock = threading.Lock()
        self.executor: Executor = (
            ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
            if workers > 0
            else ThreadPoolExecutor(1, thread_name_prefix="juesuan-read")
        )

    def submit(self, upload_id: int, name: str, data: bytes) -> None:
        future = self.executor.submit(read_upload, name, data)
        future.add_done_callback(lambda f: self.finish(upload_id, f))
        with self.engine.begin() as conn:
            conn.execute(
                update(Upload)
                .where(Upload.id == upload_id, Upload.status == "queued")
                .values(status="processing")
            )

    def resume(self) -> None:
        """Uploads left queued or half-done by a stopped server are read again."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(Upload.id, Upload.file_name, UploadBlob.data)
                .join(UploadBlob, UploadBlob.sha256 == Upload.sha256)
                .where(Upload.status.in_(("queued", "processing")))
            ).all()
        for row in rows:
            self.submit(row.id, row.file_name, row.data)

    def finish(self, upload_id: int, future: Future[dict[str, Any]]) -> None:
        try:
            result = future.result()
        except Exception as exc:  # the worker died (memory, a signal)
            result = {"error": f"读取进程异常结束 ({type(exc).__name__}: {exc})"}
        with self.write_lock:
            if "error" in result:
                self.mark_failed(upload_id, str(result["error"]))
                return
            saved = self.store.save_rows(result["rows"])
            with self.engine.begin() as conn:
                conn.execute(
                    update(Upload)
                    .where(Upload.id == upload_id)
                    .values(
                        status="checked",
                        format=result["format"],
                        document_id=saved.document_id,
                        report=result["report"],
                        boxes=result["boxes"],
                        finished_at=now(),
                    )
                )
                refresh_review(conn, upload_id)

    def mark_failed(self, upload_id: int, reason: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(Upload)
                .where(Upload.id == upload_id)
                .values(status="failed", reason=reason, finished_at=now())
            )

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)  # no worker outlives the server
