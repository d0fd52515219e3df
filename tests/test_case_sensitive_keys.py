"""Keys that differ only in case are different keys, on every database.

A block's usage key and an author's statement id are compared by Python
case-sensitively: two url_names that differ only in case are two blocks, and
a new statement ``s1`` may stand beside an existing ``S1``. MySQL and MariaDB
compare by the column's collation, case-insensitive by default in Open edX;
migration 0006 makes those columns binary there. Run these on MariaDB too
(``SEXMOT_DB=mysql``): SQLite and PostgreSQL compare case-sensitively anyway.
"""
import pytest
from django.db import connection

from sexmot_xblocks.storage import api, sessions
from sexmot_xblocks.storage.models import ParticipantTally, StatementTally

UPPER = "block-v1:Org+C+R+type@sexmot_reflection+block@Intro"
LOWER = "block-v1:Org+C+R+type@sexmot_reflection+block@intro"
#: The author gave the first statement the id ``S1``; the second, added without an id, gets the first free ``sN``.
CASED_STATEMENTS = """<sexmot_reflection threshold="3">
  <statement id="S1">Stort ess</statement><statement>Litet ess</statement>
</sexmot_reflection>"""
OUR_TABLES = "sexmot\\_xblocks\\_%"


def write(block_key, learner, answers, text=""):
    submission = api.Submission(answers=answers, text=text, sharing="shared" if text else "private")
    return api.submit(block_key, learner, submission, statement_ids=sorted(answers), release_size=1,
                      keep=lambda record: None)


@pytest.mark.django_db
def test_two_blocks_whose_keys_differ_only_in_case_keep_their_own_counts_results_and_texts():
    write(UPPER, "a", {"s1": 1}, "Text i Intro")
    write(UPPER, "b", {"s1": 2})
    written = write(LOWER, "a", {"s1": 5}, "Text i intro")

    assert ParticipantTally.objects.filter(block_key__in=[UPPER, LOWER]).count() == 2
    assert (api.participant_count(UPPER), api.participant_count(LOWER)) == (2, 1)
    assert api.statement_tallies(UPPER) == {"s1": {1: 1, 2: 1}}
    assert api.statement_tallies(LOWER) == {"s1": {5: 1}}
    assert written.results[LOWER].participants == 1 and written.results[LOWER].tallies == {"s1": {5: 1}}
    assert api.published_results(UPPER).participants == 2
    assert api.published_results(UPPER).tallies == {"s1": {1: 1, 2: 1}}
    assert [item["text"] for item in api.shared_page(UPPER).texts] == ["Text i Intro"]
    assert [item["text"] for item in api.shared_page(LOWER).texts] == ["Text i intro"]
    assert api.own_shared_text(LOWER, "a") == "Text i intro"

    session = sessions.start(UPPER, "leader", threshold=3, keep_for_days=1)
    assert sessions.find(UPPER, session.code) == session
    assert sessions.find(LOWER, session.code) is None


def test_statements_whose_ids_differ_only_in_case_are_counted_on_their_own_counters(load_scenario):
    preview = load_scenario(CASED_STATEMENTS)
    assert [item["id"] for item in preview.block().statements] == ["S1", "s1"]

    def answer(student, **answers):
        payload = {"answers": answers, "free_text": "", "sharing": "private"}
        reply = preview.post("submit", payload, student)
        assert reply.status_code == 200, reply.content

    answer("same", S1=3, s1=3)  # one choice for both: on a case-insensitive counter, one row for two moves
    answer("both", S1=1, s1=2)
    answer("swapped", S1=2, s1=1)
    assert api.statement_tallies(preview.usage_id) == {"S1": {3: 1, 1: 1, 2: 1}, "s1": {3: 1, 2: 1, 1: 1}}

    answer("both", S1=4, s1=2)  # only S1 moves: its counters, not s1's
    assert api.statement_tallies(preview.usage_id) == {"S1": {3: 1, 4: 1, 2: 1}, "s1": {3: 1, 2: 1, 1: 1}}
    assert StatementTally.objects.filter(block_key=preview.usage_id).count() == 2 * 5
    assert api.published_results(preview.usage_id).tallies == {"S1": {3: 1, 1: 1, 2: 1}, "s1": {3: 1, 2: 1, 1: 1}}


@pytest.mark.django_db
def test_on_mysql_the_key_columns_are_binary_and_keep_their_indexes():
    if connection.vendor != "mysql":
        pytest.skip("the collation is MySQL's and MariaDB's (SQLite and PostgreSQL compare these bytewise)")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT TABLE_NAME, COLUMN_NAME, CHARACTER_SET_NAME, COLLATION_NAME, IS_NULLABLE "
            "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
            "AND TABLE_NAME LIKE %s AND COLUMN_NAME IN ('block_key', 'statement_id')", [OUR_TABLES])
        columns = cursor.fetchall()
        cursor.execute(
            "SELECT TABLE_NAME, INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() "
            "AND TABLE_NAME LIKE %s AND COLUMN_NAME = 'block_key' AND SEQ_IN_INDEX = 1", [OUR_TABLES])
        indexed = {table for table, _ in cursor.fetchall()}
    assert len(columns) == 6
    assert all(collation == f"{charset}_bin" and nullable == "NO" for _, _, charset, collation, nullable in columns)
    # Every table finds a block's rows by an index that starts with block_key (the unique ones included).
    assert indexed == {table for table, _, _, _, _ in columns}
