"""Where a learner's write meets the platform: staff reports, form uploads, failures outside the write, spreadsheets.

Each test reproduces what the platform (or a spreadsheet program) does with the block's data and
names the procedure it mirrors.
"""
import csv
import io
import json
import re

import pytest
from django.db import OperationalError, connection
from django.test import Client
from workbench.models import XBlockState

from sexmot_xblocks.storage.models import SharedText
from sexmot_xblocks.toolkit.handlers import RETRY_MESSAGE
from sexmot_xblocks.toolkit.sanitize import clean_rich_text
from tests.handler_calls import action_path
from tests.security_support import EXERCISE, stored_state, submission

PRIVATE_TEXT = "Min privata tanke om mina fördomar"
SHARED_TEXT = "Min delade tanke, utan namn"


@pytest.fixture
def exercise(load_scenario):
    return load_scenario(EXERCISE)


def problem_responses_report(usage_id, block):
    """The rows of Open edX's "problem responses" report for one block, as the platform builds them.

    Mirrors ``ProblemResponses._build_student_data`` (``lms/djangoapps/instructor_task/tasks_helper/
    grades.py``): ``list_problem_responses`` gives each learner's username and raw state
    (``courseware_studentmodule.state``), ``generate_report_data`` receives
    ``DjangoXBlockUserStateClient.iter_all_for_block`` (username and state dict per learner), and
    each of its rows is laid over the learner's response, so the raw state stays in the report.
    """

    class UserState:  # the fields of xblock's XBlockUserState that generate_report_data reads
        def __init__(self, row):
            self.username, self.state = row.user_id, json.loads(row.state)

    rows = XBlockState.objects.filter(scope="usage", scope_id=usage_id).exclude(user_id=None).exclude(state="{}")
    generated = {}
    for username, columns in block.generate_report_data(UserState(row) for row in rows):
        generated.setdefault(username, []).append(columns)
    report = []
    for row in rows:
        response = {"username": row.user_id, "state": row.state}
        report += [{**response, **columns} for columns in generated.get(row.user_id, [])] or [response]
    return report


def test_the_problem_responses_report_links_no_text_answer_or_sharing_choice_to_a_username(exercise):
    exercise.post("submit", submission(s1=1, s2=5, text=PRIVATE_TEXT, sharing="private"), "privat")
    exercise.post("submit", submission(s1=2, s2=4, text=SHARED_TEXT, sharing="shared"), "delare")
    exercise.post("submit", submission(s1=3, s2=3, sharing="device"), "enhet")
    report = problem_responses_report(exercise.usage_id, exercise.block("staff"))

    assert {row["username"] for row in report} == {"privat", "delare", "enhet"}
    as_text = json.dumps(report, ensure_ascii=False)
    for secret in (PRIVATE_TEXT, SHARED_TEXT, "shared", "private", "device", "withdraw"):
        assert secret not in as_text, secret
    states = [json.loads(row["state"]) for row in report]
    assert all(set(state) == {"submitted", "sealed_record"} for state in states)
    assert not any(re.search(r'"s[12]"', row["state"]) for row in report), "answers are sealed too"
    assert exercise.block("privat").free_text == PRIVATE_TEXT  # the learner still reads their own record
    assert exercise.block("delare").free_text == SHARED_TEXT


def test_a_form_upload_with_a_valid_csrf_token_gets_a_clear_4xx_and_changes_nothing(exercise):
    """Django's CSRF middleware reads a multipart body before any handler; the handler must not read it again."""
    browser = Client(enforce_csrf_checks=True)
    browser.get(f"/view/{exercise.name}/?student=former")
    token = browser.cookies["csrftoken"].value
    before = stored_state()
    for handler in ("submit", "withdraw", "group_page", "facilitator_page", "submit_studio_edits"):
        reply = browser.post(action_path(exercise.usage_id, handler, "former"),
                             {"csrfmiddlewaretoken": token, "sharing": "private"})
        assert reply.status_code == 415, (handler, reply.status_code)
        assert "JSON" in reply.json()["error"]
    assert stored_state() == before


