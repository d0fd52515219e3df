"""The name under which the browser keeps a learner's texts for one exercise: the draft, and a text kept on the device.

A browser's storage is shared by everyone who uses the same browser profile,
such as a workplace computer. Named per learner and exercise, a draft comes
back only for the learner who wrote it. The name is a keyed hash (with the
site's secret key), so it names no one and cannot be traced to a learner.
"""
from sexmot_xblocks.anonymity import keyed_hash

#: Set by the Open edX user service (and the preview's); the first one found names the learner.
LEARNER_ATTRIBUTES = ("edx-platform.anonymous_user_id", "edx-platform.user_id")


def browser_storage_key(block):
    """The storage name for the current learner and ``block``; empty for a visitor who is not signed in."""
    service = block.runtime.service(block, "user")
    user = service.get_current_user() if service else None
    learner = next((str(user.opt_attrs[name]) for name in LEARNER_ATTRIBUTES
                    if user and user.opt_attrs.get(name)), "")
    if not learner:
        return ""
    return keyed_hash("browser-storage", block.scope_ids.usage_id, learner)[:32]
