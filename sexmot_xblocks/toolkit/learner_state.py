"""Saving a learner's own state as part of a write's transaction, every field, whatever the platform loaded.

The LMS loads a learner's state before a handler runs and, on save, lays the
fields the block marks as changed over the row as stored now
(``DjangoXBlockUserStateClient.set_many`` in edx-platform). XBlock marks a
field as changed only when its new value differs from the one loaded; a write
that started from state loaded before another write of the same learner would
then leave some of that other write's values in place. So every field of the
learner's record is saved, changed or not, inside the transaction of
``sexmot_xblocks.storage.api``; and if anything fails, the fields get their loaded
values back with nothing left for the runtime's own save after the handler.
"""
import copy


def save_all(block, values):
    """Set ``values`` (``{field name: value}``) on ``block`` and save every one of them now."""
    before = {name: copy.deepcopy(getattr(block, name)) for name in values}
    try:
        for name, value in values.items():
            setattr(block, name, value)
        block.force_save_fields(list(values))
    except BaseException:
        for name, value in before.items():
            setattr(block, name, value)
        raise
    finally:
        block._clear_dirty_fields()  # noqa: SLF001  (saved above, or restored)
