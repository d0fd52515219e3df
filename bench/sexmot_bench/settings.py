"""Django settings of the benchmark server: the preview's settings, run as production would.

The database comes from the same variables as the preview (``SEXMOT_DB``,
``SEXMOT_SQLITE_PATH``, ``SEXMOT_DB_NAME``). Debug mode is off, because in
debug mode Django keeps every SQL query in memory and every render pays for it.
"""
from devtools.preview.settings import *  # noqa: F403
from devtools.preview.settings import INSTALLED_APPS, TEMPLATES

DEBUG = False
#: The LMS-shaped harness keeps learner state in tables of its own (``sexmot_bench.models``).
INSTALLED_APPS = [*INSTALLED_APPS, "sexmot_bench"]
ROOT_URLCONF = "sexmot_bench.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
TEMPLATES = [{**TEMPLATES[0], "OPTIONS": {**TEMPLATES[0]["OPTIONS"], "debug": False}}]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": True,
    "handlers": {"console": {"class": "logging.StreamHandler", "level": "ERROR"}},
    "root": {"handlers": ["console"], "level": "ERROR"},
}
