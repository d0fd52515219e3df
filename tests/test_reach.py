"""The "about your work" step and the course's reach report, through the workbench runtime, Django HTTP and
the database.

A learner's target group and county count in the course's reach scope only as counts, released like
the reflection's answers; their own state holds them sealed; course staff see the tables with every
small count hidden and download them as CSV and as the JSON document the authority merges.
"""
import csv
import io
import json
from concurrent.futures import ThreadPoolExecutor

import pytest

from reflection_xblock.about_work.block import AboutWorkXBlock
from sexmot_xblocks.storage import answers, reach
from sexmot_xblocks.storage.reach_document import FORMAT, checked
from sexmot_xblocks.storage.reach_suppression import COMPLETED, DISCUSSED
from tests.security_support import LiveClient

SCENARIO = AboutWorkXBlock.workbench_scenarios()[0][1]
STAFF = "staff_reach"


@pytest.fixture(autouse=True)
def reach_threshold(settings):
    settings.SEXMOT_REACH_THRESHOLD = 3


def answer(preview, student, group="socialtjanst", county="AB"):
    return preview.post("answer", {"target_group": group, "county": county}, student)


def report(preview):
    response = preview.get("report_json", STAFF)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    return checked(json.loads(response.content))


def counts(document, table="target_group"):
    return {row["id"]: row["counts"] for row in document["tables"][table]["rows"]}


@pytest.mark.django_db
def test_answers_show_only_in_releases_of_the_threshold_with_small_counts_hidden(load_scenario):
    preview = load_scenario(SCENARIO)
    for student in ("a1", "a2"):
        assert answer(preview, student).status_code == 200
    assert counts(report(preview))["socialtjanst"] == [None, None, None]  # two answers: no release yet
    assert answer(preview, "a3", group="skola", county="M").status_code == 200
    document = report(preview)
    assert document["format"] == FORMAT and document["threshold"] == 3
    assert document["tables"]["target_group"]["totals"] == [3, None, None]
    # Two of social services and one of school: the one is hidden, and so is the two, that would give it away.
    assert counts(document)["socialtjanst"] == [None, None, None] and counts(document)["skola"] == [None, None, None]
    for student, group in (("a4", "skola"), ("a5", "skola"), ("a6", "socialtjanst")):
        answer(preview, student, group=group)
    document = report(preview)
    # Three and three, the other groups empty: one of the threes is hidden with the empty ones, else the
    # total would tell that nobody is in them; the first of equals goes.
    assert counts(document)["skola"][0] == 3 and counts(document)["socialtjanst"][0] is None
    assert document["tables"]["target_group"]["totals"][0] == 6


@pytest.mark.django_db
def test_completion_and_discussion_count_in_the_learners_own_categories_and_wait_for_a_release(load_scenario):
    preview = load_scenario(SCENARIO)
    for student, group in (("b1", "hvb"), ("b2", "hvb"), ("b3", "hvb"), ("b4", "skola"), ("b5", "skola"),
                           ("b6", "skola")):
        answer(preview, student, group=group, county="O")
    scope = reach.block_scope_key(preview.block())
    for student in ("b4", "b5"):
        reach.note_stage(scope, student, COMPLETED)
    assert report(preview)["tables"]["target_group"]["totals"] == [6, None, None]  # two completions: no release
    reach.note_stage(scope, "b6", COMPLETED)
    reach.note_stage(scope, "b6", COMPLETED)  # once is enough: a second note changes nothing
    reach.note_stage(scope, "never-answered", DISCUSSED)  # in no table, and no row is left
    document = report(preview)
    assert document["tables"]["target_group"]["totals"] == [6, 3, None]
    assert counts(document, "county")["O"][:2] == [None, None]  # the only county: the totals would tell it
    assert answers.statement_tallies(scope)["completed:target_group:skola"] == {1: 3}
    assert not answers.takes_part(scope, "never-answered")


