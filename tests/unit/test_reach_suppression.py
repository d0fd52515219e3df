"""The reach tables' suppression and the national merge, searched for a count anyone could compute.

The attacker here holds a published table (and, for the merge, every instance's table besides the
national one) and knows how the columns are built: counts are whole numbers, each column adds up to
its total, and a category's count in a nested column (completed, discussed) is at most its count of
learners who started. For every hidden count the test works out every value the published numbers
leave possible (every split of the column's hidden total among its hidden cells, and the ranges this
leaves the nested columns) and fails when a hidden count has only one possible value, or when a
shown count, a shown total or the hidden counts of a column together are below the threshold.
"""
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sexmot_xblocks.command_line.reach_merge import main, merge
from sexmot_xblocks.storage.reach_document import FORMAT, ReachFormatError, checked, document, table
from sexmot_xblocks.storage.reach_suppression import COLUMNS, NESTED, suppress

ROOT = Path(__file__).resolve().parents[2]
STARTED = COLUMNS.index("started")
WITHIN = [COLUMNS.index(inner) for inner in NESTED]


CATEGORY_COUNTS = st.integers(2, 4)


def rows(categories=CATEGORY_COUNTS, most=9):
    """True tables: per category, learners who started, and how many of them completed and discussed."""
    def row(started):
        return st.tuples(st.just(started), st.integers(0, started), st.integers(0, started)).map(list)

    return categories.flatmap(lambda count: st.lists(
        st.integers(0, most).flatmap(row), min_size=count, max_size=count)).map(
        lambda values: {f"c{number}": counts for number, counts in enumerate(values)})


def totals_of(cells):
    return [sum(counts[column] for counts in cells.values()) for column in range(len(COLUMNS))]


def possible_values(shown, hidden_totals):
    """``{(category, column): {values}}`` of every hidden count that the published table leaves possible.

    A hidden count whose set holds one value is computed by whoever reads the table. ``hidden_totals``:
    the values a hidden total may have (one table's are below the threshold).
    """
    categories = list(shown.cells)
    hidden = [category for category in categories if shown.cells[category][STARTED] is None]
    lower = {category: max([shown.cells[category][inner] or 0 for inner in WITHIN]) for category in hidden}
    total = shown.totals[STARTED]
    shown_sum = sum(shown.cells[category][STARTED] for category in categories if category not in hidden)
    rests = hidden_totals if total is None else [total - shown_sum]
    splits = [dict(zip(hidden, values)) for rest in rests for values in _splits(rest, [lower[c] for c in hidden])]
    found = {}
    for split in splits:
        started = {category: split.get(category, shown.cells[category][STARTED]) for category in categories}
        ranges = {}
        for column in WITHIN:
            column_ranges = _nested_ranges(shown, column, started)
            if column_ranges is None:
                break
            ranges.update(column_ranges)
        else:
            for category, value in split.items():
                found.setdefault((category, STARTED), set()).add(value)
            for key, (low, high) in ranges.items():
                found.setdefault(key, set()).update(range(low, high + 1))
    return found


def _splits(total, lower):
    """Every way to write ``total`` as whole numbers, each at least its ``lower`` bound."""
    if not lower:
        if total == 0:
            yield ()
        return
    for first in range(lower[0], total - sum(lower[1:]) + 1):
        for rest in _splits(total - first, lower[1:]):
            yield (first, *rest)


def _nested_ranges(shown, column, started):
    """The range of each hidden count of a nested column, given the categories' ``started``; None if impossible."""
    hidden = [category for category, counts in shown.cells.items() if counts[column] is None]
    upper = {category: started[category] for category in hidden}
    if any(counts[column] is not None and counts[column] > started[category]
           for category, counts in shown.cells.items()):
        return None
    if shown.totals[column] is None:
        return {(category, column): (0, upper[category]) for category in hidden}
    rest = shown.totals[column] - sum(counts[column] for counts in shown.cells.values() if counts[column] is not None)
    if rest < 0 or rest > sum(upper.values()):
        return None
    return {(category, column): (max(0, rest - (sum(upper.values()) - upper[category])), min(upper[category], rest))
            for category in hidden}


def assert_protected(true_cells, shown, threshold, hidden_totals=None):
    true_totals = totals_of(true_cells)
    for column, total in enumerate(shown.totals):
        assert total is None or (total == true_totals[column] and total >= threshold)
        hidden = [true_cells[c][column] for c, counts in shown.cells.items() if counts[column] is None]
        if total is not None and hidden:
            assert len(hidden) >= 2 and sum(hidden) >= threshold, (column, shown)
    for category, counts in shown.cells.items():
        for column, count in enumerate(counts):
            assert count is None or (count == true_cells[category][column] and count >= threshold), shown
    for key, values in possible_values(
            shown, range(threshold) if hidden_totals is None else hidden_totals).items():
        assert true_cells[key[0]][key[1]] in values, (key, values)  # the attacker's model holds the truth
        assert len(values) > 1, f"{key} can be computed from the table: it can only be {values} ({shown})"


@pytest.mark.slow  # a search over hundreds of tables: seconds, not the unit tier's milliseconds
@settings(max_examples=400, deadline=None, derandomize=True)
@given(cells=rows(), threshold=st.integers(3, 5))
def test_no_hidden_count_of_a_table_can_be_computed_and_nothing_below_the_threshold_shows(cells, threshold):
    shown = suppress(cells, totals_of(cells), threshold)
    assert_protected(cells, shown, threshold)


