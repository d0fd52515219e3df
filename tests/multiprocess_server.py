"""The preview served as the LMS serves a course: gunicorn, several worker processes with threads each.

``gunicorn --preload tests.multiprocess_server:application`` loads the exercise named by
``SEXMOT_SERVER_SCENARIO`` (its OLX in ``SEXMOT_SERVER_OLX``) once, before the workers fork, so
every worker serves it under the same usage id as the test process. Each worker keeps its own
cache (the preview's per-process cache), as a small Open edX install may: nothing that must be
correct may rest on it.
"""
import os

import django

django.setup()

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.db import connections  # noqa: E402
from workbench import scenarios  # noqa: E402

scenario = os.environ["SEXMOT_SERVER_SCENARIO"]
scenarios.add_xml_scenario(scenario, scenario, os.environ["SEXMOT_SERVER_OLX"])
connections.close_all()  # no connection may cross the fork into the workers
application = get_wsgi_application()
