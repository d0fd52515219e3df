"""What one page view costs the package's own storage: a few small reads, none that grows with the pool.

Timing belongs to the benchmarks (bench/); this pins the shape of the work, which does not depend on
the machine: how many queries reach our tables per view, and that no view counts or sorts the whole
pool of shared texts.
"""
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from workbench.runtime import WorkbenchRuntime

from sexmot_xblocks.storage import api
from sexmot_xblocks.storage.models import Contribution, ParticipantTally, StatementTally

EXERCISE = """<sexmot_reflection threshold="3"><statement id="s1">Ett</statement><statement id="s2">Två</statement>
  <statement id="s3">Tre</statement><statement id="s4">Fyra</statement></sexmot_reflection>"""
#: Reads of our tables per learner view: the block's release snapshot with its count of released texts, one page of
#: texts, the learner's own shared text (by its key), and the open group session the learner leads (by its keys).
MOST_QUERIES_PER_VIEW = 4


def our_queries(captured):
    return [query["sql"] for query in captured if "sexmot_xblocks_" in query["sql"]]


@pytest.mark.parametrize("learners", [6, 30])
def test_a_learner_s_view_reads_a_fixed_handful_of_rows_however_many_texts_are_shared(load_scenario, learners):
    preview = load_scenario(EXERCISE)
    for number in range(learners):
        payload = {"answers": {"s1": 1, "s2": 2, "s3": 3, "s4": 4}, "free_text": f"Text {number}", "sharing": "shared"}
        assert preview.post("submit", payload, f"learner{number}").status_code == 200
    assert ParticipantTally.objects.get().released_texts >= learners - 3
    with CaptureQueriesContext(connection) as captured:
        html = WorkbenchRuntime("learner0").get_block(preview.usage_id).render("student_view", {}).content
    queries = our_queries(captured.captured_queries)
    assert "Text " in html
    assert len(queries) <= MOST_QUERIES_PER_VIEW, json.dumps(queries, indent=1)
    pages = [sql for sql in queries if "sharedtext" in sql and "ORDER BY" in sql.upper()]
    assert len(pages) == 1 and "LIMIT 20" in pages[0].upper()
    assert not any("COUNT(" in sql.upper() for sql in queries)


#: Statements on our tables of one new learner's submission (four statements, a shared text) once the block's rows
#: exist: their contribution created and locked (2), the block's row locked (1), the four counters moved in one
#: statement (1), the text put in the pool (1), the block's row and the contribution saved (2), and the reply's page
#: of shared texts (1). The reply's results come from the block's row the write saved, not from a second read.
MOST_QUERIES_PER_SUBMIT = 8


def transactions_writing_ours(statements):
    """The numbers of the transactions (counted by their BEGIN) in which a statement changed one of our tables."""
    number, writing = 0, set()
    for sql in statements:
        if sql.upper().startswith("BEGIN"):
            number += 1
        elif "sexmot_xblocks_" in sql and not sql.upper().startswith("SELECT"):
            writing.add(number)
    return writing


@pytest.mark.django_db(transaction=True)
def test_a_submission_is_one_transaction_of_a_fixed_handful_of_statements(load_scenario):
    preview = load_scenario(EXERCISE)
    for number in range(4):  # a release at the third; the newcomer is the second towards the next (none made)
        payload = {"answers": {"s1": 1, "s2": 2, "s3": 3, "s4": 4}, "free_text": f"Text {number}", "sharing": "shared"}
        assert preview.post("submit", payload, f"learner{number}").status_code == 200
    payload = {"answers": {"s1": 5, "s2": 4, "s3": 3, "s4": 2}, "free_text": "Min text", "sharing": "shared"}
    with CaptureQueriesContext(connection) as captured:
        reply = preview.post("submit", payload, "newcomer")
    assert reply.status_code == 200 and "Text " in reply.json()["results_html"]
    every = [query["sql"] for query in captured.captured_queries]
    queries = our_queries(captured.captured_queries)
    assert len(queries) <= MOST_QUERIES_PER_SUBMIT, json.dumps(queries, indent=1)
    assert len(transactions_writing_ours(every)) == 1, json.dumps(every, indent=1)
    assert not any(sql.upper().startswith("SELECT") and "statementtally" in sql for sql in queries)
    tally_reads = [sql for sql in queries if sql.upper().startswith("SELECT") and "participanttally" in sql]
    assert len(tally_reads) == 1, json.dumps(queries, indent=1)
    # Counters change only under the block's row lock, all in one statement: no two writes wait on a counter.
    counter_updates = [sql for sql in queries if sql.upper().startswith("UPDATE") and "statementtally" in sql]
    assert len(counter_updates) == 1, json.dumps(queries, indent=1)
    assert queries.index(tally_reads[0]) < queries.index(counter_updates[0]), json.dumps(queries, indent=1)


#: A newcomer who keeps their text private: the same, without the text put in the pool. Nor is the pool asked
#: whether they share a text anywhere (the reply's way to withdraw): their write was their first to the exercise.
MOST_QUERIES_PER_PRIVATE_FIRST_SUBMIT = 7


