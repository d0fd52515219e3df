"""`make bench` runs end to end (smoke only: the figures are the benchmarks' business, not the suite's)."""
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[1]
PEERS = ("xblock-poll: survey", "xblock-poll: poll", "xblock-free-text-response", "feedback-xblock")
SECTIONS = ("## Goals", "## Render time of `student_view`", "## Submit handler over HTTP",
            "## Cost growth with the number of earlier answers", "## What a learner's browser downloads",
            "## Lighthouse (mobile)", "## Course build")



@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("make"), reason="make is not installed")
def test_make_bench_quick_mode_measures_every_block_and_writes_the_report(tmp_path):
    output = tmp_path / "performance.md"
    completed = subprocess.run(
        ["make", "bench"], cwd=ROOT, capture_output=True, text=True, timeout=900,
        env={**os.environ, "BENCH_QUICK": "1", "BENCH_OUTPUT": str(output),
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
    assert "Goals" in completed.stdout
