"""The benchmark server's URLs: the workbench's, and the LMS-shaped harness's handler route."""
from django.urls import re_path
from workbench.urls import urlpatterns as workbench_urlpatterns

from .lms_shaped import handler_view

urlpatterns = [
    re_path(r"^lms/handler/(?P<usage_id>[^/]+)/(?P<handler_slug>[^/]*)(?:/(?P<suffix>.*))?$", handler_view),
    *workbench_urlpatterns,
]