@pytest.mark.django_db(transaction=True)
def test_a_newcomer_s_private_submission_asks_the_pool_nothing_about_their_own_texts(load_scenario):
    preview = load_scenario(EXERCISE)
    for number in range(4):
        payload = {"answers": {"s1": 1, "s2": 2, "s3": 3, "s4": 4}, "free_text": f"Text {number}", "sharing": "shared"}
        assert preview.post("submit", payload, f"learner{number}").status_code == 200
    payload = {"answers": {"s1": 5, "s2": 4, "s3": 3, "s4": 2}, "free_text": "Bara min", "sharing": "private"}
    with CaptureQueriesContext(connection) as captured:
        reply = preview.post("submit", payload, "newcomer")
    html = reply.json()["results_html"]
    assert reply.status_code == 200 and "Text " in html and "Withdraw my shared text" not in html
    queries = our_queries(captured.captured_queries)
    assert len(queries) <= MOST_QUERIES_PER_PRIVATE_FIRST_SUBMIT, json.dumps(queries, indent=1)
    assert not any("withdrawal_key" in sql for sql in queries), json.dumps(queries, indent=1)


@pytest.mark.django_db(transaction=True)
def test_a_write_that_finds_its_rows_missing_creates_them_and_counts_once(load_scenario):
    """The block's first write, a statement added since, and a learner who wrote before, new to a session's scope."""
    usage_id = load_scenario(EXERCISE).usage_id
    first = api.Submission(answers={"s1": 1}, text="", sharing="private")
    written = api.submit(usage_id, "a", first, statement_ids=["s1"], release_size=3, keep=lambda record: None)
    assert written.results[usage_id].pending == 1
    added = api.Submission(answers={"s1": 1, "s5": 2}, text="", sharing="private")
    api.submit(usage_id, "b", added, statement_ids=["s1", "s5"], release_size=3, keep=lambda record: None)
    session = api.Scope("session:PERF1", 3)
    again = api.submit(usage_id, "a", first, statement_ids=["s1"], release_size=3, keep=lambda record: None,
                       session=session)
    assert set(again.results) == {session.key}  # nothing changed in the block's own results
    counts = {(row.block_key, row.statement_id, row.choice): row.count
              for row in StatementTally.objects.filter(count__gt=0)}
    assert counts == {(usage_id, "s1", 1): 2, (usage_id, "s5", 2): 1, (session.key, "s1", 1): 1}
    assert Contribution.objects.filter(block_key__in=[usage_id, session.key]).count() == 3
    assert api.participant_count(usage_id) == 2 and api.participant_count(session.key) == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not connection.features.has_select_for_update, reason="the database takes no row locks (SQLite)")
def test_a_release_reads_the_counters_with_a_locking_read_whatever_the_isolation_level():
    """A plain read under MySQL's REPEATABLE READ would see the transaction's snapshot, older than the lock."""
    def submit(learner, choice):
        answers = api.Submission(answers={"s1": choice}, text="", sharing="private")
        return api.submit("block-locking-read", learner, answers, statement_ids=["s1"], release_size=3,
                          keep=lambda record: None)

    submit("a", 1)
    submit("b", 2)
    with CaptureQueriesContext(connection) as captured:
        written = submit("c", 2)  # the third changed answer makes a release
    assert written.results["block-locking-read"].releases == 1
    assert written.results["block-locking-read"].tallies == {"s1": {1: 1, 2: 2}}
    reads = [query["sql"] for query in captured.captured_queries
             if query["sql"].upper().startswith("SELECT") and "statementtally" in query["sql"]]
    assert len(reads) == 1 and "FOR UPDATE" in reads[0].upper(), json.dumps(reads, indent=1)


#: Statements on our tables of a withdrawal: the learner's row of the exercise created and locked (2), their texts
#: found by their withdrawal key (1), the scopes' rows locked (1), the texts deleted (1), the counts of released texts
#: moved (1), and the learner's record saved (their state is not ours): the same whatever the number of sessions.
MOST_QUERIES_PER_WITHDRAWAL = 6


@pytest.mark.parametrize("sessions_of_the_exercise", [1, 40])
def test_a_withdrawal_costs_the_same_statements_whatever_the_number_of_sessions(load_scenario,
                                                                                 sessions_of_the_exercise):
    from sexmot_xblocks.storage import api, sessions  # noqa: PLC0415

    usage_id = load_scenario(EXERCISE).usage_id
    codes = [sessions.start(usage_id, f"leader{number}", threshold=3, keep_for_days=30).code
             for number in range(sessions_of_the_exercise)]
    shared = api.Submission(answers={"s1": 1}, text="Min text", sharing="shared")
    for scope in (None, api.Scope(sessions.scope_key(codes[-1]), 3)):
        api.submit(usage_id, "writer", shared, statement_ids=["s1"], release_size=3, keep=lambda record: None,
                   session=scope)
    with CaptureQueriesContext(connection) as captured:
        record = api.withdraw(usage_id, "writer", keep=lambda record: None)
    queries = our_queries(captured.captured_queries)
    assert record.private_text == "Min text"
    assert api.own_shared_text(usage_id, "writer") == ""
    assert api.own_shared_text(usage_id, "writer", sessions.scope_key(codes[-1])) == ""
    assert len(queries) <= MOST_QUERIES_PER_WITHDRAWAL, json.dumps(queries, indent=1)
