#!/bin/sh
# `make bench`: set up the benchmark environment and run every benchmark.
# The peers, the WSGI server and the browser driver go into var/bench-venv only (never into the package's
# dependencies); Lighthouse goes into bench/node_modules. BENCH_QUICK=1 runs a smoke-sized pass.
set -eu
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
# The run reads the blocks' interface strings, as `make` sets it up; run directly, the same settings.
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-devtools.preview.settings}"
VENV=var/bench-venv
STAMP=$VENV/.installed
mkdir -p var/bench
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
if [ ! -f "$STAMP" ] || [ setup.cfg -nt "$STAMP" ] || [ bench/requirements.txt -nt "$STAMP" ] \
    || [ bench/pyproject.toml -nt "$STAMP" ]; then
  echo "Setting up $VENV (log: var/bench/pip.log)" >&2
  if ! { "$VENV/bin/pip" install --upgrade pip \
         && "$VENV/bin/pip" install -e ".[preview,course]" -e bench -r bench/requirements.txt; } \
       > var/bench/pip.log 2>&1; then
    tail -30 var/bench/pip.log >&2
    exit 1
  fi
  # MariaDB is measured through the LMS's driver, mysqlclient, which compiles against libmariadb-dev
  # (make system-deps); without it, through PyMySQL, whose every connection costs far more CPU.
  if ! "$VENV/bin/pip" install "mysqlclient>=2.2" >> var/bench/pip.log 2>&1; then
    echo "mysqlclient could not be built (needs libmariadb-dev and pkg-config): MariaDB is measured through PyMySQL" >&2
  fi
  touch "$STAMP"
fi
case "${BENCH_QUICK:-}" in
  ""|0)
    if [ ! -x bench/node_modules/.bin/lighthouse ]; then
      (cd bench && npm ci --no-audit --no-fund --loglevel=error)
    fi ;;
esac
exec "$VENV/bin/python" -m sexmot_bench
