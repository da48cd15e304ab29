#!/usr/bin/env bash
# The whole suite: lint, then every test on SQLite, then the database tests again on PostgreSQL.
# Under CI=true nothing may be skipped (tests/conftest.py turns a skip into a failure).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

$BIN/ruff check --quiet .

echo "== SQLite: unit, browser, API fuzz =="
DB=sqlite $BIN/pytest -q -n 2 "$@"

if [ "${PALG_SKIP_POSTGRES:-0}" = 1 ] && [ "${CI:-}" != true ]; then
  echo "PALG_SKIP_POSTGRES=1: PostgreSQL pass left out (never under CI)"
  exit 0
fi
echo "== PostgreSQL: every test but the browser ones, API fuzzing included =="
# The pure engines' tests need no database, so once is enough: tests/grouping, tests/evaluation
# and the palg_themes/palg_embed tests (tests/themes_engine).
DB=postgres $BIN/pytest -q -n 2 -m "not browser" --ignore=tests/grouping --ignore=tests/evaluation \
  --ignore=tests/themes_engine "$@"
