"""The name under which the browser keeps a learner's texts for one exercise: the draft, and a text kept on the device.

A browser's storage is shared by everyone who uses the same browser profile,
such as a workplace computer. Named per learner and exercise, a draft comes
back only for the learner who wrote it. The name is a keyed hash (with the
site's secret key), so it names no one and cannot be traced to a learner.
"""
from sexmot_xblocks.storage.api import fallback_secrets, keyed_hash

#: Set by the Open edX user service (and the preview's); the first one found names the learner.
LEARNER_ATTRIBUTES = ("edx-platform.anonymous_user_id", "edx-platform.user_id")


def storage_context(block):
    """The template context of the browser's names: today's, and those made under secrets kept after a rotation.

    A text kept on the device only exists nowhere else: after the site's
    secret is rotated the page moves it, and the draft, from the old name to
    today's (``reflection.js``), so that the rotation loses neither.
    """
    learner = _learner(block)
    if not learner:
        return {"storage_key": "", "storage_keys_before": ""}
    return {
        "storage_key": _name(block, learner),
        "storage_keys_before": " ".join(_name(block, learner, secret) for secret in fallback_secrets()),
    }


def _learner(block):
    service = block.runtime.service(block, "user")
    user = service.get_current_user() if service else None
    return next((str(user.opt_attrs[name]) for name in LEARNER_ATTRIBUTES if user and user.opt_attrs.get(name)), "")


def _name(block, learner, secret=None):
    return keyed_hash("browser-storage", block.scope_ids.usage_id, learner, secret=secret)[:32]
