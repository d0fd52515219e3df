"""The one shape of a block's content rules: message ids out, translated where they are shown (ADR 0003).

Each block's ``payloads.structural_problems(data)`` and ``payloads.content_problems(data)`` take the
values about to be saved (field name → value) and return what is wrong as English message ids marked
with ``gettext_noop``, as the toolkit's own rules do (``studio_lists.list_shape_problems``,
``content_language.language_problems``). A rule knows no user and no language; the block puts the ids
into the author's language with ``problem_messages`` where Studio shows them, and the OLX reader reports them
in English. A message with placeholders is a ``Problem``, which carries their values: translated first,
filled in after, so the catalogue holds one entry whatever the values.
"""


class Problem(str):
    """A message id with ``{placeholders}``, and the values they take once the message is translated."""

    values: dict

    def __new__(cls, message_id, **values):
        problem = super().__new__(cls, message_id)
        problem.values = values
        return problem


def problem_messages(problems, translate=str):
    """``problems`` (message ids, some of them ``Problem``) as messages, each through ``translate`` (none: English)."""
    return [translate(str(problem)).format(**problem.values) if isinstance(problem, Problem) else translate(problem)
            for problem in problems]
