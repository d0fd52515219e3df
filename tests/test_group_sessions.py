"""Group sessions through the real handlers: starting, joining, the session's own results, polls, removal.

A session's results obey the course's anonymity rules on their own: hidden
below the session's threshold (never below 3, by default higher than the
course's), changed only in releases of whole groups, a waiting message that
does not tick with each participant, counted in the same write as the
course-wide results, and removed with the session.
"""
import datetime
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from opaque_keys.edx.locator import CourseLocator
from workbench.models import XBlockState
from xblock.exceptions import NoSuchUsage
from xblock.runtime import DictKeyValueStore, IdReader, KvsFieldData
from xblock.test.tools import TestRuntime

from sexmot_xblocks.storage import answers, api, sessions
from sexmot_xblocks.storage.models import Contribution, GroupSession, ParticipantTally, SharedText, StatementTally
from tests.security_support import EXERCISE, call, pool_texts, stored_state, submission
from tests.test_security_retirement import every_cached_key_and_value, every_stored_value

LEADER = "leader_1"


def start(preview, leader=LEADER):
    reply = call(preview, "start_session", leader, {})
    assert reply.status_code == 200, reply.content
    return reply.json()["code"]


def join(preview, code, student, **answers):
    """A participant's submission from the session's page."""
    return call(preview, "submit", student, {**submission(**answers), "session": code})


def results(preview, code, student=LEADER, tag=None, **asked):
    """A poll of the session's results as the projector and the run sheet send it: the code and the last tag in
    the body."""
    return call(preview, "session_results", student, {"code": code, **({"tag": tag} if tag else {}), **asked})


#: The session's pages and the view their page asks for (``session_document``) with the code of its address's fragment.
VIEWS = {"session_page": "page", "session_projector": "projector", "session_run_sheet": "run_sheet",
         "session_story": "story"}


class SessionView:
    """What a session's page receives for its view: the status, and the page (or the refusal's message)."""

    def __init__(self, reply):
        self.status_code, self.headers = reply.status_code, reply.headers
        body = reply.json()
        self.content = (body["html"] if reply.status_code == 200 else body["error"]).encode("utf-8")


def page(preview, handler, code, student=LEADER, **asked):
    """A session's page opened with ``code`` in its fragment: the view its script asks for, or a poll of the results."""
    if handler == "session_results":
        return results(preview, code, student)
    return SessionView(call(preview, "session_document", student, {"code": code, "view": VIEWS[handler], **asked}))


def test_a_learner_starts_a_session_with_a_short_code_open_for_a_meeting_and_kept_for_the_default_days(load_scenario):
    preview = load_scenario(EXERCISE)
    code = start(preview)
    assert re.fullmatch(f"[{sessions.CODE_ALPHABET}]{{6}}", code)
    session = GroupSession.objects.get()
    assert session.threshold == api.DEFAULT_SESSION_GROUP_SIZE > api.DEFAULT_GROUP_SIZE
    hours = (session.open_until - datetime.datetime.now(datetime.UTC)).total_seconds() / 3600
    assert 11.9 < hours <= 12
    assert (session.remove_on - session.open_until.date()).days == 30  # counted from when answers stop
    assert LEADER not in session.leader_key and sessions.is_leader(session, LEADER)
    assert sessions.find(preview.usage_id, code.lower()[:3] + "-" + code.lower()[3:]) == session  # as typed


def test_the_session_threshold_is_never_below_three_and_the_author_sets_days_kept(load_scenario):
    preview = load_scenario(EXERCISE.replace('threshold="3"', 'threshold="3" session_threshold="1" '
                                             'session_keep_days="7"'))
    start(preview)
    session = GroupSession.objects.get()
    assert session.threshold == 3
    assert (session.remove_on - session.open_until.date()).days == 7


def test_nothing_of_a_session_shows_below_its_threshold_and_the_waiting_message_never_ticks(load_scenario):
    preview = load_scenario(EXERCISE)
    code = start(preview)
    seen = []
    for number in range(5):
        assert join(preview, code, f"p{number}", s1=1 + number % 5, text=f"Text {number}", sharing="shared"
                    ).status_code == 200
        reply = results(preview, code)
        seen.append(reply.json()["html"])
        assert "%" not in reply.json()["html"] and "Text" not in reply.json()["html"]
    assert len(set(seen)) == 1, "the projector must not count participants one by one"
    assert "6" in seen[0]  # it names the threshold instead
    # An answer given in a session counts there only: the course's results (threshold 3) hold none of these.
    assert api.published_results(preview.usage_id).participants == 0 and api.participant_count(preview.usage_id) == 0
    assert join(preview, code, "p5", s1=3).status_code == 200
    html = results(preview, code).json()["html"]
    assert "6 people have answered" in html and "%" in html
    assert sorted(re.findall(r"Text \d", html)) == [f"Text {n}" for n in range(5)]


