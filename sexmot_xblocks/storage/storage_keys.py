"""The key under which the anonymous storage keeps a block's results: the course's, or the author's preview's own.

Studio's preview runs a block's handlers as the author
(``preview_handler``, ``cms/djangoapps/contentstore/views/preview.py``), with
the usage key stripped of branch and version (``MixedModuleStore``), and LMS
and CMS share one database: under the block's usage key, an author's test
answers would count towards the course's group and a text shared in the
preview would appear to the course's learners. Studio marks its preview
runtime (``_prepare_runtime_for_preview`` sets ``runtime.is_author_mode``), so
everything written there (answers, counts, shared texts, group sessions) goes
to a scope of its own, under ``PREVIEW_PREFIX``, which the operator's purge
clears.
"""

#: The beginning of every storage key written from Studio's preview.
PREVIEW_PREFIX = "preview:"


def storage_key(block):
    """The storage key of ``block``: its usage key, with ``PREVIEW_PREFIX`` in Studio's preview."""
    usage_key = str(block.scope_ids.usage_id)
    return PREVIEW_PREFIX + usage_key if getattr(block.runtime, "is_author_mode", False) else usage_key


def course_storage_key(block, scope_key):
    """The storage key ``scope_key(course id)`` of ``block``'s course, with ``PREVIEW_PREFIX`` in Studio's preview.

    The course id is the usage key's ``course_key``; in the workbench, whose usage ids are plain text, the
    scenario's name (the text before the first dot) stands for it.
    """
    course_key = getattr(block.scope_ids.usage_id, "course_key", None)
    course_id = str(course_key) if course_key is not None else str(block.scope_ids.usage_id).split(".", 1)[0]
    return (
        PREVIEW_PREFIX + scope_key(course_id)
        if getattr(block.runtime, "is_author_mode", False)
        else scope_key(course_id)
    )
