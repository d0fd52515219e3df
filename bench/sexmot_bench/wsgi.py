"""The benchmark server's WSGI application: the preview with every measured block's scenario loaded.

Loaded once by ``gunicorn --preload`` before it forks its workers, so every
worker serves the same scenarios under the same usage ids as the in-process
measurements. Static files are served the way ``runserver`` serves them.
"""
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sexmot_bench.settings")

import django

django.setup()

from django.contrib.staticfiles.handlers import StaticFilesHandler  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.db import connections  # noqa: E402

from .lms_shaped import load_structure  # noqa: E402
from .subjects import all_subjects, register_scenarios  # noqa: E402

SUBJECTS = all_subjects()
register_scenarios(SUBJECTS)
load_structure(subject.usage_id for subject in SUBJECTS)  # the LMS-shaped harness's course structure
connections.close_all()  # no connection may cross the fork into the workers
application = StaticFilesHandler(get_wsgi_application())
