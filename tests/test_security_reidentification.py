"""Re-identification: small groups, dates, order and single changes reveal nobody.

Learners and staff see only released snapshots: results appear once k
learners have answered, and change only after k more learners have answered
or changed something, so comparing two views never isolates one person.
"""
import base64
import datetime
import re

import pytest
from django.db import models as django_models
from workbench.runtime import WorkbenchRuntime

from sexmot_xblocks.storage import answers, api, sealing
from sexmot_xblocks.storage.models import Contribution, ParticipantTally, SharedText, StatementTally
from tests.security_support import EXERCISE, assert_counters_match_a_recount, call, submission

K5 = EXERCISE.replace('threshold="3"', 'threshold="5"')


def everything_a_role_can_see(preview, learner):
    """Every view and export of the group: learner results and pages, staff panel and pages, CSV, visitor, apps."""
    return {
        "learner view": preview.view(learner),
        "learner group page": call(preview, "group_page", learner, {"page": 1}).content.decode(),
        "staff view": preview.view("staff"),
        "facilitator page": call(preview, "facilitator_page", "staff", {"page": 1}).content.decode(),
        "csv": preview.get("export_csv", "staff").content.decode(),
        "anonymous view": preview.view("none"),
        "mobile data": str(WorkbenchRuntime(learner).get_block(preview.usage_id).student_view_data()),
    }


def test_below_the_threshold_no_view_or_export_shows_anything_of_the_group(load_scenario):
    preview = load_scenario(K5)
    for number in range(4):
        sharing = "shared" if number % 2 else "private"
        assert preview.post("submit", submission(s1=1 + number, text=f"Tanke nummer {number}", sharing=sharing),
                            f"l{number}").status_code == 200
    for where, text in everything_a_role_can_see(preview, "l0").items():
        assert not re.search("Tanke nummer [123]", text), where  # l0's own text is theirs to see
        assert not re.search(r"\d+ %", text), where
        assert "4 people" not in text and "participants" not in text, where
    assert "1 more person" in preview.view("l0")
    assert "hidden" in preview.get("export_csv", "staff").content.decode()

    preview.post("submit", submission(), "l4")
    for where in ("learner view", "staff view", "facilitator page", "csv"):
        assert "Tanke nummer 1" in everything_a_role_can_see(preview, "l0")[where], where


def test_nothing_stored_for_the_group_has_a_time_or_an_identity():
    for model in (ParticipantTally, StatementTally, Contribution, SharedText):
        for field in model._meta.fields:
            assert not isinstance(field, (django_models.DateTimeField, django_models.TimeField)), field
            assert not re.search(r"user|name|email|ip|session|student|author", field.name), field


def test_without_the_key_the_rows_waiting_for_the_next_release_look_like_every_other_row(load_scenario):
    """A database administrator without SECRET_KEY must not pick out the newest writers' rows (and match them with
    the newest learner-state rows, which name their learner): no clear value, length or time tells them apart."""
    preview = load_scenario(EXERCISE)  # threshold 3
    for learner, s1 in (("a", 1), ("b", 2), ("c", 3), ("d", 4)):  # a release of three, then "d" waits
        preview.post("submit", submission(s1=s1, text=f"Tanke {learner}", sharing="shared"), learner)
    preview.post("submit", submission(s1=5, text="Tanke a, ändrad", sharing="shared"), "a")  # "a" waits too
    rows = list(Contribution.objects.filter(block_key=preview.usage_id))
    assert len(rows) == 4
    assert {field.name for field in Contribution._meta.fields} == {"key", "block_key", "sealed"}
    assert len({len(row.sealed) for row in rows}) == 1, "a waiting row's length gives it away"
    assert len({base64.urlsafe_b64decode(row.sealed)[1:9] for row in rows}) == 1, "a sealing time gives it away"
    stored = " ".join(str(value) for row in SharedText.objects.values_list() for value in row)
    for text in ("Tanke a", "Tanke b", "Tanke d", "ändrad"):
        assert text not in stored, "a text must not be readable in the database"


def test_a_shared_text_is_dated_by_the_day_of_its_release_never_by_when_it_was_written(load_scenario):
    preview = load_scenario(EXERCISE)
    preview.post("submit", submission(text="Skriven för länge sedan", sharing="shared"), "early")
    SharedText.objects.update(shared_on=datetime.date(2020, 1, 2))  # as if it waited three days for a release
    for learner in ("b", "c"):
        preview.post("submit", submission(), learner)
    assert SharedText.objects.get().shared_on == datetime.date.today()
    rows = [line.split(",") for line in preview.get("export_csv", "staff").content.decode().splitlines()]
    days = [row[1] for row in rows if row[0] == "Skriven för länge sedan"]
    assert days == [datetime.date.today().isoformat()]
    for html in (preview.view("b"), preview.view("staff")):
        assert not re.search(r"\b\d{1,2}:\d{2}\b|2020-01-02", html)


