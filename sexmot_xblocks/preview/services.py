"""Preview stand-ins for services that Open edX provides."""
from xblock.reference.user_service import UserService, XBlockUser

#: Preview learners whose name starts with this act as course staff (``?student=staff``).
STAFF_PREFIX = "staff"


class PreviewUserService(UserService):
    """The LMS user service as the blocks see it, with a course-staff flag.

    In Open edX the LMS sets ``edx-platform.user_is_staff`` for course staff;
    here any workbench learner named ``staff…`` is staff, so the facilitator
    view can be tried with ``?student=staff``.
    """

    runtime = None  # set by the workbench when it loads the service

    def get_current_user(self):
        """The current preview learner, with the same optional attributes the LMS sets."""
        user_id = str(getattr(self.runtime, "user_id", None) or "student_1")
        user = XBlockUser(is_current_user=True, emails=[], full_name=user_id)
        user.opt_attrs["edx-platform.user_is_staff"] = user_id.startswith(STAFF_PREFIX)
        user.opt_attrs["edx-platform.user_id"] = user_id
        user.opt_attrs["edx-platform.username"] = user_id
        return user
