"""The machine, the date and the versions that a set of figures was measured with."""
import datetime
import importlib.metadata
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import threading

from . import config, lighthouse

DISTRIBUTIONS = ("sexmot-xblocks", "xblock-poll", "xblock-free-text-response", "feedback-xblock", "XBlock",
                 "xblock-sdk", "Django", "gunicorn", "mysqlclient", "PyMySQL", "playwright")


def _run(command):
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=30, check=False).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def _cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gib():
    try:
        with open("/proc/meminfo", encoding="utf-8") as meminfo:
            kib = int(meminfo.readline().split()[1])
        return round(kib / 1024 / 1024)
    except (OSError, ValueError, IndexError):
        return None


def _version(distribution):
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


def describe(mariadb_version=None):
    """Everything the report states about where and with what the figures were measured."""
    commit = _run(["git", "-C", str(config.ROOT), "rev-parse", "--short", "HEAD"])
    dirty = bool(_run(["git", "-C", str(config.ROOT), "status", "--porcelain", "--", "reflection_xblock",
                       "story_xblock", "sexmot_xblocks"]))
    chromium = shutil.which("chromium")
    return {
        "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "commit": commit + (" (with uncommitted changes to the blocks)" if dirty else ""),
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "memory_gib": _memory_gib(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "mariadb": mariadb_version,
        # The preview's settings use mysqlclient where it is installed, else PyMySQL.
        "mariadb_driver": "mysqlclient" if _version("mysqlclient") else "PyMySQL",
        "chromium": _run([chromium, "--version"]) if chromium else None,
        "lighthouse": lighthouse.version(),
        "node": _run(["node", "--version"]) if shutil.which("node") else None,
        "versions": {name: _version(name) for name in DISTRIBUTIONS},
        "quick": config.QUICK,
    }


class LoadWatch:
    """The machine's 1-minute load average, sampled every ``seconds`` while a run lasts (the cores are shared)."""

    def __init__(self, seconds=30):
        self.samples = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, args=(seconds,), daemon=True)

    def _sample(self, seconds):
        while True:
            self.samples.append(os.getloadavg()[0])
            if self._stop.wait(seconds):
                return

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def summary(self):
        """``{"median", "min", "max", "samples"}`` of the samples taken."""
        return {"median": statistics.median(self.samples), "min": min(self.samples), "max": max(self.samples),
                "samples": len(self.samples)}
