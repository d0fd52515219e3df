"""A learner's write saved all or nothing: shared tables and the learner's own state in one transaction.

After a handler returns, the XBlock runtime saves every field the handler
changed. If the transaction failed halfway, that save would write the new
values over a database that rolled back, and the learner's state would no
longer match the group's counters. So on failure the fields get their old
values back (which leaves nothing for the runtime to save) and the learner
gets a message to try again.
"""
import copy
from contextlib import contextmanager

from django.db import DatabaseError, transaction
from django.utils.translation import gettext_noop as _
from xblock.exceptions import JsonHandlerError

RETRY_MESSAGE = _("Your answers could not be saved. Nothing was changed; please try again.")


@contextmanager
def all_or_nothing(block, field_names):
    """Run the body and ``block.save()`` in one transaction; on any failure restore ``field_names``.

    A database error becomes a 503 with ``RETRY_MESSAGE``; a ``JsonHandlerError``
    keeps its own status; any other error is re-raised, so a bug stays visible.
    """
    before = {name: copy.deepcopy(getattr(block, name)) for name in field_names}
    try:
        with transaction.atomic():
            yield
            block.save()
    except DatabaseError as error:
        _restore(block, before)
        raise JsonHandlerError(503, RETRY_MESSAGE) from error
    except BaseException:
        _restore(block, before)
        raise


def _restore(block, values):
    """Give the fields their values from before the write; unchanged fields are then not saved again."""
    for name, value in values.items():
        setattr(block, name, value)
