"""Many learners at once over real HTTP: every answer counted exactly once.

Runs against the database the suite is configured for: SQLite by default,
MariaDB on CI (``SEXMOT_DB=mysql``), where requests really overlap.
"""
import random
from concurrent.futures import ThreadPoolExecutor

import pytest
from workbench.runtime import WorkbenchRuntime

from sexmot_xblocks.storage import api
from sexmot_xblocks.storage.models import SharedText
from tests.security_support import LiveClient

LEARNERS = 60
EXERCISE = """
<sexmot_reflection display_name="Samtidigt" threshold="3">
  <statement id="a">Påstående A</statement>
  <statement id="b">Påstående B</statement>
  <statement id="c">Påstående C</statement>
</sexmot_reflection>
"""


def random_answers(rng):
    return {statement: rng.randint(1, 5) for statement in ("a", "b", "c")}


@pytest.mark.django_db(transaction=True)
def test_simultaneous_submissions_changes_and_withdrawals_lose_nothing(live_server, load_scenario):
    preview = load_scenario(EXERCISE.replace("<statement", '<free_text_prompt>Tankar</free_text_prompt><statement', 1))
    client = LiveClient(live_server.url, f"/view/{preview.name}/")
    rng = random.Random(20261124)
    first = {f"learner{n}": random_answers(rng) for n in range(LEARNERS)}
    second = {name: random_answers(rng) for name in first}
    share = {name: rng.random() < 0.5 for name in first}

    def submit(name, answers, sharing, text=""):
        return client.act(preview.usage_id, "submit", name, {"answers": answers, "free_text": text, "sharing": sharing})

    def first_round(name):
        return submit(name, first[name], "shared" if share[name] else "private", f"Text från deltagare {name}")

    def second_round(name):
        if share[name] and rng.random() < 0.5:
            return client.act(preview.usage_id, "withdraw", name, {})
        return submit(name, second[name], "private")

    with ThreadPoolExecutor(max_workers=50) as pool:
        assert set(pool.map(first_round, first)) == {200}
        assert set(pool.map(second_round, first)) == {200}

    expected, shared = {}, 0
    for name in first:
        block = WorkbenchRuntime(name).get_block(preview.usage_id)
        assert block.submitted
        shared += block.sharing == "shared"
        for statement, choice in block.answers.items():
            expected.setdefault(statement, {}).setdefault(choice, 0)
            expected[statement][choice] += 1
    assert api.participant_count(preview.usage_id) == LEARNERS
    assert api.statement_tallies(preview.usage_id) == expected
    assert SharedText.objects.count() == shared
