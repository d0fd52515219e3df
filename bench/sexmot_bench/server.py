"""A real server process for the HTTP and browser measurements: gunicorn in front of the preview."""
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from . import config


def database_environment(database):
    """The preview's variables that point Django at the benchmark's own database."""
    environment = {"DJANGO_SETTINGS_MODULE": "sexmot_bench.settings", "SEXMOT_DB": database}
    if database == "sqlite":
        environment["SEXMOT_SQLITE_PATH"] = str(config.SQLITE_FILE)
    else:
        environment["SEXMOT_DB_NAME"] = config.MYSQL_DATABASE
    return environment


def python_command():
    """The Python of the benchmark environment (the one running this module)."""
    return sys.executable


def _wait_until_up(url, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the benchmark server stopped at start (exit {process.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.3)
    raise RuntimeError(f"the benchmark server did not answer {url} within {timeout} s")


def worker_options():
    """gunicorn's options for the LMS's shape: ``SERVER_WORKERS`` processes that each serve one request at a time.

    Tutor runs the LMS under uWSGI with ``processes = $(UWSGI_WORKERS)`` and no ``threads``
    (``tutor/templates/build/openedx/settings/uwsgi.ini``): a worker serves one request at a time and the
    others wait in the listen queue, so the threads of one process never take turns on the interpreter lock.
    """
    return ["--workers", str(config.SERVER_WORKERS), "--worker-class", "sync"]


@contextmanager
def running_server(database):
    """Start gunicorn as Tutor runs the LMS (worker processes of one thread each) and stop it afterwards."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [
        str(gunicorn), "sexmot_bench.wsgi:application", "--preload", *worker_options(),
        "--bind", f"127.0.0.1:{config.PORT}", "--backlog", "512", "--log-level", "warning", "--timeout", "120",
    ]
    log = open(config.WORK_DIR / f"server-{database}.log", "w", encoding="utf-8")  # noqa: SIM115
    process = subprocess.Popen(
        command, cwd=config.ROOT, env={**os.environ, **database_environment(database)}, stdout=log, stderr=log,
    )
    base_url = f"http://127.0.0.1:{config.PORT}"
    try:
        _wait_until_up(f"{base_url}/view/bench-empty/?student=warmup", process)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
