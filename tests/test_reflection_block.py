"""The reflection exercise through the real workbench runtime and Django HTTP."""
import csv
import io
import json

import pytest
from lxml import etree
from workbench.runtime import WorkbenchRuntime
from xblock.validation import Validation

from sexmot_xblocks.storage import api
from sexmot_xblocks.storage.models import SharedText
from tests.security_support import pool_texts, submission

EXERCISE = """
<sexmot_reflection display_name="Attityder" threshold="3" participation_scored="true">
  <prompt><p>Fundera <strong>ärligt</strong>.</p><script>alert(1)</script></prompt>
  <statement id="s1">Den som säljer sex har gjort ett fritt val.</statement>
  <statement id="s2">Jag frågar gärna.</statement>
  <free_text_prompt>Vad tänker du?</free_text_prompt>
</sexmot_reflection>
"""


def tallies(preview):
    return api.participant_count(preview.usage_id), api.statement_tallies(preview.usage_id)


@pytest.fixture
def exercise(load_scenario):
    return load_scenario(EXERCISE)


def test_aggregates_stay_hidden_below_the_threshold_and_show_as_percentages_above(exercise):
    for student, choice in (("a", 1), ("b", 1)):
        assert exercise.post("submit", submission(s1=choice), student).status_code == 200
    reply = exercise.post("submit", submission(s1=5), "c")
    hidden_view = exercise.view("a")
    assert "1 more person" not in hidden_view
    assert reply.status_code == 200
    html = reply.json()["results_html"]
    assert "3 people have answered" in html
    assert "67 %" in html and "33 %" in html


def test_a_learner_below_the_threshold_is_told_how_many_answers_are_missing(exercise):
    html = exercise.post("submit", submission(), "a").json()["results_html"]
    assert "2 more people" in html
    assert "%" not in html.split("more people")[1]


def test_threshold_configured_below_three_is_raised_to_three(load_scenario):
    preview = load_scenario(EXERCISE.replace('threshold="3"', 'threshold="1"'))
    html = preview.post("submit", submission(), "a").json()["results_html"]
    assert "2 more people" in html


def test_a_changed_answer_moves_the_tally_and_is_never_counted_twice(exercise):
    exercise.post("submit", submission(s1=1, s2=2), "a")
    exercise.post("submit", submission(s1=4, s2=2), "a")
    exercise.post("submit", submission(s1=4, s2=2), "a")
    participants, counts = tallies(exercise)
    assert participants == 1
    assert counts == {"s1": {4: 1}, "s2": {2: 1}}
    assert exercise.block("a").answers == {"s1": 4, "s2": 2}


def test_private_text_stays_in_the_learners_own_state_and_nowhere_else(exercise):
    exercise.post("submit", submission(text="Mitt privata svar", sharing="private"), "a")
    for student in ("b", "c"):
        exercise.post("submit", submission(), student)
    assert exercise.block("a").free_text == "Mitt privata svar"
    assert SharedText.objects.count() == 0
    assert "Mitt privata svar" not in exercise.view("b")
    assert "Mitt privata svar" not in exercise.view("staff")
    assert "Mitt privata svar" not in exercise.get("export_csv", "staff").content.decode()


def test_shared_text_reaches_the_group_without_identity_and_can_be_withdrawn(exercise):
    exercise.post("submit", submission(text="Delad tanke", sharing="shared"), "alice")
    for student in ("bob", "carol"):
        exercise.post("submit", submission(), student)
    row = SharedText.objects.get()
    assert pool_texts() == ["Delad tanke"]
    assert "alice" not in json.dumps([str(value) for value in row.__dict__.values()])
    assert "Delad tanke" in exercise.view("bob")
    staff_view = exercise.view("staff")
    assert "Delad tanke" in staff_view and "alice" not in staff_view
    assert exercise.post("withdraw", {}, "alice").status_code == 200
    assert SharedText.objects.count() == 0
    assert exercise.block("alice").free_text == "Delad tanke"
    assert exercise.block("alice").sharing == "private"


def test_editing_a_shared_text_replaces_the_shared_copy(exercise):
    exercise.post("submit", submission(text="Första", sharing="shared"), "a")
    exercise.post("submit", submission(text="Andra", sharing="shared"), "a")
    assert pool_texts() == ["Andra"]


