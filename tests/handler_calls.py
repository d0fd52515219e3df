"""How a test calls a block's JSON action: through the block's one handler, with the action's name in the body.

Every JSON action of both blocks goes to ``ACTION_HANDLER`` as
``{"action": name, "data": {...}}`` (``sexmot_xblocks.toolkit.handlers``), so that no
request path names what a learner did; Studio's save and the GET pages keep
handlers of their own.
"""
import json

from reflection_xblock.block import ReflectionXBlock
from sexmot_xblocks.toolkit.handlers import ACTION_HANDLER
from story_xblock.block import StoryXBlock

#: Handlers that keep a URL of their own name: Studio's save (its editor posts to it) and the GET pages.
OWN_URL_HANDLERS = frozenset(
    name for block_class in (ReflectionXBlock, StoryXBlock) for name in dir(block_class)
    if name != ACTION_HANDLER and getattr(getattr(block_class, name, None), "_is_xblock_handler", False)
)


def handler_for(action):
    """The handler name in the URL that runs ``action``."""
    return action if action in OWN_URL_HANDLERS else ACTION_HANDLER


def action_path(usage_id, action, student=None, suffix="", base="handler"):
    """The workbench URL that runs ``action`` of the block ``usage_id`` as ``student`` (none: no ``?student=``)."""
    path = f"/{base}/{usage_id}/{handler_for(action)}/{suffix}"
    return path if student is None else f"{path}?student={student}"


def envelope(action, payload):
    """The JSON value to send for ``action`` with ``payload``."""
    payload = {} if payload is None else payload
    return payload if action in OWN_URL_HANDLERS else {"action": action, "data": payload}


def action_body(action, payload=None, raw=None):
    """The request body for ``action``: ``payload`` as JSON, or the text ``raw`` as the action's data, as it is.

    A ``raw`` text stays what it is inside the body: malformed JSON keeps the whole body malformed.
    """
    if raw is None:
        return json.dumps(envelope(action, payload))
    return raw if action in OWN_URL_HANDLERS else f'{{"action": {json.dumps(action)}, "data": {raw}}}'


def json_actions(block_class):
    """The JSON actions ``block_class`` answers through its one action handler."""
    return {name for name in dir(block_class) if getattr(getattr(block_class, name, None), "json_action", None) == name}
