"""How much the benchmarks do: the full run of ``make bench``, or a quick smoke run (``BENCH_QUICK=1``).

The quick run checks that every measurement but the course build's timing works end to end in about a
minute (the suite builds the courses itself); its figures are too few to mean anything and it never writes
docs/performance.md unless BENCH_OUTPUT says so.
"""
import os
from pathlib import Path

QUICK = os.environ.get("BENCH_QUICK", "") not in ("", "0")
ROOT = Path(__file__).resolve().parents[2]
OUTPUT = Path(os.environ.get("BENCH_OUTPUT") or (ROOT / "var" / "bench" / "performance-quick.md" if QUICK
                                                   else ROOT / "docs" / "performance.md"))
WORK_DIR = ROOT / "var" / "bench"
#: Databases measured: SQLite always; MariaDB on 127.0.0.1:3306 when reachable.
DATABASES = [name for name in os.environ.get("BENCH_DBS", "sqlite,mysql").split(",") if name]
#: A quick run keeps to databases of its own, so that it can run beside a full one; BENCH_MYSQL_DATABASE
#: names another (the MariaDB server may be shared with other checkouts and runs).
MYSQL_DATABASE = os.environ.get("BENCH_MYSQL_DATABASE") or ("sexmot_bench_quick" if QUICK else "sexmot_bench")
SQLITE_FILE = WORK_DIR / ("sqlite-quick.db" if QUICK else "sqlite.db")

#: Every block runs in two harnesses on two databases, on a machine of 2 shared cores: the sizes keep a full
#: run within about half an hour there.
RENDER_ROUNDS = 12 if QUICK else 120
GROWTH_SIZES = (10, 100) if QUICK else (10, 1_000, 100_000)
GROWTH_ROUNDS = 4 if QUICK else 20
CONCURRENCY = (1, 10) if QUICK else (1, 10, 50, 200)
#: Submissions per concurrency level and block: every learner submits once, as in a group session.
SUBMISSIONS = {1: 6, 10: 20} if QUICK else {1: 30, 10: 100, 50: 200, 200: 200}
LIGHTHOUSE = not QUICK and os.environ.get("BENCH_LIGHTHOUSE", "1") != "0"
PORT = int(os.environ.get("BENCH_PORT", "8765"))
#: The benchmark server: a WSGI server with several processes of one thread each, as Tutor runs the LMS (the
#: learner-write issue's 4; ``server.worker_options``).
SERVER_WORKERS = 4
#: The two harnesses every block is measured in: the SDK workbench, and the LMS-shaped store (``lms_shaped``).
HARNESSES = ("workbench", "lms")