class FailReadsOf:
    """Fail every read of one table, as a database that refuses connections would."""

    def __init__(self, table):
        self.table = table

    def __call__(self, execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("SELECT") and self.table in sql:
            raise OperationalError("injected failure: too many connections")
        return execute(sql, params, many, context)


@pytest.mark.parametrize("table, handler, payload", [
    ("workbench_xblockstate", "submit", submission(s1=4, s2=4)),  # the learner's state, read before any lock
    ("workbench_xblockstate", "group_page", {"page": 1}),
    ("sexmot_xblocks_sharedtext", "submit", submission(s1=4, s2=4)),
    ("sexmot_xblocks_participanttally", "group_page", {"page": 1}),
    ("sexmot_xblocks_participanttally", "facilitator_page", {"page": 1}),
])
def test_a_database_failure_outside_the_write_answers_json_503_with_the_retry_message(exercise, table, handler,
                                                                                        payload):
    exercise.post("submit", submission(text=SHARED_TEXT, sharing="shared"), "learner")
    before = stored_state()
    student = "staff" if handler == "facilitator_page" else "learner"
    with connection.execute_wrapper(FailReadsOf(table)):
        replies = [exercise.post(handler, payload, student)]
    for reply in replies:
        assert reply.status_code == 503 and reply["Content-Type"].startswith("application/json")
        assert reply.json()["error"] == RETRY_MESSAGE
    assert stored_state() == before


def spreadsheet_cells(data, separator):
    """The cells a spreadsheet program makes of a CSV file when it guesses ``separator`` (Swedish Excel: ';')."""
    return [cell for row in csv.reader(io.StringIO(data), delimiter=separator) for cell in row]


def test_the_csv_has_no_formula_cell_whichever_separator_the_spreadsheet_guesses(load_scenario):
    hostile = ["ok;=1+1", "a,@SUM(A1)", "x\t+1", "rad ett\r\n-2+3", "｜＝HYPERLINK(1)", "ok; =1", "a|=1"]
    preview = load_scenario(EXERCISE.replace("Påstående ett", "Bra;=cmd|'/c calc'!A0"))
    for number, text in enumerate(hostile):
        assert preview.post("submit", submission(text=text, sharing="shared"), f"l{number}").status_code == 200
    data = preview.get("export_csv", "staff").content.decode("utf-8")
    for separator in (",", ";", "\t", "|"):
        for cell in spreadsheet_cells(data, separator):
            assert not re.match(r"\s*[=+\-@\uff1d\uff0b\uff0d\uff20]", cell), (separator, cell)
    assert spreadsheet_cells(data, ",").count("ok;'=1+1") == 1  # the text itself is kept, only neutralised


def test_staff_text_keeps_no_class_but_the_courses_own_source_citation():
    hostile = ('<p>Text <cite class="sexmot-facilitator sexmot-presenting">x</cite>'
               '<cite class="sexmot-source">(Källa: BrB 6 kap. 11 §)</cite><em class="sexmot-title">y</em></p>')
    cleaned = clean_rich_text(hostile)
    assert "sexmot-facilitator" not in cleaned and "sexmot-presenting" not in cleaned
    assert "sexmot-title" not in cleaned
    assert '<cite class="sexmot-source">(Källa: BrB 6 kap. 11 §)</cite>' in cleaned


def test_no_shared_text_row_records_the_order_of_sharing(exercise):
    for number in range(12):
        exercise.post("submit", submission(text=f"Text {number}", sharing="shared"), f"w{number}")
    keys = list(SharedText.objects.values_list("key", "text"))
    assert SharedText._meta.pk.name == "key" and not SharedText._meta.pk.get_internal_type().endswith("AutoField")
    by_key = [text for _, text in sorted(keys)]
    assert by_key != [f"Text {number}" for number in range(12)], "primary keys are keyed hashes, not a sequence"
