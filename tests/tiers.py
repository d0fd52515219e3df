"""The suite's tiers by what a test costs, read from the fixtures it uses (``tests/conftest.py`` marks them).

- ``unit``: no database, no Django client, no server, no browser, nothing built: ``make test-fast``, about 8 s
  of wall time on the 2-core development machine. It collects only the files named in ``tests/unit_tier_files``;
  ``tests/test_unit_tier_files.py`` fails, naming the file to add or remove, when that list and the files holding
  unit-tier tests differ.
- unmarked: the database or Django's test client, in process (the integration tier).
- ``browser``: Debian's headless Chromium.
- ``slow``: a server, a build, a wheel, a film: a test marked ``slow`` or one that uses a fixture defined with
  ``@slow_fixture`` (or pytest-django's ``live_server``). The release runs leave it out.

A new test lands in its tier by what it asks for, so the tiers cannot drift from what the tests do; a test
in the unit tier that reaches the database all the same fails (``queries_refused``).
"""
from contextlib import ExitStack, contextmanager

import pytest
from django.db import connections

# pytest-django's fixtures that reach the database or Django's request handling
DJANGO_FIXTURES = {"django_db_setup", "client", "admin_client", "async_client", "admin_user", "django_user_model"}
# Fixtures that start a server or build something; ``slow_fixture`` adds to them
SLOW_FIXTURES = {"live_server"}


def slow_fixture(function=None, **kwargs):
    """``pytest.fixture`` for a fixture that starts a server or builds something: a test that uses it is ``slow``."""
    def define(function):
        SLOW_FIXTURES.add(function.__name__)
        return pytest.fixture(**kwargs)(function)
    return define(function) if function else define


def tier_markers(item):
    """The markers of ``item``'s tier, besides those it already carries."""
    fixtures = set(getattr(item, "fixturenames", ()))
    browser = "browser" in fixtures
    slow = bool(item.get_closest_marker("slow") or fixtures & SLOW_FIXTURES)
    django = bool(item.get_closest_marker("django_db") or fixtures & DJANGO_FIXTURES)
    markers = []
    if browser:
        markers.append(pytest.mark.browser)
    if slow and not item.get_closest_marker("slow"):
        markers.append(pytest.mark.slow)
    if not (browser or slow or django):
        markers.append(pytest.mark.unit)
    return markers


def _refuse(execute, sql, params, many, context):
    raise AssertionError(f"a test of the unit tier reached the database ({sql[:80]!r}): it belongs to another tier")


@contextmanager
def queries_refused():
    """Every database connection refuses queries while it lasts, even where a test has unblocked the database."""
    with ExitStack() as stack:
        for connection in connections.all():
            stack.enter_context(connection.execute_wrapper(_refuse))
        yield
