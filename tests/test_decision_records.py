"""The decision records say whether they still hold and since when, and the index lists every one of them.

A newcomer reads ``docs/decisions/README.md`` first: a record missing there, a status that differs from the
record's own, or a record without ``Status:`` and ``Date:`` would send them to a decision nobody follows.
"""
import re
from pathlib import Path

import pytest

DECISIONS = Path(__file__).resolve().parents[1] / "docs" / "decisions"
RECORDS = sorted(DECISIONS.glob("[0-9][0-9][0-9][0-9]-*.md"))
INDEX = (DECISIONS / "README.md").read_text(encoding="utf-8")
#: The first record written with rejected alternatives; every later one has them too.
FIRST_WITH_ALTERNATIVES = 28
STATUS = re.compile(r"^Status: (accepted(?:;.*)?|superseded by \d{4})$", re.M)
DATE = re.compile(r"^Date: (\d{4}-\d{2}-\d{2})$", re.M)


def number(record):
    return int(record.name[:4])


def index_row(record):
    """The index's row of ``record``: its cells after the link."""
    row = re.search(rf"^\| \[{record.name[:4]}\]\({re.escape(record.name)}\) \|(.*)\|$", INDEX, re.M)
    return [cell.strip() for cell in row.group(1).split("|")] if row else None


def test_there_are_records_to_check():
    assert len(RECORDS) >= 27


@pytest.mark.parametrize("record", RECORDS, ids=lambda path: path.name[:4])
def test_every_record_has_a_status_and_a_date_under_its_title(record):
    head = "\n".join(record.read_text(encoding="utf-8").split("\n## ", 1)[0].splitlines()[:6])
    assert STATUS.search(head) and DATE.search(head), head


@pytest.mark.parametrize("record", RECORDS, ids=lambda path: path.name[:4])
def test_the_index_lists_every_record_with_its_own_status_and_date(record):
    text = record.read_text(encoding="utf-8")
    row = index_row(record)
    assert row, f"docs/decisions/README.md does not list {record.name}"
    assert row[1:] == [STATUS.search(text).group(1), DATE.search(text).group(1)], row


def test_a_superseded_record_names_a_record_that_exists():
    for record in RECORDS:
        superseded = re.search(r"^Status: superseded by (\d{4})$", record.read_text(encoding="utf-8"), re.M)
        if superseded:
            assert list(DECISIONS.glob(f"{superseded.group(1)}-*.md")), record.name


def test_every_missing_number_has_a_note_in_the_index():
    numbers = {number(record) for record in RECORDS}
    for missing in sorted(set(range(1, max(numbers) + 1)) - numbers):
        assert f"**{missing:04d}**" in INDEX, f"no note in docs/decisions/README.md on why {missing:04d} is missing"


@pytest.mark.parametrize("record", [r for r in RECORDS if number(r) >= FIRST_WITH_ALTERNATIVES],
                         ids=lambda path: path.name[:4])
def test_records_from_0028_on_name_the_alternatives_they_rejected(record):
    assert "\n## Alternatives rejected\n" in record.read_text(encoding="utf-8")
