"""What the group sessions' polling costs the server: sessions, each with a projector and a run sheet polling.

A phase of ``make bench`` (``sexmot_bench.__main__``), on SQLite; alone, from the repository root:
``var/bench-venv/bin/python -m sexmot_bench.session_polls`` prints its figures as JSON.

It serves one exercise with gunicorn (4 processes of one thread, as Tutor runs the LMS) on a
fresh SQLite file in ``var/bench/``, starts 30 sessions, and lets 60 pollers (a projector view and a run
sheet per session) ask for news every 1.5 s with the tag of the results they show, as ``session_live.js``
does (a POST to the exercise's one action handler, the session's code in the JSON body), while 300
participants answer (10 per session). It measures the latency of the polls answered "unchanged" and of
those answered with new results, and,
over a window of polls only after the answers (the steady state of the hour), the server's CPU time per
poll (user + system time of gunicorn's processes from /proc, divided by the polls in the window).
"""
import http.cookiejar
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import config
from .server import worker_options
from .subjects import action_handler

EXERCISE = """
<sexmot_reflection display_name="Mätning" threshold="5" group_sessions_enabled="true">
  <prompt><p>Fundera.</p></prompt>
  <statement id="s1">Påstående ett</statement>
  <statement id="s2">Påstående två</statement>
</sexmot_reflection>
"""
#: Sessions, participants per session, seconds between a poller's polls, seconds of the polls-only window.
SESSIONS, PARTICIPANTS, POLL_SECONDS, WINDOW = (5, 5, 1.5, 6) if config.QUICK else (30, 10, 1.5, 30)


def cpu_seconds(pid):
    """User + system CPU seconds of a process and its children (gunicorn's master and workers)."""
    total = 0.0
    for task in [pid, *children(pid)]:
        try:
            fields = Path(f"/proc/{task}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def children(pid):
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if Path(entry, "stat").read_text().rsplit(")", 1)[1].split()[1] == str(pid):
                    found.append(int(entry.name))
            except (FileNotFoundError, IndexError):
                continue
    return found


def measure():
    """Serve the exercise with gunicorn on a fresh SQLite file, run the sessions, return the figures."""
    config.WORK_DIR.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="session-polls-", dir=config.WORK_DIR))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "devtools.preview.settings", "SEXMOT_DB": "sqlite",
           "SEXMOT_SQLITE_PATH": str(work / "db.sqlite"), "SEXMOT_SERVER_SCENARIO": "polls",
           "SEXMOT_SERVER_OLX": EXERCISE}
    subprocess.run([sys.executable, "-m", "django", "migrate", "--run-syncdb", "-v", "0"],
                   cwd=config.ROOT, env=env, check=True)
    port = config.PORT + 1
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "tests.multiprocess_server:application", "--preload",
         *worker_options(),
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=config.ROOT, env=env, start_new_session=True)
    try:
        return run(f"http://127.0.0.1:{port}", server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)


class Client:
    """Posts JSON to handlers with the preview's CSRF cookie and header, as the blocks' JavaScript does."""

    def __init__(self, base):
        self.base = base
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        self.opener.open(base + "/view/polls/?student=warmup").read()
        self.token = next(cookie.value for cookie in jar if cookie.name == "csrftoken")

    def post(self, path, payload):
        request = urllib.request.Request(
            self.base + path, data=json.dumps(payload).encode(), method="POST",
            headers={"Content-Type": "application/json", "X-CSRFToken": self.token, "Referer": self.base})
        with self.opener.open(request, timeout=60) as response:
            return json.loads(response.read())

    def act(self, usage, action, student, data):
        """Run one of the exercise's actions as ``student``: its one handler, the action named in the body."""
        return self.post(f"/handler/{usage}/{action_handler()}/?student={student}", {"action": action, "data": data})


def run(base, pid):
    client = None
    for _ in range(200):
        try:
            client = Client(base)
            break
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.3)
    if client is None:
        raise RuntimeError("the server did not start")
    usage = "polls.sexmot_reflection.d0.u0"
    codes = [client.act(usage, "start_session", f"leader{n}", {})["code"] for n in range(SESSIONS)]
    latencies = {"changed": [], "unchanged": []}
    stop = threading.Event()

    def poll(code, leader, heading):
        tag = None
        while not stop.is_set():
            started = time.perf_counter()
            reply = client.act(usage, "session_results", leader,
                               {"code": code, "heading": heading, **({"tag": tag} if tag else {})})
            if reply.get("unchanged"):
                latencies["unchanged"].append(time.perf_counter() - started)
            else:
                tag = reply["tag"]
                latencies["changed"].append(time.perf_counter() - started)
            stop.wait(POLL_SECONDS)

    def answer(code, learner):
        payload = {"answers": {"s1": 1 + hash(learner) % 5, "s2": 3}, "free_text": "", "sharing": "private",
                   "session": code}
        client.act(usage, "submit", learner, payload)

    pollers = [threading.Thread(target=poll, args=(code, f"leader{n}", heading))
               for n, code in enumerate(codes) for heading in (3, 4)]
    for thread in pollers:
        thread.start()
    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(lambda item: answer(*item),
                      [(code, f"p{n}-{i}") for n, code in enumerate(codes) for i in range(PARTICIPANTS)]))
    time.sleep(3)  # the last releases reach every poller
    counted = len(latencies["unchanged"])
    before = cpu_seconds(pid)
    time.sleep(WINDOW)  # only polls now: the steady state of an hour's discussion
    used = cpu_seconds(pid) - before
    quiet_polls = len(latencies["unchanged"]) - counted
    stop.set()
    for thread in pollers:
        thread.join()
    return {
        "sessions": SESSIONS, "participants": SESSIONS * PARTICIPANTS, "poll_seconds": POLL_SECONDS,
        "window_seconds": WINDOW, "workers": config.SERVER_WORKERS,
        "pollers": len(pollers), "answered_unchanged": len(latencies["unchanged"]),
        "answered_changed": len(latencies["changed"]),
        "median_ms_unchanged": round(statistics.median(latencies["unchanged"]) * 1000, 1),
        "p95_ms_unchanged": round(statistics.quantiles(latencies["unchanged"], n=20)[18] * 1000, 1),
        "median_ms_changed": round(statistics.median(latencies["changed"]) * 1000, 1),
        "quiet_window_polls_per_second": round(quiet_polls / WINDOW, 1),
        "server_cpu_ms_per_quiet_poll": round(used / max(1, quiet_polls) * 1000, 2),
        "server_cpu_share_of_one_core_in_quiet_window": round(used / WINDOW, 3),
    }


if __name__ == "__main__":
    print(json.dumps(measure(), indent=2))
