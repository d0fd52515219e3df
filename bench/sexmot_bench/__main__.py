"""``make bench``: measure our blocks and the peers in one run, print the tables, write docs/performance.md."""
import json
import os
import subprocess
import sys
import time

from . import browser, config, course_build, databases, environment, lighthouse, load, report
from .server import database_environment, running_server
from .subjects import all_subjects


def _progress(message):
    print(message, file=sys.stderr, flush=True)


def _inprocess(task, database):
    """Run one in-process task in a child process on ``database`` and return its figures."""
    completed = subprocess.run(
        [sys.executable, "-m", "sexmot_bench.inprocess", task], cwd=config.ROOT,
        env={**os.environ, **database_environment(database)}, stdout=subprocess.PIPE, check=True,
    )
    return json.loads(completed.stdout)


def _http_phase(database, chosen, results):
    """Submissions at each concurrency over HTTP; on SQLite also the browser downloads and Lighthouse."""
    figures = {}
    sent = {}
    with running_server(database) as base_url:
        token = load.csrf_token(base_url)
        number = 0
        for concurrency in config.CONCURRENCY:
            for subject in chosen:
                if not subject.handler:
                    continue
                _progress(f"  http {database}: {subject.key} × {concurrency} learners at once")
                count = config.SUBMISSIONS[concurrency]
                wave = load.submit_wave(base_url, subject, concurrency, count, number, token)
                figures.setdefault(subject.key, {})[str(concurrency)] = wave
                sent[subject.key] = sent.get(subject.key, 0) + count - wave["errors"]
                number += count
        if database == "sqlite":
            _progress("  browser: one unit of each block in headless Chromium")
            results["downloads"] = browser.measure_downloads(base_url, chosen)
            results["lighthouse"] = _lighthouse(base_url, chosen)
    counted = _inprocess("tally", database)
    for key, total in counted.items():
        figures[key]["lost_updates"] = sent[key] - total
    return figures


def _lighthouse(base_url, chosen):
    if not config.LIGHTHOUSE:
        return {"skipped": "not run in the quick mode"}
    scores = {}
    for subject in chosen:
        if subject.key != "empty":  # the empty page paints nothing, which Lighthouse cannot score
            _progress(f"  lighthouse: {subject.key}")
            scores[subject.key] = lighthouse.score(f"{base_url}/view/{subject.scenario}/?student=lighthouse-1",
                                                   subject.key)
    return scores


RESULTS = config.WORK_DIR / ("results-quick.json" if config.QUICK else "results.json")


def main():
    """Every measurement, in an order that gives each phase a fresh database.

    ``python -m sexmot_bench report`` writes the report again from the last run's figures, without
    measuring (after a change to the report or to the explanations).
    """
    if sys.argv[1:] == ["report"]:
        write_report(json.loads(RESULTS.read_text(encoding="utf-8")))
        return
    started = time.perf_counter()
    config.WORK_DIR.mkdir(parents=True, exist_ok=True)
    chosen = all_subjects()
    maria = databases.mariadb_version()
    results = {"environment": environment.describe(maria), "subjects": [
        {"key": s.key, "label": s.label, "version": s.version, "ours": s.ours, "handler": s.handler} for s in chosen
    ], "render": {}, "growth": {}, "http": {}, "skipped_databases": {}}
    for database in config.DATABASES:
        if database == "mysql" and not maria:
            results["skipped_databases"][database] = "MariaDB does not answer on 127.0.0.1:3306"
            continue
        _progress(f"{database}: render times")
        databases.fresh_database(database)
        results["render"][database] = _inprocess("render", database)
        _progress(f"{database}: cost growth with earlier answers")
        databases.fresh_database(database)
        results["growth"][database] = _inprocess("growth", database)
        _progress(f"{database}: submit handlers over HTTP")
        databases.fresh_database(database)
        results["http"][database] = _http_phase(database, chosen, results)
    _progress("course build")
    results["course_build"] = course_build.measure_build()
    results["seconds"] = time.perf_counter() - started
    RESULTS.write_text(json.dumps(results, indent=2), encoding="utf-8")
    write_report(results)


def write_report(results):
    """docs/performance.md and the console tables from one run's figures; a miss without a cause fails."""
    text = report.render(results)
    config.OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    config.OUTPUT.write_text(text, encoding="utf-8")
    print(report.console_tables(results))
    _progress(f"written {config.OUTPUT} from a run of {results['seconds']:.0f} s")
    missing = report.unexplained(results)
    if missing and not config.QUICK:
        sys.exit("Missed goals without a measured cause in bench/sexmot_bench/explanations.py: " + ", ".join(missing))


if __name__ == "__main__":
    main()