@pytest.mark.django_db
def test_a_target_group_with_a_long_id_counts_in_every_stage_like_any_other():
    """An author may give a target group an id of any length: its counts must still be the group's own."""
    long_ids = ["kommunernas-socialtjanst-med-ansvar-for-barn-och-unga-i-hela-lanet",
                "kommunernas-socialtjanst-med-ansvar-for-barn-och-unga-i-hela-landet"]
    scope = reach.scope_key("course-v1:Socialstyrelsen+SMEBU+2026")
    for student, group_id in (("c1", long_ids[0]), ("c2", long_ids[0]), ("c3", long_ids[0]), ("c4", long_ids[1]),
                              ("c5", long_ids[1]), ("c6", long_ids[1])):
        reach.choose(scope, student, group_id, "AB", keep=lambda record: None)
    for student in ("c1", "c2", "c3", "c4", "c5", "c6"):
        reach.note_stage(scope, student, COMPLETED)
    document = reach.report("course-v1:Socialstyrelsen+SMEBU+2026", [(long_ids[0], "Län"), (long_ids[1], "Land")])
    assert counts(document) == {long_ids[0]: [3, 3, None], long_ids[1]: [3, 3, None]}


@pytest.mark.django_db
def test_the_learners_choice_is_sealed_in_their_state_and_a_change_moves_their_count(load_scenario):
    preview = load_scenario(SCENARIO)
    answer(preview, "c1", group="skola", county="BD")
    block = preview.block("c1")
    assert block.answered and "skola" not in block.sealed_record and "BD" not in block.sealed_record
    assert 'value="skola" checked' in preview.view("c1")  # the learner sees their own answer
    answer(preview, "c1", group="annat", county="BD")
    scope = reach.block_scope_key(block)
    live = answers.statement_tallies(scope)
    assert "started:target_group:skola" not in live and live["started:target_group:annat"] == {1: 1}


@pytest.mark.django_db
@pytest.mark.parametrize("payload", [
    {"target_group": "no-such-group", "county": "AB"},
    {"target_group": "skola", "county": "XX"},
    {"target_group": "skola"},
    {"target_group": "skola", "county": "AB", "name": "Ada"},
    {"target_group": ["skola"], "county": "AB"},
])
def test_bad_input_is_a_400_that_changes_nothing(load_scenario, payload):
    preview = load_scenario(SCENARIO)
    response = preview.post("answer", payload, "d1")
    assert response.status_code == 400 and "Ada" not in response.content.decode()
    assert not preview.block("d1").answered
    assert answers.statement_tallies(reach.block_scope_key(preview.block("d1"))) == {}


@pytest.mark.django_db
def test_only_course_staff_see_and_download_the_report(load_scenario):
    preview = load_scenario(SCENARIO)
    for student in ("e1", "e2", "e3"):
        answer(preview, student, group="god-man", county="C")
    assert "sexmot-reach-report" not in preview.view("e1")
    assert "sexmot-reach-report" in preview.view(STAFF)
    for handler in ("report_csv", "report_json"):
        assert preview.get(handler, "e1").status_code == 403
    response = preview.get("report_csv", STAFF)
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert rows[0] == ["Target group", "Answered this step", "Completed the web training",
                       "Took part in a group discussion"]
    # One group only: hidden, since the total would tell it; the total shows.
    assert ["God man för ensamkommande barn", "", "", ""] in rows and ["Total", "3", "", ""] in rows


@pytest.mark.django_db(transaction=True)
def test_many_first_answers_at_once_on_a_new_course_each_count_once(live_server, load_scenario):
    """The step's first answers meet a course whose counter rows do not exist yet: every one counts once.

    Runs on the suite's database; on MariaDB (CI) the requests overlap, and rows created inside concurrent
    transactions would deadlock (ADR 0018): they are created outside, as the reflection's are.
    """
    preview = load_scenario(SCENARIO)
    client = LiveClient(live_server.url, f"/view/{preview.name}/")
    learners = [f"first{n}" for n in range(24)]

    def first_answer(name):
        group = "skola" if int(name[5:]) % 2 else "socialtjanst"
        return client.act(preview.usage_id, "answer", name, {"target_group": group, "county": "AB"})

    with ThreadPoolExecutor(max_workers=12) as pool:
        assert set(pool.map(first_answer, learners)) == {200}
    document = report(preview)
    assert document["tables"]["target_group"]["totals"][0] == len(learners)
    # Twelve and twelve, every other group empty: one twelve is hidden with the empty ones (the rule above).
    shown = [counts(document)[group][0] for group in ("skola", "socialtjanst")]
    assert sorted(shown, key=str) == [len(learners) // 2, None]