def test_a_session_changes_only_in_releases_of_whole_groups_so_no_one_is_told_apart(load_scenario):
    preview = load_scenario(EXERCISE)
    code = start(preview)
    for number in range(6):
        join(preview, code, f"p{number}", s1=1)
    first = results(preview, code)
    tag = first.json()["tag"]
    # One participant changes their answer: the released results must not move, not even by a rounding.
    assert join(preview, code, "p0", s1=5).status_code == 200
    assert results(preview, code, tag=tag).json() == {"unchanged": True}
    # Five more changes: still one short of a release of six.
    for number in range(1, 5):
        join(preview, code, f"p{number}", s1=5)
    join(preview, code, "p0", s1=1)  # an undone change pads nothing
    join(preview, code, "p0", s1=5)
    assert results(preview, code, tag=tag).json() == {"unchanged": True}
    join(preview, code, "p5", s1=5)
    reply = results(preview, code, tag=tag)
    assert reply.status_code == 200 and "100 %" in reply.json()["html"]


def test_a_session_counts_a_participant_once_and_only_in_the_session_and_recounts_exactly(load_scenario):
    preview = load_scenario(EXERCISE)
    code = start(preview)
    call(preview, "submit", "early", submission(s1=2))  # answered in the course before the meeting
    for student, s1 in (("early", 2), ("p1", 4), ("p2", 4), ("early", 5)):
        assert join(preview, code, student, s1=s1).status_code == 200
    scope = sessions.scope_key(code)
    assert api.participant_count(scope) == 3
    assert api.statement_tallies(scope) == {"s1": {5: 1, 4: 2}, "s2": {5: 3}}
    # The course counts what was answered in the course: "early"'s answer from before the meeting, nothing else.
    assert api.participant_count(preview.usage_id) == 1
    assert api.statement_tallies(preview.usage_id) == {"s1": {2: 1}, "s2": {5: 1}}
    assert Contribution.objects.filter(block_key=scope).count() == 3


def test_a_closed_or_unknown_session_refuses_answers_and_changes_nothing(load_scenario):
    preview = load_scenario(EXERCISE)
    code = start(preview)
    assert call(preview, "close_session", "someone_else", {"code": code}).status_code == 404
    assert call(preview, "close_session", LEADER, {"code": code}).status_code == 200
    before = stored_state()
    for wrong in (code, "ZZZZZZ", "<script>", ""):
        reply = join(preview, wrong, "p1")
        assert reply.status_code == 400 and "no open group session" in reply.json()["error"]
    assert stored_state() == before
    assert "has ended" in page(preview, "session_page", code, "p1").content.decode()


def test_only_the_leader_and_course_staff_open_the_projector_the_run_sheet_and_the_live_results(load_scenario):
    preview = load_scenario(EXERCISE)
    code = start(preview)
    for handler in ("session_projector", "session_run_sheet", "session_results"):
        assert page(preview, handler, code).status_code == 200
        assert page(preview, handler, code, "staff_role").status_code == 200
        assert page(preview, handler, code, "participant").status_code == 404
    assert page(preview, "session_page", code, "participant").status_code == 200
    projector = page(preview, "session_projector", code).content.decode()
    assert "<svg" in projector and code in projector and "session_page" in projector


def test_an_exercise_for_self_study_offers_no_group_session_and_refuses_to_start_one(load_scenario):
    preview = load_scenario(EXERCISE.replace(' group_sessions_enabled="true"', ""))
    assert '<section class="sexmot-session-start"' not in preview.view("p1") and "session_page" not in preview.view(
        "p1"
    )
    assert '<section class="sexmot-session-start"' in load_scenario(EXERCISE).view("p1")
    before = stored_state()
    reply = call(preview, "start_session", LEADER, {})
    assert reply.status_code == 400 and reply.json()["error"] == "This exercise offers no group sessions."
    assert stored_state() == before and not GroupSession.objects.exists()


