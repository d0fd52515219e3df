"""``make bench``: measure our blocks and the peers in one run, print the tables, write docs/performance.md."""
import json
import os
import subprocess
import sys
import time

from . import browser, config, course_build, databases, environment, lighthouse, load, report, session_polls
from .server import database_environment, running_server
from .subjects import SHARE_ONE_IN, all_subjects


def _progress(message):
    print(message, file=sys.stderr, flush=True)


def _inprocess(task, database, harness="workbench"):
    """Run one in-process task in a child process on ``database`` in ``harness`` and return its figures."""
    completed = subprocess.run(
        [sys.executable, "-m", "sexmot_bench.inprocess", task, harness], cwd=config.ROOT,
        env={**os.environ, **database_environment(database)}, stdout=subprocess.PIPE, check=True,
    )
    return json.loads(completed.stdout)


def _http_phase(database, chosen, results, harness="workbench"):
    """Submissions at each concurrency over HTTP; on SQLite in the workbench also the browser and Lighthouse."""
    figures = {}
    sent = {}
    shared = 0
    prefix = "/lms" if harness == "lms" else ""
    with running_server(database) as base_url:
        token = load.csrf_token(base_url)
        number = 0
        for concurrency in config.CONCURRENCY:
            for subject in chosen:
                if not subject.handler:
                    continue
                _progress(f"  http {database} ({harness}): {subject.key} × {concurrency} learners at once")
                count = config.SUBMISSIONS[concurrency]
                wave = load.submit_wave(base_url, subject, concurrency, count, number, token, prefix)
                acknowledged = wave.pop("acknowledged")
                if subject.key == "reflection":
                    shared += sum(1 for n in acknowledged if n % SHARE_ONE_IN == 0)
                figures.setdefault(subject.key, {})[str(concurrency)] = wave
                sent[subject.key] = sent.get(subject.key, 0) + count - wave["errors"]
                number += count
        if database == "sqlite" and harness == "workbench":
            _progress("  browser: one unit of each block in headless Chromium")
            results["downloads"] = browser.measure_downloads(base_url, chosen)
            story = next((subject for subject in chosen if subject.key == "story"), None)
            if story:
                _progress("  browser: bytes until the story's film plays")
                results["film_start"] = {"story": browser.measure_film_start(base_url, story)}
            results["lighthouse"] = _lighthouse(base_url, chosen)
    counted = _inprocess("tally", database, harness)
    texts = counted.pop("reflection_shared_texts", None)
    for key, total in counted.items():
        figures[key]["lost_updates"] = sent[key] - total
    if texts is not None:
        # A shared text in the pool whose acknowledged submission did not share it (or none) is an orphan.
        figures["reflection"]["orphans"] = max(0, texts - shared)
        figures["reflection"]["missing_texts"] = max(0, shared - texts)
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


def _test_film():
    """The preview's few-second test film (ffmpeg), so that the story's unit has a film to play."""
    subprocess.run([sys.executable, "-m", "devtools.preview.testfilm"], cwd=config.ROOT,
                   env={**os.environ, **database_environment("sqlite")}, stdout=subprocess.DEVNULL, check=False)


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
    with environment.LoadWatch() as load_watch:
        config.WORK_DIR.mkdir(parents=True, exist_ok=True)
        chosen = all_subjects()
        maria = databases.mariadb_version()
        _test_film()
        results = {"environment": environment.describe(maria), "subjects": [
            {"key": s.key, "label": s.label, "version": s.version, "ours": s.ours, "handler": s.handler}
            for s in chosen
        ], "render": {}, "growth": {}, "http": {}, "skipped_databases": {},
            "lms": {"render": {}, "growth": {}, "http": {}}}
        for database in config.DATABASES:
            if database == "mysql" and not maria:
                results["skipped_databases"][database] = "MariaDB does not answer on 127.0.0.1:3306"
                continue
            for harness in config.HARNESSES:
                into = results["lms"] if harness == "lms" else results
                _progress(f"{database} ({harness}): render times")
                databases.fresh_database(database)
                into["render"][database] = _inprocess("render", database, harness)
                _progress(f"{database} ({harness}): cost growth with earlier answers")
                databases.fresh_database(database)
                into["growth"][database] = _inprocess("growth", database, harness)
                _progress(f"{database} ({harness}): submit handlers over HTTP")
                databases.fresh_database(database)
                into["http"][database] = _http_phase(database, chosen, results, harness)
        _progress("group sessions' polling (SQLite)")
        results["session_polls"] = session_polls.measure()
        if config.QUICK:  # the suite builds both courses itself; a smoke run only checks that the rest runs
            results["course_build"] = {"skipped": "not timed in the quick mode"}
        else:
            _progress("course build")
            results["course_build"] = course_build.measure_build()
        results["seconds"] = time.perf_counter() - started
    results["load"] = load_watch.summary()
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
