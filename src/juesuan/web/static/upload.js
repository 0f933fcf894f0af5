// Uploads files (or a folder) in chunks to /api/documents and shows progress until every file is read.
"use strict";
(function () {
  const send = document.getElementById("send");
  if (!send) return;
  const bar = document.getElementById("progress");
  const text = document.getElementById("progress-text");
  const csrf = document.body.dataset.csrf;
  const CHUNK = 20;

  function show(done, total, label) {
    bar.hidden = false;
    bar.max = Math.max(total, 1);
    bar.value = done;
    text.textContent = label + " " + done + " / " + total;
  }

  async function upload(files) {
    const batch = Math.random().toString(16).slice(2, 14);
    for (let i = 0; i < files.length; i += CHUNK) {
      const form = new FormData();
      form.append("batch", batch);
      for (const f of files.slice(i, i + CHUNK)) form.append("file", f, f.name);
      const response = await fetch("/api/documents", {method: "POST", body: form, headers: {"X-CSRF-Token": csrf}});
      if (!response.ok) {
        const body = await response.json().catch(() => ({}));
        text.textContent = "上传失败（" + response.status + "）：" + (body.detail || "");
        return;
      }
      show(Math.min(i + CHUNK, files.length), files.length, "已上传");
    }
    for (;;) {
      const progress = await (await fetch("/api/batches/" + batch)).json();
      const done = (progress.checked || 0) + (progress.failed || 0);
      show(done, progress.total, "已审核");
      if (done >= progress.total) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    text.textContent += " · 完成";
    setTimeout(() => window.location.reload(), 3000);  // the ledger then lists them
  }

  send.addEventListener("click", () => {
    const files = [...document.getElementById("files").files, ...document.getElementById("folder").files];
    if (files.length) upload(files);
  });
})();