def test_a_participant_who_answered_polls_the_sessions_results_and_nobody_else_but_its_leader(load_scenario):
    preview = load_scenario(EXERCISE)
    code = start(preview)
    assert results(preview, code, "participant").status_code == 404  # not yet answered: told nothing
    assert join(preview, code, "participant").status_code == 200
    first = results(preview, code, "participant")
    assert first.status_code == 200 and "at least 6 people in this session" in first.json()["html"]
    assert results(preview, code, "participant", tag=first.json()["tag"]).json() == {"unchanged": True}
    assert results(preview, code, "outsider").status_code == 404


def test_a_text_shared_in_the_course_stays_shared_and_withdrawable_after_answering_privately_in_a_session(
    load_scenario
):
    preview = load_scenario(EXERCISE)
    assert call(preview, "submit", "p1", submission(text="Delad i kursen", sharing="shared")).status_code == 200
    code = start(preview)
    assert join(preview, code, "p1", text="", sharing="private").status_code == 200
    assert api.own_shared_text(preview.usage_id, "p1") == "Delad i kursen"
    assert "Withdraw my shared text" in preview.view("p1")
    assert call(preview, "withdraw", "p1", {}).status_code == 200
    assert api.own_shared_text(preview.usage_id, "p1") == ""


def test_a_text_shared_in_a_session_stays_withdrawable_after_answering_privately_in_the_course(load_scenario):
    """The learner's record holds one sharing choice; their texts in the course and in sessions each stay in their own
    pool (ADR 0024), so what can be withdrawn is asked of the pool: a text shared anywhere can always be taken back."""
    preview = load_scenario(EXERCISE)
    code = start(preview)
    assert join(preview, code, "p1", text="Delad i sessionen", sharing="shared").status_code == 200
    assert call(preview, "submit", "p1", submission(text="", sharing="private")).status_code == 200
    assert "Withdraw my shared text" in call(preview, "submit", "p1", submission(s1=2)).json()["results_html"]
    assert call(preview, "withdraw", "p1", {}).status_code == 200
    assert "Delad i sessionen" not in pool_texts()
    assert call(preview, "withdraw", "p1", {}).status_code == 400  # nothing left to take back


def test_a_participant_is_told_before_answering_who_sees_the_results_and_from_how_many(load_scenario):
    preview = load_scenario(EXERCISE)
    code = start(preview)
    html = page(preview, "session_page", code, "participant").content.decode()
    assert "the person who leads the group shows the group" in html
    assert "at least 6 people in the session" in html
    assert "the leader decides whom to give it to" in html
    assert html.index("Who can see what?") < html.index('class="sexmot-form"')


def test_a_poll_that_finds_nothing_new_costs_two_single_row_reads_and_no_rendering(load_scenario):
    preview = load_scenario(EXERCISE)
    code = start(preview)
    tag = results(preview, code).json()["tag"]
    with CaptureQueriesContext(connection) as queries:
        assert results(preview, code, tag=tag).json() == {"unchanged": True}
    ours = [query["sql"] for query in queries if "sexmot_xblocks_" in query["sql"]]
    assert len(ours) == 2, ours


def test_withdrawing_a_text_takes_it_out_of_the_session_too(load_scenario):
    preview = load_scenario(EXERCISE)
    code = start(preview)
    join(preview, code, "p1", text="Min delade text", sharing="shared")
    assert SharedText.objects.filter(block_key=sessions.scope_key(code)).count() == 1
    assert call(preview, "withdraw", "p1", {}).status_code == 200  # from the course's own page
    assert "Min delade text" not in pool_texts()


def test_an_evening_sessions_days_count_from_when_it_closes_so_a_purge_after_midnight_keeps_it(
    load_scenario, monkeypatch
):
    preview = load_scenario(EXERCISE.replace('threshold="3"', 'threshold="3" session_keep_days="1"'))
    evening = datetime.datetime(2026, 12, 5, 20, 0, tzinfo=datetime.UTC)
    monkeypatch.setattr(sessions.timezone, "now", lambda: evening)
    code = start(preview)
    session = GroupSession.objects.get(code=code)
    assert session.open_until == evening + datetime.timedelta(hours=12)  # open until 08:00 the next morning
    assert sessions.purge(today=datetime.date(2026, 12, 6)) == 0  # the nightly run after midnight
    assert GroupSession.objects.filter(code=code).exists()
    assert sessions.purge(today=datetime.date(2026, 12, 7)) == 1  # one whole day after it closed


