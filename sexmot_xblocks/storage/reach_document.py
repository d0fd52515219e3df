"""The reach report as a JSON document (``"format": "sexmot-reach/1"``): written by the LMS, read by the merge.

One document is one course of one Open edX instance, as its last release shows it, or the merge of
several (``merged``: the course and day of each part). Every count the suppression rule hides is
``null``. The format is versioned so that the authority's merge refuses a document it does not know
rather than misreading it. Standard library only: the merge runs without Django.

::

    {"format": "sexmot-reach/1", "course": "course-v1:…", "released_on": "2026-12-10", "threshold": 5,
     "columns": ["started", "completed", "discussed"],
     "tables": {"target_group": {"rows": [{"id": "socialtjanst", "label": "Socialtjänst", "counts": [12, 7, null]},
                                          …],
                                 "totals": [40, 19, 8]},
                "county": {…}},
     "group_discussions_held": 6}
"""
from .reach_suppression import COLUMNS

FORMAT = "sexmot-reach/1"
#: The report's tables, in order: one-way tables, one per way of counting learners.
TABLES = ("target_group", "county")


class ReachFormatError(ValueError):
    """A document that is not a reach report this version can read, with what is wrong in plain words."""


def document(*, course, released_on, threshold, tables, discussions_held):
    """A report's document. ``tables``: ``{name: reach_suppression.Shown}`` with ``labels`` beside: see ``table``."""
    return {"format": FORMAT, "course": course, "released_on": released_on, "threshold": threshold,
            "columns": list(COLUMNS), "tables": tables, "group_discussions_held": discussions_held}


def table(shown, labels):
    """One table of a document: a ``reach_suppression.Shown`` with each category's label (``{id: label}``)."""
    return {"rows": [{"id": category, "label": labels[category], "counts": counts}
                     for category, counts in shown.cells.items()],
            "totals": shown.totals}


def checked(value, name="the document"):
    """``value`` when it is a reach report of this format, else ``ReachFormatError`` saying what is wrong."""
    if not isinstance(value, dict) or value.get("format") != FORMAT:
        found = value.get("format") if isinstance(value, dict) else None
        raise ReachFormatError(f"{name} is not a reach report of format {FORMAT} (its format: {found!r}).")
    if value.get("columns") != list(COLUMNS):
        raise ReachFormatError(f"{name} has other columns than {list(COLUMNS)}.")
    if not _is_count(value.get("threshold")) or value["threshold"] < 1:
        raise ReachFormatError(f"{name} has no threshold.")
    tables = value.get("tables")
    if not isinstance(tables, dict) or sorted(tables) != sorted(TABLES):
        raise ReachFormatError(f"{name} must have the tables {list(TABLES)}.")
    for table_name, content in tables.items():
        _check_table(content, f"{name}, table {table_name}")
    if not _is_count_or_hidden(value.get("group_discussions_held")):
        raise ReachFormatError(f"{name} has no count of group discussions held.")
    return value


def _check_table(content, name):
    width = len(COLUMNS)
    if not isinstance(content, dict) or not isinstance(content.get("rows"), list):
        raise ReachFormatError(f"{name} has no rows.")
    if not _counts(content.get("totals"), width):
        raise ReachFormatError(f"{name} has no totals of {width} columns.")
    ids = set()
    for row in content["rows"]:
        if not (isinstance(row, dict) and isinstance(row.get("id"), str) and isinstance(row.get("label"), str)
                and _counts(row.get("counts"), width)):
            raise ReachFormatError(f"{name} has a row without an id, a label and {width} counts.")
        if row["id"] in ids:
            raise ReachFormatError(f"{name} names the category {row['id']!r} twice.")
        ids.add(row["id"])


def _counts(values, width):
    return isinstance(values, list) and len(values) == width and all(_is_count_or_hidden(value) for value in values)


def _is_count(value):
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _is_count_or_hidden(value):
    return value is None or _is_count(value)
