"""Django settings for the preview and the test suite: the XBlock SDK workbench plus our storage app.

The database is SQLite in ``var/`` unless ``SEXMOT_DB`` names another one:
``mysql`` (MariaDB/MySQL on 127.0.0.1:3306, database ``test``, as Open edX runs
on MySQL) or ``postgresql``.
"""
import os
from pathlib import Path

from workbench.settings import *  # noqa: F403  (the workbench's own settings are the base)
from workbench.settings import INSTALLED_APPS, MIDDLEWARE, TEMPLATES, WORKBENCH

INSTALLED_APPS = [
    *INSTALLED_APPS,
    "sexmot_xblocks.storage.apps.SexmotXBlocksConfig",
    "course_export.course_preview.CoursePreviewConfig",
]
# As in the LMS: the request's user for whoever asks (``sexmot_xblocks.toolkit.access.acts_as_another``).
MIDDLEWARE = [*MIDDLEWARE, "crum.CurrentRequestUserMiddleware"]
# Our learner page (``/view/…``) replaces the workbench's: it sets the language, the phone viewport and the
# variables the workbench runtime needs for handler calls.
TEMPLATES = [{**TEMPLATES[0], "DIRS": [str(Path(__file__).parent / "templates"), *TEMPLATES[0]["DIRS"]]}]

_DATABASES_BY_NAME = {
    "sqlite": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("SEXMOT_SQLITE_PATH", "var/workbench.db"),
        "OPTIONS": {"timeout": 60, "transaction_mode": "IMMEDIATE"},
        "TEST": {"NAME": os.environ.get("SEXMOT_SQLITE_TEST_PATH", "var/test.db")},
    },
    "mysql": {
        "ENGINE": "django.db.backends.mysql",
        "NAME": os.environ.get("SEXMOT_DB_NAME", "test"),
        "USER": os.environ.get("SEXMOT_DB_USER", "root"),
        "PASSWORD": os.environ.get("SEXMOT_DB_PASSWORD", ""),
        "HOST": os.environ.get("SEXMOT_DB_HOST", "127.0.0.1"),
        "PORT": os.environ.get("SEXMOT_DB_PORT", "3306"),
        "OPTIONS": {"charset": "utf8mb4"},
        # Its own name per checkout or run (SEXMOT_MYSQL_TEST_NAME), so that simultaneous runs never drop each other's.
        "TEST": {"NAME": os.environ.get("SEXMOT_MYSQL_TEST_NAME", "test_sexmot"), "CHARSET": "utf8mb4",
                 "COLLATION": "utf8mb4_unicode_ci"},
    },
    "postgresql": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ.get("SEXMOT_DB_NAME", "test"),
        "USER": os.environ.get("SEXMOT_DB_USER", "postgres"),
        "HOST": os.environ.get("SEXMOT_DB_HOST", "127.0.0.1"),
        "PORT": os.environ.get("SEXMOT_DB_PORT", "5432"),
    },
}
DATABASE_KIND = os.environ.get("SEXMOT_DB", "sqlite")
DATABASES = {"default": _DATABASES_BY_NAME[DATABASE_KIND]}

if DATABASE_KIND == "mysql":
    try:  # mysqlclient, the LMS's own driver, where it is installed (it compiles against libmariadb-dev)
        import MySQLdb  # noqa: F401
    except ImportError:  # else PyMySQL, pure Python, which needs no build step
        import pymysql

        pymysql.install_as_MySQLdb()

LANGUAGE_CODE = "sv"
# The interface languages the package ships complete catalogues for. The workbench's i18n service is Django's
# own translation, which reads the catalogue of our Django app (``sexmot_xblocks/storage/locale``), as the LMS's
# service does when an atlas pull has left an empty folder for a block (docs/decisions/0011-…).
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
TIME_ZONE = "Europe/Stockholm"
EXCLUDED_XBLOCKS = {
    "allscopes_demo", "attempts_scoreboard_demo", "equality_demo", "filethumbs", "helloworld_demo",
    "html_demo", "problem_demo", "sidebar_demo", "slider_demo", "textinput_demo", "thumbs",
    "view_counter_demo",
}
WORKBENCH = {
    **WORKBENCH,
    "services": {
        **WORKBENCH["services"],
        "user": "devtools.preview.services.PreviewUserService",
        "replace_urls": "devtools.preview.assets.PreviewReplaceURLService",
    },
}
# Course files (the OLX's ``/static/<name>``): a folder served under /static/course-assets/, as Open edX serves
# them from its content store under another address (devtools/preview/assets.py).
# ``manage.py sexmot_rekey`` finds the learners of each exercise in the workbench's state, not the LMS's.
SEXMOT_LEARNER_SOURCE = "devtools.preview.learners.workbench_learners"
SEXMOT_COURSE_ASSETS_DIR = os.path.abspath(os.environ.get("SEXMOT_COURSE_ASSETS_DIR", "var/preview-static"))
STATICFILES_DIRS = [("course-assets", SEXMOT_COURSE_ASSETS_DIR)]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler", "level": "WARNING"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

#: Who completed a course, for the reach report: the LMS reads its certificates; the preview keeps a list.
SEXMOT_REACH_COMPLETED_LEARNERS = "devtools.preview.completed_learners.completed_learners"