def test_the_purge_command_removes_sessions_past_their_days_with_all_their_results(load_scenario):
    preview = load_scenario(EXERCISE)
    old, kept = start(preview), start(preview, "leader_2")
    for student in ("p1", "p2", "p3"):
        join(preview, old, student, text=f"Text {student}", sharing="shared")
        join(preview, kept, student)
    call(preview, "submit", "in_course", submission())
    GroupSession.objects.filter(code=old).update(remove_on=datetime.date.today())
    course_rows = ParticipantTally.objects.get(block_key=preview.usage_id).count
    call_command("sexmot_purge_sessions")
    scope = sessions.scope_key(old)
    for model in (ParticipantTally, StatementTally, Contribution, SharedText):
        assert not model.objects.filter(block_key=scope).exists()
    assert list(GroupSession.objects.values_list("code", flat=True)) == [kept]
    assert ParticipantTally.objects.get(block_key=preview.usage_id).count == course_rows
    assert api.participant_count(sessions.scope_key(kept)) == 3


def test_removing_a_session_takes_its_rows_in_the_order_a_write_locks_them(load_scenario):
    """A session is removed by day while its writes may still run (a withdrawal reaches every kept session).

    A write locks contribution → the block's row → counters → texts (ADR 0021), so the removal deletes
    in that order: deleting counters or texts before the block's row would wait crosswise with a write
    that holds the block's row (a deadlock on MariaDB and PostgreSQL).
    """
    preview = load_scenario(EXERCISE)
    code = start(preview)
    for student in ("p1", "p2", "p3"):
        join(preview, code, student, text=f"Text {student}", sharing="shared")
    with CaptureQueriesContext(connection) as captured:
        answers.forget(sessions.scope_key(code))
    deleted = [table for query in captured.captured_queries if query["sql"].upper().startswith("DELETE")
               for table in ("contribution", "participanttally", "statementtally", "sharedtext")
               if f"sexmot_xblocks_{table}" in query["sql"]]
    assert deleted == ["contribution", "participanttally", "statementtally", "sharedtext"], deleted


@pytest.mark.parametrize("handler", ["session_projector", "session_run_sheet"])
def test_the_run_sheet_follows_the_group_plan_in_order_with_a_timer_each(load_scenario, handler):
    plan = """
      <group_plan>
        <exercise title="Övning 1: Leo" minutes="15"><instructions><p>Styr mot tecknen.</p></instructions>
          <question>Vilka tecken såg de vuxna?</question></exercise>
        <exercise title="Övning 2: Sam" minutes="10"><question>Vad gjorde Lena?</question></exercise>
        <exercise title="Reflektionen" minutes="15" reflection="true"/>
      </group_plan>
    </sexmot_reflection>"""
    preview = load_scenario(EXERCISE.replace("</sexmot_reflection>", plan))
    code = start(preview)
    html = page(preview, "session_run_sheet", code).content.decode()
    assert html.index("Övning 1: Leo") < html.index("Övning 2: Sam") < html.index("Reflektionen")
    assert html.count('class="sexmot-timer ') == 3 and 'data-seconds="10"' in html
    assert "Styr mot tecknen." in html and "Vilka tecken såg de vuxna?" in html
    assert html.count('class="sexmot-live"') == 1


def test_a_session_leaves_nothing_that_names_its_leader_or_participants(load_scenario):
    preview = load_scenario(EXERCISE)
    leader, participant = "ledare_ingrid_77", "deltagare_olof_88"
    code = start(preview, leader)
    join(preview, code, participant, text="Min text i gruppen", sharing="shared")
    assert code not in str(preview.block(participant).sealed_record)  # the learner's state names no session
    XBlockState.objects.filter(user_id__in=[leader, participant]).delete()  # the platform deletes their state
    stored = " ".join(every_stored_value())
    for identifier in (leader, participant):
        assert identifier not in stored
        assert not any(identifier in entry for entry in every_cached_key_and_value())


def shared_texts_in(html):
    return re.findall(r'<blockquote>(.*?)</blockquote>', html)