@pytest.mark.parametrize("cells, hidden", [
    # One small cell: the next-smallest is hidden with it, so that the total cannot give it away; the
    # counts within both go with them.
    ({"a": [2, 0, 0], "b": [9, 9, 9], "c": [7, 7, 7]}, {("a", 0), ("c", 0), ("a", 1), ("c", 1)}),
    # A small cell of a nested column alone: the next-smallest of that column only.
    ({"a": [9, 2, 0], "b": [9, 9, 9], "c": [7, 7, 7]}, {("a", 1), ("c", 1)}),
    # A hidden count of learners who started hides the same category's nested counts.
    ({"a": [7, 7, 0], "b": [0, 0, 0], "c": [9, 9, 9]}, {("a", 0), ("b", 0), ("a", 1), ("b", 1)}),
])
def test_the_rule_hides_the_next_smallest_count_and_the_counts_within_a_hidden_one(cells, hidden):
    shown = suppress(cells, totals_of(cells), 5)
    found = {(c, column) for c, counts in shown.cells.items() for column, count in enumerate(counts[:2])
             if count is None}
    assert found == hidden
    assert shown.totals[:2] == totals_of(cells)[:2]


def report(cells, threshold, course="course-v1:Org+SMEBU+2026", discussions=6):
    labels = {category: category.upper() for category in cells}
    return document(course=course, released_on="2026-12-10", threshold=threshold,
                    tables={name: table(suppress(cells, totals_of(cells), threshold), labels)
                            for name in ("target_group", "county")},
                    discussions_held=discussions if discussions >= threshold else None)


def table_cells(value, name="target_group"):
    return {row["id"]: row["counts"] for row in value["tables"][name]["rows"]}


@pytest.mark.slow  # a search over merges of several instances
@settings(max_examples=150, deadline=None, derandomize=True)
@given(instances=st.lists(rows(st.just(3), most=7), min_size=2, max_size=4), threshold=st.integers(3, 4))
def test_the_national_table_adds_known_counts_and_hides_everything_it_must_on_its_own(instances, threshold):
    national = merge([report(cells, threshold, course=f"course-v1:Org{n}+SMEBU+2026")
                      for n, cells in enumerate(instances)])
    assert national["format"] == FORMAT and len(national["merged"]) == len(instances)
    truth = {category: [sum(cells[category][column] for cells in instances) for column in range(len(COLUMNS))]
             for category in instances[0]}
    shown_parts = [suppress(cells, totals_of(cells), threshold) for cells in instances]
    for category, counts in table_cells(national).items():
        for column, count in enumerate(counts):
            every_part_known = all(part.cells[category][column] is not None for part in shown_parts)
            assert count is None or (every_part_known and count == truth[category][column] >= threshold)
    merged = national["tables"]["target_group"]
    from sexmot_xblocks.storage.reach_suppression import Shown  # noqa: PLC0415
    # A merged total is hidden when a part's was: it is below the threshold times the parts.
    assert_protected(truth, Shown(cells=table_cells(national), totals=merged["totals"]), threshold,
                     hidden_totals=range(threshold * len(instances) + sum(totals_of(truth)[:1])))


def test_the_merge_refuses_reports_of_another_threshold_or_format_and_says_why():
    cells = {"a": [9, 5, 5], "b": [9, 5, 5]}
    with pytest.raises(ReachFormatError, match="different thresholds"):
        merge([report(cells, 5), report(cells, 6)])
    with pytest.raises(ReachFormatError, match="format sexmot-reach/1"):
        merge([report(cells, 5), {**report(cells, 5), "format": "sexmot-reach/2"}])
    with pytest.raises(ReachFormatError, match="has no rows"):
        checked({**report(cells, 5), "tables": {"target_group": {}, "county": {}}})


def test_a_merged_table_merges_again_and_lists_every_report_it_was_made_of():
    cells = {"a": [9, 5, 5], "b": [9, 5, 5]}
    first = merge([report(cells, 5, course="x"), report(cells, 5, course="y")])
    again = merge([first, report(cells, 5, course="z")])
    assert [part["course"] for part in again["merged"]] == ["x", "y", "z"]
    assert again["tables"]["county"]["totals"] == [54, 30, 30]
    assert again["group_discussions_held"] == 18


def test_the_command_runs_on_the_standard_library_alone_and_refuses_with_a_clear_message(tmp_path):
    cells = {"a": [9, 5, 5], "b": [9, 5, 5]}
    paths = []
    for number, value in enumerate([report(cells, 5), report(cells, 5), report(cells, 6)]):
        paths.append(tmp_path / f"{number}.json")
        paths[-1].write_text(json.dumps(value), encoding="utf-8")
    # -S: no site-packages, so neither Django nor anything else installed is within reach.
    command = [sys.executable, "-S", "-m", "sexmot_xblocks.command_line.reach_merge"]
    done = subprocess.run([*command, str(paths[0]), str(paths[1])], cwd=ROOT, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["tables"]["target_group"]["totals"] == [36, 20, 20]
    refused = subprocess.run([*command, str(paths[0]), str(paths[2])], cwd=ROOT, capture_output=True, text=True,
                             check=False)
    assert refused.returncode == 2 and "different thresholds" in refused.stderr and not refused.stdout
    out = io.StringIO()
    assert main([str(tmp_path / "missing.json")], out=out) == 2 and out.getvalue() == ""
