"""Learners' writes through a multi-process server, as the LMS runs: no answer lost, none counted twice.

The preview runs under gunicorn with four worker processes of eight threads (``multiprocess_server``),
each with its own cache, against the suite's database (SQLite or MariaDB; ``make test`` runs this
file on both where MariaDB is reachable). Every test ends in the recount invariant: the counters,
the contributions and the shared pool equal a recount from every learner's final state, and no
shared text is without a learner who shares it.
"""
import os
import random
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection
from workbench import scenarios

from sexmot_xblocks.storage import api
from sexmot_xblocks.storage.models import SharedText
from tests.conftest import free_port
from tests.security_support import (
    EXERCISE,
    LiveClient,
    assert_counters_match_a_recount,
    assert_session_matches_a_recount,
    learner_states,
    pool_texts,
    submission,
)

ROOT = Path(__file__).resolve().parents[1]
WORKERS, THREADS = 4, 8
STORM_EXERCISE = EXERCISE.replace('threshold="3"', 'threshold="5"')
#: Group sessions of ``test_12_simultaneous_group_sessions_of_10_learners_each_recount_exactly``.
SESSIONS = 12

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]



class Server:
    """gunicorn serving one exercise to the suite's database; ``kill`` is kill -9 of master and workers."""

    def __init__(self, name, olx):
        self.name, self.olx, self.port, self.process = name, olx, free_port(), None
        self.url = f"http://127.0.0.1:{self.port}"

    def environment(self):
        database = connection.settings_dict
        env = {**os.environ, "SEXMOT_SERVER_SCENARIO": self.name, "SEXMOT_SERVER_OLX": self.olx,
               "DJANGO_SETTINGS_MODULE": "devtools.preview.settings"}
        if connection.vendor == "sqlite":
            env["SEXMOT_SQLITE_PATH"] = str(database["NAME"])
        else:
            env["SEXMOT_DB_NAME"] = database["NAME"]
        return env

    def start(self):
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(
            [str(gunicorn), "tests.multiprocess_server:application", "--preload", "--workers", str(WORKERS),
             "--worker-class", "gthread", "--threads", str(THREADS), "--bind", f"127.0.0.1:{self.port}",
             "--backlog", "512", "--timeout", "120", "--log-level", "warning"],
            cwd=ROOT, env=self.environment(), start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.process.stderr.read().decode()[-3000:]
            try:
                with urllib.request.urlopen(f"{self.url}/view/{self.name}/?student=warmup", timeout=5):
                    return self
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.3)
        raise AssertionError("gunicorn did not start within 60 s")

    def kill(self):
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)


@pytest.fixture
def serve():
    """Start servers of an exercise (registered in this process too, for the recount); stop them afterwards."""
    started, names = [], []

    def start(olx, name=None):
        name = name or f"mp-{random.randrange(16**10):010x}"
        if name not in scenarios.SCENARIOS:
            scenarios.add_xml_scenario(name, name, olx)
            names.append(name)
        server = Server(name, olx).start()
        started.append(server)
        return server, scenarios.SCENARIOS[name].usage_id

    yield start
    for server in started:
        server.stop()
    for name in names:
        scenarios.remove_scenario(name)


def storm_plan(rng, learner):
    """One learner's writes: answer, change, share or not, withdraw or change, and now and then a change sent twice."""
    shares = rng.random() < 0.5
    steps = [("submit", submission(rng.randint(1, 5), rng.randint(1, 5), f"Tanke från {learner}" if shares else "",
                                   "shared" if shares else "private"))]
    steps.append(("submit", submission(rng.randint(1, 5), rng.randint(1, 5), f"Ändrad tanke från {learner}",
                                       rng.choice(["shared", "private"]))))
    if rng.random() < 0.3:  # a double click, or a second tab: two different changes at the same moment
        steps.append(("twice", (submission(rng.randint(1, 5), rng.randint(1, 5), f"Flik A {learner}", "shared"),
                                submission(rng.randint(1, 5), rng.randint(1, 5), f"Flik B {learner}", "private"))))
    if steps[-1][0] == "submit" and steps[-1][1]["sharing"] == "shared" and rng.random() < 0.5:
        steps.append(("withdraw", {}))
    return steps


def run_plan(client, usage_id, learner, steps):
    """Send one learner's steps in order; a "twice" step sends both of its changes at once. Returns the statuses."""
    def post(handler, payload):
        return client.act(usage_id, handler, learner, payload)

    statuses = []
    for handler, payload in steps:
        if handler == "twice":
            results = []
            threads = [threading.Thread(target=lambda p=p, results=results: results.append(post("submit", p)))
                       for p in payload]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            statuses += results
        else:
            statuses.append(post(handler, payload))
    return statuses


def test_a_storm_of_200_learners_through_four_processes_loses_nothing_and_refuses_nothing(serve):
    server, usage_id = serve(STORM_EXERCISE)
    client = LiveClient(server.url, f"/view/{server.name}/")
    rng = random.Random(12)
    plans = {f"storm{number}": storm_plan(rng, f"storm{number}") for number in range(200)}
    with ThreadPoolExecutor(max_workers=64) as pool:
        statuses = [status for replies in pool.map(lambda item: run_plan(client, usage_id, *item), plans.items())
                    for status in replies]
    assert statuses.count(200) == len(statuses), {status: statuses.count(status) for status in set(statuses)}
    assert_counters_match_a_recount(usage_id)
    assert api.participant_count(usage_id) == 200
    print(f"\n{len(statuses)} writes of 200 learners through {WORKERS} processes: all 200, "
          f"{SharedText.objects.filter(block_key=usage_id).count()} shared texts, each owned")


