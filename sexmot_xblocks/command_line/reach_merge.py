"""The national table: several instances' reach reports merged into one, with the same suppression.

Run by an analyst, without Django or anything beyond Python's standard library::

    python -m sexmot_xblocks.command_line.reach_merge a.json b.json … > national.json

A count is the sum of its parts where every part is known; a count with any hidden part stays
hidden; then the suppression rule (``reach_suppression``) is applied again, so the merged table
hides what it must on its own. The merge is computed from the published reports alone, so it cannot
tell more about any instance than its report does. A category one instance does not offer counts
as nobody there. Reports of another format, other columns or another threshold are refused: their
cells could not be added up under one rule.
"""
import json
import sys

from sexmot_xblocks.storage.reach_document import FORMAT, TABLES, ReachFormatError, checked, table
from sexmot_xblocks.storage.reach_suppression import COLUMNS, suppress, suppress_figure


def merge(documents):
    """One document from several reach reports (``reach_document``); ``ReachFormatError`` on a mismatch."""
    if not documents:
        raise ReachFormatError("Name at least one reach report to merge.")
    documents = [checked(value, f"report {number}") for number, value in enumerate(documents, start=1)]
    thresholds = sorted({value["threshold"] for value in documents})
    if len(thresholds) > 1:
        raise ReachFormatError(f"The reports were made with different thresholds ({thresholds}): "
                               "their hidden counts cannot be added up under one rule. Ask for reports "
                               "made with the same threshold.")
    threshold = thresholds[0]
    return {
        "format": FORMAT,
        "merged": [part for value in documents for part in _parts(value)],
        "threshold": threshold,
        "columns": list(COLUMNS),
        "tables": {name: _merged_table([value["tables"][name] for value in documents], threshold) for name in TABLES},
        "group_discussions_held": suppress_figure(
            _sum([value["group_discussions_held"] for value in documents]), threshold),
    }


def _parts(value):
    """The course and release day of each report in ``value`` (a merged document lists those it was made of)."""
    if "merged" in value:
        return list(value["merged"])
    return [{"course": value.get("course"), "released_on": value.get("released_on")}]


def _merged_table(tables, threshold):
    labels = {}
    for part in tables:
        for row in part["rows"]:
            labels.setdefault(row["id"], row["label"])
    counts = [{row["id"]: row["counts"] for row in part["rows"]} for part in tables]
    nobody = [0] * len(COLUMNS)
    cells = {category: [_sum(values) for values in zip(*(each.get(category, nobody) for each in counts))]
             for category in labels}
    totals = [_sum(values) for values in zip(*(part["totals"] for part in tables))]
    return table(suppress(cells, totals, threshold), labels)


def _sum(values):
    """The sum of known counts; None when any is hidden."""
    return None if any(value is None for value in values) else sum(values)


def main(argv=None, out=None):
    """The command: merge the reports named in ``argv``, write the national table as JSON; 2 on a refusal."""
    argv = sys.argv[1:] if argv is None else argv
    out = out or sys.stdout
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__.strip(), file=sys.stderr)
        return 2 if not argv else 0
    try:
        documents = []
        for path in argv:
            with open(path, encoding="utf-8") as file:
                try:
                    documents.append(json.load(file))
                except ValueError:
                    raise ReachFormatError(f"{path} is not JSON.") from None
        national = merge(documents)
    except (ReachFormatError, OSError) as error:
        print(f"reach_merge: {error}", file=sys.stderr)
        return 2
    json.dump(national, out, ensure_ascii=False, indent=1)
    out.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
