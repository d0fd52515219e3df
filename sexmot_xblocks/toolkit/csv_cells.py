"""Text made safe for a spreadsheet cell, whichever character the spreadsheet splits cells on.

A CSV file is opened by programs that guess its separator: Swedish Excel splits
on ``;``, others on ``,`` or a tab, and some split lines on a bare carriage
return. A cell that starts with ``= + - @`` (or their full-width forms) is run
as a formula. Quoting protects a cell only from the writer's own separator, so
every piece that any of those separators could turn into a cell start is
neutralised: an apostrophe goes in front of the formula character.
"""
import re

#: Characters that make a cell a formula in Excel, LibreOffice or Google Sheets, incl. full-width forms;
#: a leading tab or carriage return can hide one from a reader.
_FORMULA_START = "=+\\-@\uff1d\uff0b\uff0d\uff20\t\r"
#: A place where a spreadsheet may begin a new cell or line (the start, or after a separator it may guess),
#: before optional spaces and a formula character. Separators are not consumed, so neighbours both match.
_CELL_START = re.compile(f"(?:^|(?<=[,;\\t\\r\\n|]))( *)(?=[{_FORMULA_START}])")


def csv_safe(text):
    """``text`` with an apostrophe before each formula character that could begin a cell."""
    return _CELL_START.sub(lambda match: f"{match.group(1)}'", text)