def test_shared_texts_are_listed_in_an_order_unrelated_to_when_they_were_written(load_scenario):
    preview = load_scenario(EXERCISE)
    for number in range(39):  # 39 learners: thirteen full releases of three
        preview.post("submit", submission(text=f"Text {number:02d}.", sharing="shared"), f"w{number}")
    pages = [call(preview, "facilitator_page", "staff", {"page": page}).json()["html"] for page in (1, 2)]
    shown = [int(number) for number in re.findall(r"Text (\d\d)\.", "".join(pages))]
    assert sorted(shown) == list(range(39))
    assert shown != sorted(shown) and shown != sorted(shown, reverse=True)
    by_key = [sealing.unseal(token, {}, answers.TEXT_SEAL)["text"]
              for token in SharedText.objects.order_by("shuffle_key").values_list("text", flat=True)]
    assert [int(text[5:7]) for text in by_key] == shown
    csv_order = re.findall(r"Text (\d\d)\.", preview.get("export_csv", "staff").content.decode())
    assert [int(number) for number in csv_order] == shown


def test_one_persons_change_or_new_answer_never_shows_on_its_own(load_scenario):
    preview = load_scenario(EXERCISE)
    for learner in ("observer", "b", "c"):
        preview.post("submit", submission(s1=1, s2=1), learner)
    first_release = call(preview, "group_page", "observer", {"page": 1}).json()["html"]
    staff_first = call(preview, "facilitator_page", "staff", {"page": 1}).json()["html"]
    assert "3 people have answered" in first_release and "100 %" in first_release

    for choice in (5, 4, 5, 3, 5):  # b changes their mind five times: still one person, counted once
        assert preview.post("submit", submission(s1=choice, s2=1), "b").status_code == 200
        assert call(preview, "group_page", "observer", {"page": 1}).json()["html"] == first_release
    preview.post("submit", submission(s1=2, s2=2), "d")  # a newcomer: two people have now written
    preview.post("submit", submission(s1=2, s2=2), "d")
    assert call(preview, "group_page", "observer", {"page": 1}).json()["html"] == first_release
    assert call(preview, "facilitator_page", "staff", {"page": 1}).json()["html"] == staff_first

    preview.post("submit", submission(s1=4, s2=2, text="En ny röst", sharing="shared"), "e")  # the third writer
    second_release = call(preview, "group_page", "observer", {"page": 1}).json()["html"]
    assert second_release != first_release
    assert "5 people have answered" in second_release and "En ny röst" in second_release
    assert_counters_match_a_recount(preview.usage_id)


def test_writes_that_move_no_tally_never_help_one_persons_change_into_a_release(load_scenario):
    """Padding: re-saves, changes of sharing and changes undone count for nothing towards a release.

    With a release size of 3, a victim's changed answers plus two padding writes must not make a
    release whose difference from the last one is the victim's change alone.
    """
    preview = load_scenario(EXERCISE)
    for learner in ("observer", "pad1", "pad2", "victim"):
        preview.post("submit", submission(s1=1, s2=1), learner)
    preview.post("submit", submission(s1=2, s2=2), "mover")
    preview.post("submit", submission(s1=2, s2=2), "mover2")  # the second release: five people
    before = call(preview, "group_page", "observer", {"page": 1}).json()["html"]
    assert "6 people have answered" in before

    assert preview.post("submit", submission(s1=5, s2=5), "victim").status_code == 200  # the change to protect
    assert preview.post("submit", submission(s1=1, s2=1), "pad1").status_code == 200  # an identical re-save
    assert preview.post("submit", submission(s1=1, s2=1, text="Bara delning", sharing="shared"),
                        "pad2").status_code == 200  # a change of sharing only
    assert preview.post("submit", submission(s1=3, s2=1), "observer").status_code == 200  # a change ...
    assert preview.post("submit", submission(s1=1, s2=1), "observer").status_code == 200  # ... undone
    assert call(preview, "group_page", "observer", {"page": 1}).json()["html"] == before
    assert api.published_results(preview.usage_id).pending == 1

    preview.post("submit", submission(s1=4, s2=4), "pad1")  # two more real changes: now a release of three
    preview.post("submit", submission(s1=4, s2=4), "pad2")
    assert call(preview, "group_page", "observer", {"page": 1}).json()["html"] != before
    assert api.published_results(preview.usage_id).pending == 0
    assert_counters_match_a_recount(preview.usage_id)


def test_a_withdrawn_text_disappears_at_once_and_nothing_else_moves(load_scenario):
    preview = load_scenario(EXERCISE)
    preview.post("submit", submission(text="Jag ångrar mig", sharing="shared"), "a")
    for learner in ("b", "c"):
        preview.post("submit", submission(), learner)
    before = call(preview, "group_page", "b", {"page": 1}).json()["html"]
    assert "Jag ångrar mig" in before
    assert preview.post("withdraw", {}, "a").status_code == 200
    after = call(preview, "group_page", "b", {"page": 1}).json()["html"]
    assert "Jag ångrar mig" not in after
    assert re.sub(r"<div class=\"sexmot-shared\">.*", "", before, flags=re.S) == re.sub(
        r"<div class=\"sexmot-shared\">.*", "", after, flags=re.S)


@pytest.mark.parametrize("threshold", ["1", "2", "-5", "abc"])
def test_no_configuration_brings_the_threshold_below_three(load_scenario, threshold):
    try:
        preview = load_scenario(EXERCISE.replace('threshold="3"', f'threshold="{threshold}"'))
    except ValueError:
        return  # refused at import: nothing to show
    for learner in ("a", "b"):
        preview.post("submit", submission(text=f"Text från {learner}", sharing="shared"), learner)
    for where, text in everything_a_role_can_see(preview, "a").items():
        assert "Text från b" not in text and not re.search(r"\d+ %", text), where
