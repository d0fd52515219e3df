"""Preview stand-ins for services that Open edX provides."""
import hashlib

from xblock.reference.user_service import UserService, XBlockUser

#: Preview learners whose name starts with this act as course staff (``?student=staff``).
STAFF_PREFIX = "staff"
#: The workbench's own name for a caller without a user: its ``unauth_handler`` URLs run as ``none``, and
#: ``?student=none`` shows a page as such a visitor would see it.
ANONYMOUS_VISITOR = "none"


class PreviewUserService(UserService):
    """The LMS user service as the blocks see it, with a course-staff flag.

    In Open edX the LMS sets ``edx-platform.user_is_staff`` for course staff;
    here any workbench learner named ``staff…`` is staff, so the facilitator
    view can be tried with ``?student=staff``. Like the LMS, it gives signed-in
    users an email address and an anonymous user id (which tests look for in
    every output), and gives an anonymous visitor a user that is not
    authenticated and carries no identifier at all.
    """

    runtime = None  # set by the workbench when it loads the service

    def get_current_user(self):
        """The current preview learner, with the same optional attributes the LMS sets."""
        user_id = str(getattr(self.runtime, "user_id", None) or "student_1")
        if user_id == ANONYMOUS_VISITOR:
            user = XBlockUser(is_current_user=True)
            user.opt_attrs["edx-platform.is_authenticated"] = False
            return user
        user = XBlockUser(is_current_user=True, emails=[f"{user_id}@example.org"], full_name=user_id)
        user.opt_attrs["edx-platform.is_authenticated"] = True
        user.opt_attrs["edx-platform.user_is_staff"] = user_id.startswith(STAFF_PREFIX)
        user.opt_attrs["edx-platform.user_id"] = user_id
        user.opt_attrs["edx-platform.username"] = user_id
        user.opt_attrs["edx-platform.anonymous_user_id"] = anonymous_user_id(user_id)
        return user


def anonymous_user_id(user_id):
    """The preview's stand-in for the LMS's per-course anonymous id of a learner."""
    return hashlib.md5(f"preview-course:{user_id}".encode(), usedforsecurity=False).hexdigest()