def test_device_only_text_is_never_accepted_by_the_server(exercise):
    refused = exercise.post("submit", submission(text="Hemligt", sharing="device"), "a")
    assert refused.status_code == 400
    assert exercise.block("a").submitted is False
    accepted = exercise.post("submit", submission(sharing="device"), "a")
    assert accepted.status_code == 200
    block = exercise.block("a")
    assert block.submitted and block.free_text == "" and block.sharing == "device"


def test_staff_handlers_refuse_learners_with_403(exercise):
    exercise.post("submit", submission(text="x", sharing="shared"), "a")
    assert exercise.post("facilitator_page", {"page": 1}, "a").status_code == 403
    assert exercise.get("export_csv", "a").status_code == 403
    assert exercise.post("facilitator_page", {"page": 1}, "staff").status_code == 200
    assert exercise.get("export_csv", "staff").status_code == 200
    assert "Facilitator view" not in exercise.view("a")


@pytest.mark.parametrize("body", [
    "not json",
    json.dumps([1, 2]),
    json.dumps({"answers": {"s1": 1, "s2": 2}}),
    json.dumps({**submission(), "unknown": 1}),
    json.dumps(submission(s1=6)),
    json.dumps(submission(s1=0)),
    json.dumps({**submission(), "answers": {"s1": "1", "s2": 2}}),
    json.dumps({**submission(), "answers": {"s1": 1}}),
    json.dumps({**submission(), "answers": {"s1": 1, "s2": 2, "s9": 3}}),
    json.dumps(submission(text="x" * 5001)),
    json.dumps(submission(sharing="everyone")),
    json.dumps(submission(text="", sharing="shared")),
    json.dumps(submission(text="bad \ud800 surrogate")),
    json.dumps(submission(text="nul \x00 byte")),
])
def test_bad_input_gets_400_with_a_message_and_changes_nothing(exercise, body):
    exercise.post("submit", submission(s1=3, s2=3, text="Före", sharing="shared"), "a")
    before_state = exercise.block("a").answers, exercise.block("a").free_text
    before_tallies = tallies(exercise)
    reply = exercise.post("submit", None, "a", raw=body)
    assert reply.status_code == 400
    assert reply.json()["error"]
    assert (exercise.block("a").answers, exercise.block("a").free_text) == before_state
    assert tallies(exercise) == before_tallies
    assert pool_texts() == ["Före"]


def test_handler_errors_never_echo_learner_text(exercise):
    reply = exercise.post("submit", submission(text="hemlig-text " * 600), "a")
    assert reply.status_code == 400
    assert "hemlig" not in reply.content.decode()


def test_learner_text_is_escaped_in_every_view_and_the_csv_is_formula_safe(exercise):
    payload = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
    exercise.post("submit", submission(text=payload, sharing="shared"), "a")
    exercise.post("submit", submission(text="=HYPERLINK(\"http://x\")", sharing="shared"), "b")
    exercise.post("submit", submission(), "c")
    for html in (
        exercise.view("c"),
        exercise.view("staff"),
        exercise.post("facilitator_page", {}, "staff").json()["html"],
    ):
        assert "<img src=x" not in html and "<script>alert(2)" not in html
        assert "&lt;img src=x onerror=" in html
    csv_text = exercise.get("export_csv", "staff").content.decode()
    assert "'=HYPERLINK" in csv_text


def test_staff_rich_text_is_sanitized(exercise):
    html = exercise.view("a")
    assert "<strong>ärligt</strong>" in html
    assert "alert(1)" not in html


def test_submission_publishes_completion_and_a_participation_grade(exercise, published):
    exercise.post("submit", submission(text="hemligt", sharing="shared"), "a")
    assert ("completion", {"completion": 1.0}) in published
    assert ("grade", {"value": 1.0, "max_value": 1.0}) in published
    assert "hemligt" not in json.dumps(published) and '"a"' not in json.dumps(published)


def test_ungraded_exercise_publishes_completion_only(load_scenario, published):
    preview = load_scenario(EXERCISE.replace('participation_scored="true"', 'participation_scored="false"'))
    preview.post("submit", submission(), "a")
    assert [kind for kind, _ in published] == ["completion"]
    assert preview.block("a").has_score is False


