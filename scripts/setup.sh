#!/usr/bin/env bash
# Set juesuan up in ./.venv and run its main job on the seed document.
# Usage: ./scripts/setup.sh   (from the repository root; checks the seed of ../shared/corpus when it is
#        beside the clone, else a sample disclosure that juesuan writes itself)
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "juesuan needs Python 3.11 or newer (found $("$PYTHON" --version))" >&2
  exit 1
fi

# System tools the tests use, installed when we may: poppler's pdftoppm renders pages, Chromium
# runs the web app's browser tests, npm fetches the web app's charting library.
missing=()
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# A CJK TrueType font for `juesuan prepare --format pdf` to embed (Noto CJK is CFF: not embeddable).
if [ ! -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get update -qq && apt-get install -y -qq fonts-wqy-microhei >/dev/null
fi

[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[dev]'

# ECharts for the web app, served from the package (offline): npm installs it, per the committed
# lock file, into src/juesuan/web/static/node_modules (git-ignored).
if command -v npm >/dev/null 2>&1; then
  npm ci --prefix src/juesuan/web/static --ignore-scripts --no-audit --no-fund --silent
else
  echo "npm not found: the web app's charts will be missing" >&2
fi

SEED=../shared/corpus/seed/000_1e6faaba2ab46285.txt
if [ -f "$SEED" ]; then
  DOC="$SEED"
else
  # A user's clone has no corpus beside it: check juesuan's own sample (invented numbers) instead.
  mkdir -p out
  DOC=out/juesuan-sample.xlsx
  .venv/bin/juesuan sample -o "$DOC" >/dev/null
  echo "== ../shared/corpus not found: checking juesuan's own sample disclosure $DOC"
fi
echo "== juesuan check $DOC"
status=0
.venv/bin/juesuan check "$DOC" || status=$?
case $status in
  0) echo "== no error in $DOC" ;;
  1) echo "== $DOC has findings of severity error (listed above)" ;;
  *) echo "== juesuan could not read $DOC (status $status)" >&2; exit "$status" ;;
esac
