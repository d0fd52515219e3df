"""Who the current user is, as far as the blocks need to know: staff or not."""
from xblock.exceptions import JsonHandlerError


def is_course_staff(block):
    """True for course staff, from the ``user_is_staff`` flag that the Open edX user service sets."""
    service = block.runtime.service(block, "user")
    user = service.get_current_user() if service else None
    return bool(user and user.opt_attrs.get("edx-platform.user_is_staff"))


def require_course_staff(block):
    """Refuse a staff-only handler to anyone else with a 403, before anything is read or changed."""
    if not is_course_staff(block):
        raise JsonHandlerError(403, "Only course staff may do this.")
