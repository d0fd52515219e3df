"""Lighthouse mobile scores (performance, accessibility) of a unit in the preview, with Debian's Chromium.

Lighthouse comes from npm into ``bench/node_modules`` (``bench/run.sh``); its
default form factor is a mid-range phone on a throttled mobile connection.
"""
import json
import os
import shutil
import subprocess

from . import config

CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")


def lighthouse_binary():
    """The Lighthouse command installed for the benchmarks, or None."""
    path = config.ROOT / "bench" / "node_modules" / ".bin" / "lighthouse"
    return path if path.exists() else None


def version():
    """Lighthouse's version, for the report."""
    binary = lighthouse_binary()
    if not binary:
        return None
    return subprocess.run([str(binary), "--version"], capture_output=True, text=True, check=False).stdout.strip()


def score(url, name):
    """Performance and accessibility scores (0–100) of one page, or the reason there are none."""
    binary, chromium = lighthouse_binary(), shutil.which("chromium")
    if not binary or not chromium:
        return {"skipped": "Lighthouse (npm) or Debian's chromium is not installed"}
    report = config.WORK_DIR / f"lighthouse-{name}.json"
    completed = subprocess.run(
        [str(binary), url, f"--chrome-flags={CHROME_FLAGS}", "--only-categories=performance,accessibility",
         "--output=json", f"--output-path={report}", "--quiet"],
        env={**os.environ, "CHROME_PATH": chromium}, capture_output=True, text=True, timeout=300, check=False,
    )
    if completed.returncode != 0 or not report.exists():
        return {"skipped": f"Lighthouse failed: {completed.stderr.strip()[-300:]}"}
    data = json.loads(report.read_text(encoding="utf-8"))
    audits = data["audits"]
    failed_accessibility = [
        audit_id
        for audit_id, audit in audits.items()
        if audit.get("score") == 0
        and audit_id in {ref["id"] for ref in data["categories"]["accessibility"]["auditRefs"]}
    ]
    return {
        "performance": round(data["categories"]["performance"]["score"] * 100),
        "accessibility": round(data["categories"]["accessibility"]["score"] * 100),
        "fcp_ms": audits["first-contentful-paint"]["numericValue"],
        "lcp_ms": audits["largest-contentful-paint"]["numericValue"],
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "failed_accessibility_audits": failed_accessibility,
    }