def test_csv_hides_everything_below_the_threshold(exercise):
    exercise.post("submit", submission(text="Delad", sharing="shared"), "a")
    csv_text = exercise.get("export_csv", "staff").content.decode()
    assert "hidden" in csv_text and "Delad" not in csv_text


def csv_rows(preview):
    return list(csv.reader(io.StringIO(preview.get("export_csv", "staff").content.decode("utf-8"))))


@pytest.mark.swedish
def test_a_swedish_facilitator_s_csv_has_swedish_headers_and_shares_a_spreadsheet_reads_as_numbers(exercise):
    for student, (first, second) in zip("abc", ((1, 5), (1, 4), (2, 4))):
        exercise.post("submit", submission(s1=first, s2=second, text=f"Text från {student}", sharing="shared"), student)
    rows = csv_rows(exercise)
    scale = ["Instämmer inte alls", "Tar delvis avstånd", "Varken eller", "Instämmer delvis", "Instämmer helt"]
    assert rows[0] == ["Påstående (andelar i %)", *scale]
    assert rows[1] == ["Deltagare", "3"]
    statements = {row[0]: row[1:] for row in rows[2:4]}
    assert statements["Den som säljer sex har gjort ett fritt val."] == ["67", "33", "0", "0", "0"]
    assert statements["Jag frågar gärna."] == ["0", "0", "0", "67", "33"]
    assert rows[5] == ["Delad text", "Dag"]
    assert sorted(row[0] for row in rows[6:]) == ["Text från a", "Text från b", "Text från c"]


@pytest.mark.swedish
def test_a_swedish_facilitator_s_csv_below_the_threshold_says_so_in_swedish(exercise):
    exercise.post("submit", submission(text="Delad", sharing="shared"), "a")
    rows = csv_rows(exercise)
    assert rows[0][0] == "Påstående (andelar i %)"
    assert rows[1] == ["Resultaten visas inte: färre svar än det minsta antalet."]


def test_facilitator_pages_through_shared_texts(exercise):
    for number in range(45):
        exercise.post("submit", submission(text=f"Text nummer {number}", sharing="shared"), f"learner{number}")
    pages = [exercise.post("facilitator_page", {"page": page}, "staff").json()["html"] for page in (1, 2, 3)]
    seen = [number for number in range(45) if any(f"Text nummer {number}<" in page for page in pages)]
    assert len(seen) == 45
    assert "Page 3 of 3" in pages[2]


def test_student_view_data_is_content_only(exercise):
    data = exercise.block("a").student_view_data()
    assert data["statements"] == [
        {"id": "s1", "text": "Den som säljer sex har gjort ett fritt val."}, {"id": "s2", "text": "Jag frågar gärna."}]
    assert data["threshold"] == 3 and "answers" not in data and "alert" not in data["prompt"]
    block = exercise.block("a")
    assert block.has_support(block.student_view, "multi_device")


def test_olx_round_trip_gives_back_the_same_block(exercise):
    runtime = WorkbenchRuntime("a")
    block = runtime.get_block(exercise.usage_id)
    exported = etree.Element("root")
    runtime.add_block_as_child_node(block, exported)
    xml = etree.tostring(exported[0], encoding="unicode")
    assert '<statement id="s1">' in xml and "<script" not in xml and "&quot;" not in xml
    again = runtime.get_block(runtime.parse_xml_string(xml))
    for name in ("display_name", "prompt", "statements", "threshold", "participation_scored", "free_text_prompt"):
        assert getattr(again, name) == getattr(block, name), name
    exported_again = etree.Element("root")
    runtime.add_block_as_child_node(again, exported_again)
    assert etree.tostring(exported_again[0], encoding="unicode") == xml


def test_studio_refuses_a_threshold_below_three_and_gives_new_statements_ids(exercise):
    block = exercise.block("staff")
    validation = Validation(block.scope_ids.usage_id)
    block.validate_field_data(validation, {"threshold": 2, "statements": [{"text": "Ny"}]})
    assert any("below 3" in message.text for message in validation.messages)
    data = {"statements": [{"id": "s1", "text": "A"}, {"text": "B"}], "prompt": "<p onclick='x()'>Hej</p>"}
    block.clean_studio_edits(data)
    assert data["statements"] == [{"id": "s1", "text": "A"}, {"id": "s2", "text": "B"}]
    assert data["prompt"] == "<p>Hej</p>"
