"""The unit tier stays off the database: a query from one of its tests fails, even where the test unblocked it."""
import sqlite3

import pytest
from django.db import connection


def test_a_query_from_the_unit_tier_fails_even_where_the_test_unblocked_the_database(request, django_db_blocker):
    assert request.node.get_closest_marker("unit")
    # A real SQLite cursor in Django's wrapper for the configured connection: the query runs unless refused
    cursor = connection.make_cursor(sqlite3.connect(":memory:").cursor())
    with django_db_blocker.unblock(), pytest.raises(AssertionError, match="unit tier reached the database"):
        cursor.execute("SELECT 1")
