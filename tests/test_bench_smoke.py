"""`make bench` runs end to end (smoke only: the figures are the benchmarks' business, not the suite's)."""
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[1]
PEERS = ("xblock-poll: survey", "xblock-poll: poll", "xblock-free-text-response", "feedback-xblock")
SECTIONS = ("## Goals in the LMS-shaped harness", "## Goals in the SDK workbench",
            "## What the LMS-shaped harness models, and what it leaves out",
            "## LMS-shaped harness: render time of `student_view`", "## LMS-shaped harness: submit handler over HTTP",
            "## Render time of `student_view`", "## Submit handler over HTTP",
            "## Cost growth with the number of earlier answers", "## What a learner's browser downloads",
            "## Lighthouse (mobile)", "## Course build")



@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("make"), reason="make is not installed")
def test_make_bench_quick_mode_measures_every_block_and_writes_the_report(tmp_path):
    output = tmp_path / "performance.md"
    completed = subprocess.run(
        ["make", "bench"], cwd=ROOT, capture_output=True, text=True, timeout=1800, check=False,
        # SQLite only: every phase and both harnesses run as in a full run, on the database every machine has
        # (the MariaDB path differs only in the server's settings, and a full ``make bench`` measures it).
        env={**os.environ, "BENCH_QUICK": "1", "BENCH_OUTPUT": str(output), "BENCH_DBS": "sqlite",
             "BENCH_PORT": str(free_port())},
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    report = output.read_text(encoding="utf-8")
    for section in SECTIONS:
        assert section in report
    assert "QUICK MODE" in report
    render = report.split("## Render time", 1)[1].split("## Submit handler", 1)[0]
    for block in ("Empty XBlock (floor)", "Reflection (ours)", *PEERS):
        assert f"| SQLite | {block} " in render, block
    submit = report.split("## Submit handler", 1)[1].split("## Cost growth", 1)[0]
    assert "| SQLite | Reflection (ours) " in submit
    lms_render = report.split("## LMS-shaped harness: render time", 1)[1].split("## LMS-shaped harness: submit", 1)[0]
    for block in ("Empty XBlock (floor)", "Reflection (ours)", *PEERS):
        assert f"| SQLite | {block} " in lms_render, block
    lms_submit = report.split("## LMS-shaped harness: submit", 1)[1].split("## LMS-shaped harness: cost", 1)[0]
    assert "| SQLite | xblock-poll: poll " in lms_submit
    assert "Goals" in completed.stdout