def test_a_sessions_shared_texts_page_past_fifty_in_the_sessions_own_random_order(load_scenario):
    """Beyond the first page a session's participant, its projector and its run sheet read the session's texts:
    never the course's, each text on one page only, the same random order on every view and every asking."""
    preview = load_scenario(EXERCISE.replace('threshold="3"', 'threshold="3" session_threshold="5"'))
    for number in range(4):  # texts of the course, outside the session
        call(preview, "submit", f"outside{number}", submission(text=f"Kursens text {number}", sharing="shared"))
    code = start(preview)
    for number in range(55):
        assert join(preview, code, f"p{number:02}", text=f"Sessionens text {number:02}", sharing="shared"
                    ).status_code == 200
    assert api.release_state(sessions.scope_key(code)).released_texts == 55  # eleven releases of five

    def participant_page(number, student="p00"):
        reply = call(preview, "group_page", student, {"page": number, "session": code})
        assert reply.status_code == 200, reply.content
        return reply.json()["html"]

    first, second = participant_page(1), participant_page(2)
    assert "Page 2 of 2" in second and 'data-page="1"' in second
    assert len(shared_texts_in(first)) == 50 and len(shared_texts_in(second)) == 5
    assert sorted(shared_texts_in(first) + shared_texts_in(second)) == [f"Sessionens text {n:02}" for n in range(55)]
    assert "Kursens text" not in first + second
    assert participant_page(2, "p31") == second  # stable per page, for every participant
    in_order = [item["text"] for item in api.shared_page(sessions.scope_key(code), 1, 55).texts]
    assert shared_texts_in(first) + shared_texts_in(second) == in_order
    assert in_order != sorted(in_order), "the texts must not come in the order they were written"
    for heading in ("3", "4"):  # the projector's and the run sheet's pages are the same
        reply = results(preview, code, heading=int(heading), page=2)
        assert shared_texts_in(reply.json()["html"]) == shared_texts_in(second)
    # The course's own pages stay the course's: its participants' texts only, never the session's.
    course = call(preview, "group_page", "outside0", {"page": 1}).json()["html"]
    assert len(shared_texts_in(course)) == 3  # the first release of three; the fourth waits for two more
    assert set(shared_texts_in(course)) <= {f"Kursens text {n}" for n in range(4)}


def test_a_sessions_pages_show_nothing_below_its_threshold_and_refuse_bad_asking(load_scenario):
    preview = load_scenario(EXERCISE)
    for number in range(6):  # the course's results are released meanwhile
        call(preview, "submit", f"outside{number}", submission(text=f"Kursens text {number}", sharing="shared"))
    code = start(preview)
    for number in range(5):  # one short of the session's threshold of six
        join(preview, code, f"p{number}", text=f"Sessionens text {number}", sharing="shared")
    for page_number in (1, 2, 7):
        html = call(preview, "group_page", "p0", {"page": page_number, "session": code}).json()["html"]
        assert "Sessionens text" not in html and "Kursens text" not in html and "%" not in html
        assert "at least 6 people in this session" in html
    before = stored_state()
    assert call(preview, "group_page", "not_answered", {"page": 2, "session": code}).status_code == 403
    assert call(preview, "group_page", "p0", {"page": 2, "session": "ZZZZZZ"}).status_code == 404
    assert call(preview, "group_page", "p0", {"page": 2, "session": "x" * 21}).status_code == 400
    for page_number in ("0", "-1", '"x"', '"²"', "100001", "1" * 5000, "1.5", "null"):  # int() refuses 4301+ digits
        reply = preview.post("session_results", None, LEADER, raw=f'{{"code": "{code}", "page": {page_number}}}')
        assert reply.status_code == 400, page_number
    assert stored_state() == before


def test_wrong_codes_are_limited_and_then_even_the_right_code_is_refused_and_changes_nothing(
        load_scenario, settings):
    """A code cannot be guessed by trying many: after the learner's limit of wrong codes on one exercise,
    every look-up of a code is refused for the window, the right one too, on every page that takes a code."""
    settings.SEXMOT_CODE_LIMIT = (3, 600)
    preview = load_scenario(EXERCISE)
    code = start(preview)
    join(preview, code, "guesser")
    for wrong in ("AAAAAA", "BBBBBB", "CCCCCC"):
        assert page(preview, "session_page", wrong, "guesser").status_code == 404
    before = stored_state()
    for reply in (page(preview, "session_page", code, "guesser"),
                  page(preview, "session_projector", code, "guesser"),
                  join(preview, code, "guesser", s1=4),
                  call(preview, "group_page", "guesser", {"page": 1, "session": code})):
        assert reply.status_code == 429
        assert reply.headers["Retry-After"] == "600"
    assert "wrong session codes" in page(preview, "session_page", code, "guesser").content.decode()
    assert stored_state() == before
    assert page(preview, "session_page", code, "someone_else").status_code == 200  # the limit is per learner
    assert page(preview, "session_results", code).status_code == 200  # the leader's polls are never wrong codes
    other = load_scenario(EXERCISE)
    assert page(other, "session_page", "AAAAAA", "guesser").status_code == 404  # and per exercise