def hold_the_blocks_rows(usage_id, seconds, locked):
    """Another connection holds every row of the block's counters (MariaDB) or the database (SQLite) for a while."""
    from django.db import connections  # noqa: PLC0415

    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            if other.vendor == "sqlite":
                cursor.execute("BEGIN IMMEDIATE")
            else:
                cursor.execute("START TRANSACTION")
                for table in ("participanttally", "statementtally"):
                    cursor.execute(f"SELECT * FROM sexmot_xblocks_{table} WHERE block_key = %s FOR UPDATE", [usage_id])
            locked.set()
            time.sleep(seconds)
            cursor.execute("COMMIT")
    finally:
        other.close()


def test_one_learners_two_writes_behind_a_long_held_lock_count_once_and_leave_no_orphan(serve):
    server, usage_id = serve(STORM_EXERCISE)
    client = LiveClient(server.url, f"/view/{server.name}/")
    for other in ("a", "b"):  # the block's rows exist and others have answered
        assert client.act(usage_id, "submit", other, submission()) == 200
    locked = threading.Event()
    holder = threading.Thread(target=hold_the_blocks_rows, args=(usage_id, 6, locked))
    holder.start()
    locked.wait(10)
    replies = []
    first = threading.Thread(target=lambda: replies.append(
        client.act(usage_id, "submit", "x", submission(s1=1, s2=1, text="Första", sharing="shared"))))
    second = threading.Thread(target=lambda: replies.append(
        client.act(usage_id, "submit", "x", submission(s1=5, s2=5, text="Andra", sharing="shared"))))
    first.start()
    time.sleep(2)  # the second write of the same learner comes while the first still waits for the lock
    second.start()
    for thread in (first, second, holder):
        thread.join(60)
    assert replies == [200, 200]
    assert_counters_match_a_recount(usage_id)
    assert api.participant_count(usage_id) == 3
    [text] = pool_texts(block_key=usage_id)
    assert text in ("Första", "Andra") and learner_states(usage_id)["x"].free_text == text  # whichever came last


def test_kill_9_in_the_middle_of_a_burst_and_a_restart_leave_every_acknowledged_write_counted_once(serve):
    server, usage_id = serve(STORM_EXERCISE)
    client = LiveClient(server.url, f"/view/{server.name}/")
    rng = random.Random(9)
    writes = {f"burst{number}": submission(rng.randint(1, 5), rng.randint(1, 5), f"Text {number}",
                                           rng.choice(["shared", "private"])) for number in range(300)}
    acknowledged, killed = {}, threading.Event()

    def write(learner):
        try:
            if client.act(usage_id, "submit", learner, writes[learner]) == 200:
                acknowledged[learner] = writes[learner]["answers"]
        except (urllib.error.URLError, ConnectionError, OSError):
            return  # the server died under this request: unacknowledged, it may or may not have been saved
        if len(acknowledged) >= 40 and not killed.is_set():  # well into the burst, with writes in flight
            killed.set()
            server.kill()

    with ThreadPoolExecutor(max_workers=32) as pool:
        list(pool.map(write, writes))
    assert 0 < len(acknowledged) < len(writes), "the kill must fall in the middle of the burst"

    restarted, _ = serve(STORM_EXERCISE, name=server.name)
    states = learner_states(usage_id)
    for learner, answers in acknowledged.items():
        assert states[learner].submitted and states[learner].answers == answers, learner
    assert_counters_match_a_recount(usage_id)
    again = LiveClient(restarted.url, f"/view/{restarted.name}/")
    for learner in list(writes)[:20]:  # and the block goes on working for everyone
        assert again.act(usage_id, "submit", learner, submission(s1=3, s2=3)) == 200
    assert_counters_match_a_recount(usage_id)


def test_12_simultaneous_group_sessions_of_10_learners_each_recount_exactly(serve):
    """Twelve meetings at once, as on a training day across a region: each session equals a recount of its own.

    32 learners write at any moment, so with twelve sessions about three write to each session at once:
    more meet on one session's rows than with more sessions, which is what the recount is to catch.
    """
    server, usage_id = serve(STORM_EXERCISE)
    client = LiveClient(server.url, f"/view/{server.name}/")
    codes = [client.act_json(usage_id, "start_session", f"leader{number}", {})["code"]
             for number in range(SESSIONS)]
    rng = random.Random(30)
    members = {code: [f"s{number}-{index}" for index in range(10)] for number, code in enumerate(codes)}
    plans = {}
    for code, learners in members.items():
        for learner in learners:
            plans[learner] = [
                (handler, tuple({**each, "session": code} for each in payload) if handler == "twice"
                 else {**payload, "session": code})
                for handler, payload in storm_plan(rng, learner)
            ]
    # 32 learners writing at any moment: on SQLite every write waits for the one write lock, and a
    # wait beyond SQLite's 30 s timeout on a loaded 2-core machine answers 503 (MariaDB runs it too).
    with ThreadPoolExecutor(max_workers=32) as pool:
        statuses = [status for replies in pool.map(lambda item: run_plan(client, usage_id, *item), plans.items())
                    for status in replies]
    assert statuses.count(200) == len(statuses), {status: statuses.count(status) for status in set(statuses)}
    for code, learners in members.items():
        assert_session_matches_a_recount(usage_id, code, learners)
    assert api.participant_count(usage_id) == 0  # an answer given in a session counts there only (ADR 0024)
    print(f"\n{len(statuses)} writes of {SESSIONS} sessions × 10 learners through {WORKERS} processes: "
          "every session exact")
