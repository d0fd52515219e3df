"""The course build: time to build and to check both courses with ``python -m course_export``."""
import subprocess
import sys
import time

from . import config


def course_tool_present():
    """Whether the course tool's command-line entry is in the repository yet."""
    listed = subprocess.run(["git", "ls-files", "course_export/__main__.py"], cwd=config.ROOT,
                            capture_output=True, text=True, check=False).stdout.strip()
    return bool(listed)


def _timed_run(arguments):
    started = time.perf_counter()
    completed = subprocess.run([sys.executable, "-m", "course_export", *arguments], cwd=config.ROOT,
                               capture_output=True, text=True, timeout=1800, check=False)
    return {"seconds": time.perf_counter() - started, "exit": completed.returncode,
            "tail": (completed.stdout + completed.stderr).strip()[-400:]}


def measure_build():
    """Seconds to build, then to check, both courses; or why it was not measured."""
    if not course_tool_present():
        return {"skipped": "course_export/__main__.py is not in the repository yet, so there is no build to time"}
    dist = str(config.WORK_DIR / "dist")
    return {"build": _timed_run(["build", "--dist", dist]), "check": _timed_run(["check", "--dist", dist])}