def test_a_code_sent_with_a_withdrawal_is_looked_up_under_the_same_limit_and_the_withdrawal_always_stands(
        load_scenario, settings):
    """The withdrawal's reply shows a session's results when its code is right: it is a look-up like any other,
    counted and limited; over the limit the text is withdrawn all the same and the reply tells nothing of the code."""
    settings.SEXMOT_CODE_LIMIT = (2, 600)
    preview = load_scenario(EXERCISE)
    code = start(preview)
    for wrong in ("AAAAAA", "BBBBBB"):
        assert call(preview, "submit", "guesser", submission(text="Min text", sharing="shared")).status_code == 200
        assert call(preview, "withdraw", "guesser", {"session": wrong}).status_code == 200
    assert page(preview, "session_page", code, "guesser").status_code == 429  # the wrong codes counted
    assert call(preview, "submit", "guesser", submission(text="Min text", sharing="shared")).status_code == 200
    withdrawn = call(preview, "withdraw", "guesser", {"session": code})
    assert withdrawn.status_code == 200 and "in this session" not in withdrawn.json()["results_html"]
    assert "Min text" not in pool_texts()


def test_a_wrong_code_tells_nothing_about_which_codes_exist(load_scenario, settings):
    """Unknown, malformed, another exercise's or removed: the same reply, so no code can be told to exist."""
    settings.SEXMOT_CODE_LIMIT = (100, 600)  # the limit has its own test; here every try must reach the look-up
    preview, other = load_scenario(EXERCISE), load_scenario(EXERCISE)
    code, others_code = start(preview), start(other)
    removed = start(preview)
    GroupSession.objects.filter(code=removed).delete()
    replies = [page(preview, "session_page", wrong, "participant")
               for wrong in ("ZZZZZZ", others_code, removed, "<b>", "")]
    assert {(reply.status_code, reply.content) for reply in replies} == {(404, replies[0].content)}
    # A leader's page of someone else's session and of no session answer alike too.
    for handler in ("session_projector", "session_run_sheet", "session_results"):
        mine, none = page(preview, handler, code, "participant"), page(preview, handler, "ZZZZZZ", "participant")
        assert (mine.status_code, mine.content) == (none.status_code, none.content) and mine.status_code == 404


STORY = """
<sexmot_story display_name="Leo, 15">
  <part heading="Mötet"><p>Leo kommer till fritidsgården sent varje kväll.</p></part>
  <question>Vad fick Sara att fråga Leo?<hint>Tecknen är skäl att fråga, inte bevis.</hint></question>
  <question>Hur hade du själv frågat?</question>
</sexmot_story>
"""


def with_story_plan(story_name):
    return EXERCISE.replace("</sexmot_reflection>", f"""
      <group_plan>
        <exercise title="Övning 1: Leo" minutes="15" story="{story_name}"><question>Vem gör vad?</question></exercise>
        <exercise title="Övning 2: utan berättelse" minutes="10"/>
        <exercise title="Övning 3: borttagen" minutes="10" story="finns-inte"/>
        <exercise title="Reflektionen" minutes="15" reflection="true"/>
      </group_plan>
    </sexmot_reflection>""")


