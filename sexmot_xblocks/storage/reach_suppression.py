"""What a reach table may show of its counts: the rule, pure and standard library only.

A reach table counts learners per category (a target group, a county) in a few columns (started
the step, completed the web training, took part in group discussions), with each column's total.
A count below the threshold *k* could name the one or two people behind it, so it is never shown
(*primary* suppression). Hiding a cell is not enough where the column's total is shown: one hidden
cell would be the total less the others. So, in every column whose total is shown, the hidden cells
must be at least two and hold together at least *k* learners (the total less the shown cells, so
that nobody learns a group below *k* either); until they do, the smallest shown cell of the column
(the first such category on a tie) is hidden too (*complementary* suppression). A column whose
hidden cells cannot reach *k* even when all are hidden has a total below *k*: the total is hidden.

The columns are nested: a learner who completed, or took part in a discussion, started the step
first (``NESTED``: each column names the column that contains it). A shown count of a nested column
is a lower bound of the same category's count in the column that contains it, which could pin a
hidden cell there (a hidden 7 beside a shown 7 in the column within it, with 7 hidden in all). So
a category hidden in a column is hidden in the columns within it too, and the rule is applied again
until nothing more is hidden.

The rule never needs a hidden cell's value: it reads the shown cells and the total. So the merge
of several instances' reports (``reach_merge``), where a cell with any hidden part is unknown,
applies the very same rule to what it knows. Nothing here imports Django.
"""
from dataclasses import dataclass

#: The columns of every reach table, in order.
STARTED, COMPLETED, DISCUSSED = "started", "completed", "discussed"
COLUMNS = (STARTED, COMPLETED, DISCUSSED)
#: Each nested column and the column that contains it: whoever completed or discussed had started.
NESTED = {COMPLETED: STARTED, DISCUSSED: STARTED}


@dataclass(frozen=True)
class Shown:
    """A table as it may be shown: ``cells`` ``{category: [count or None per column]}``, ``totals`` likewise.

    None marks a hidden count.
    """

    cells: dict
    totals: list


def suppress(cells, totals, threshold, columns=COLUMNS, nested=None):
    """The table ``cells`` (``{category: [count per column]}``) with ``totals`` as it may be shown (``Shown``).

    A count already None (unknown: a merged cell with a hidden part) stays hidden; the rule treats
    it as any hidden cell. ``threshold`` is the *k* of the module docstring.
    """
    nested = NESTED if nested is None else nested
    shown = {category: [_primary(count, threshold) for count in counts] for category, counts in cells.items()}
    totals = [_primary(total, threshold) for total in totals]
    within = {columns.index(inner): columns.index(outer) for inner, outer in nested.items()}
    changed = True
    while changed:
        changed = _hide_within(shown, within)
        for column in range(len(columns)):
            changed |= _complement(shown, totals, column, threshold)
    return Shown(cells=shown, totals=totals)


def suppress_figure(count, threshold):
    """A single count (group discussions held): shown from the threshold on, else None."""
    return _primary(count, threshold)


def _primary(count, threshold):
    return None if count is None or count < threshold else count


def _hide_within(shown, within):
    """Hide a category's count in every column within a column where it is hidden; True when anything changed."""
    changed = False
    for counts in shown.values():
        for inner, outer in within.items():
            if counts[outer] is None and counts[inner] is not None:
                counts[inner] = None
                changed = True
    return changed


def _complement(shown, totals, column, threshold):
    """Hide more cells of ``column`` until its hidden cells are two or more holding at least ``threshold``.

    Returns True when anything was hidden. A column whose total is hidden needs nothing: no hidden
    cell can be computed from it.
    """
    if totals[column] is None:
        return False
    changed = False
    while True:
        visible = [(counts[column], position, category)
                   for position, (category, counts) in enumerate(shown.items()) if counts[column] is not None]
        hidden = len(shown) - len(visible)
        hidden_sum = totals[column] - sum(count for count, _, _ in visible)
        if hidden == 0 or (hidden >= 2 and hidden_sum >= threshold):
            return changed
        if not visible:
            totals[column] = None  # every cell hidden and still below the threshold: the total is below it
            return True
        _, _, category = min(visible)
        shown[category][column] = None
        changed = True
