"""The benchmark's own databases, emptied and migrated before every phase."""
import os
import subprocess
import sys

from . import config
from .server import database_environment


def mariadb_version():
    """MariaDB's version on 127.0.0.1:3306, or None when it does not answer."""
    try:
        import pymysql  # noqa: PLC0415

        connection = pymysql.connect(host="127.0.0.1", port=3306, user="root", password="", connect_timeout=3)
    except Exception:  # noqa: BLE001  (any failure means: not reachable)
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT VERSION()")
        version = cursor.fetchone()[0]
    connection.close()
    return version


def _recreate_mysql_database():
    import pymysql  # noqa: PLC0415

    connection = pymysql.connect(host="127.0.0.1", port=3306, user="root", password="")
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS `{config.MYSQL_DATABASE}`")
        cursor.execute(f"CREATE DATABASE `{config.MYSQL_DATABASE}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    connection.close()


def fresh_database(database):
    """An empty benchmark database with the workbench's and our tables."""
    config.WORK_DIR.mkdir(parents=True, exist_ok=True)
    if database == "sqlite":
        config.SQLITE_FILE.unlink(missing_ok=True)
    else:
        _recreate_mysql_database()
    subprocess.run(
        [sys.executable, "-m", "django", "migrate", "--run-syncdb", "--skip-checks", "--verbosity", "0"],
        cwd=config.ROOT, env={**os.environ, **database_environment(database)}, check=True,
    )