def test_a_learner_who_leads_gets_the_plans_stories_with_hints_and_presents_them_a_participant_never(load_scenario):
    """The story's presentation view is for course staff; a session's leader, an ordinary learner, reaches
    the stories of the session's plan through the session, with the hints. A participant gets no hint anywhere."""
    story = load_scenario(STORY)
    preview = load_scenario(with_story_plan(story.usage_id))
    code = start(preview)
    sheet = page(preview, "session_run_sheet", code).content.decode()
    assert (
        sheet.index("Övning 1: Leo")
        < sheet.index('The story: <span lang="sv">Leo, 15</span>')
        < sheet.index("Övning 2")
    )
    assert "Vad fick Sara att fråga Leo?" in sheet and "Tecknen är skäl att fråga, inte bevis." in sheet
    assert "Vem gör vad?" in sheet  # the plan's own questions stay
    assert sheet.count("sexmot-present-story") == 1 and "cannot be shown here" in sheet  # the removed story
    shell = preview.client.get(f"/handler/{preview.usage_id}/session_story/?student={LEADER}&step=1")
    assert shell.status_code == 200 and shell["Cache-Control"] == "private, no-store"
    assert "Leo kommer" not in shell.content.decode()  # the page asks for the story with the code of its fragment
    presented = page(preview, "session_story", code, step=1)
    assert presented.status_code == 200
    html = presented.content.decode()
    assert "Leo kommer till fritidsgården" in html and "Tecknen är skäl att fråga, inte bevis." in html
    assert story.get("presentation", LEADER).status_code == 403  # the story's own view stays staff-only

    def story_page(student, step=1, session=code):
        return page(preview, "session_story", session, student, step=step)

    assert story_page("staff_role").status_code == 200
    for student in ("participant", "p1"):
        join(preview, code, student)
        assert story_page(student).status_code == 404
        assert "Tecknen" not in page(preview, "session_page", code, student).content.decode()
        assert "Tecknen" not in preview.view(student)
    for step, status in (("2", 404), ("3", 404), ("0", 400), ("5", 400), ('"x"', 400), ("1" * 5000, 400)):
        reply = preview.post("session_document", None, LEADER,
                             raw=f'{{"code": "{code}", "view": "story", "step": {step}}}')
        assert reply.status_code == status, step
    for step in ("0", "5", "x", "1" * 5000):  # the shell's own step, in its query
        assert preview.client.get(f"/handler/{preview.usage_id}/session_story/?student={LEADER}&step={step}"
                                  ).status_code == 400, step
    # A session of another exercise does not open this exercise's plan.
    other = load_scenario(with_story_plan(story.usage_id))
    assert story_page(LEADER, session=start(other)).status_code == 404


class CourseLocators(IdReader):
    """Usage ids as the platform's modulestore gives them: ``BlockUsageLocator``s of one course run.

    The definition id is the locator itself, as for the blocks of a split-modulestore course read by
    usage; asides are not used here.
    """

    def __init__(self, blocks):
        self.blocks = blocks  # {locator: block type}

    def get_definition_id(self, usage_id):
        if usage_id not in self.blocks:
            raise NoSuchUsage(repr(usage_id))
        return usage_id

    def get_block_type(self, def_id):
        return self.blocks[def_id]

    def get_usage_id_from_aside(self, aside_id):
        raise NotImplementedError

    def get_definition_id_from_aside(self, aside_id):
        raise NotImplementedError

    def get_aside_type_from_usage(self, aside_id):
        raise NotImplementedError

    def get_aside_type_from_definition(self, aside_id):
        raise NotImplementedError


def test_in_a_course_with_the_platforms_keys_the_plan_finds_its_story_by_url_name():
    """On the platform a usage id is a locator of the course; the plan's ``story`` is the story's url_name,
    its block id after import, so the reflection asks the runtime for that block of the same course run."""
    course = CourseLocator("Socialstyrelsen", "SMEV", "2026")
    story_key = course.make_usage_key("sexmot_story", "emir-19")
    reflection_key = course.make_usage_key("sexmot_reflection", "grupp-var-verksamhet")
    runtime = TestRuntime(id_reader=CourseLocators({story_key: "sexmot_story", reflection_key: "sexmot_reflection"}),
                          services={"field-data": KvsFieldData(DictKeyValueStore())})
    story = runtime.get_block(story_key)
    story.questions = [{"text": "Vad fick Maja att fråga?", "hint": "Tecken är skäl att fråga."}]
    story.save()
    reflection = runtime.get_block(reflection_key)
    reflection.group_plan = [{"title": "Emir", "minutes": 15, "story": "emir-19"},
                             {"title": "Borta", "minutes": 15, "story": "finns-inte"},
                             {"title": "Reflektionen", "minutes": 15, "reflection": True}]
    found = reflection.plan_story(0)
    assert found.scope_ids.usage_id == story_key
    assert found.questions == [{"text": "Vad fick Maja att fråga?", "hint": "Tecken är skäl att fråga."}]
    assert reflection.plan_story(1) is None and reflection.plan_story(2) is None
