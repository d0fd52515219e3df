"""``make test-fast`` collects only the files named in ``tests/unit_tier_files``: this keeps that list equal to the
files that hold a test of the unit tier (``tests/tiers.py``), so a unit test cannot silently leave the fast tier.

It asks a second pytest which tests of the whole suite are in the unit tier, which costs seconds: it is ``slow``,
and could not be in the unit tier anyway, whose run collects only the listed files.
"""
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LIST = "tests/unit_tier_files"


def files_holding_unit_tests():
    """The test files of the whole suite that hold at least one test of the unit tier, as paths from the root."""
    collected = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-m", "unit"], cwd=ROOT,
                               capture_output=True, text=True, timeout=300, check=False)
    assert collected.returncode == 0, collected.stdout + collected.stderr
    return {line.split("::")[0] for line in collected.stdout.splitlines() if "::" in line}


def disagreements(listed, holding):
    """What to change in the list so that it names exactly ``holding``, one sentence per file."""
    missing = [f"{path} holds unit-tier tests but is not in {LIST}: add the line {path}"
               for path in sorted(holding - listed)]
    extra = [f"{path} is in {LIST} but " + ("holds no unit-tier test" if (ROOT / path).exists() else "does not exist")
             + f": remove the line {path}" for path in sorted(listed - holding)]
    return missing + extra


@pytest.mark.slow  # a second pytest collects the whole suite
def test_the_fast_tier_collects_exactly_the_files_that_hold_unit_tier_tests():
    listed = set((ROOT / LIST).read_text(encoding="utf-8").split())
    problems = disagreements(listed, files_holding_unit_tests())
    assert not problems, "\n".join(problems)
