"""Submit handlers over real HTTP with many learners at once: latency and throughput.

Each simulated learner is a thread with its own keep-alive connection, sends
its first submission as a browser would (JSON body, CSRF cookie and header)
and waits for the answer, as in a group session where everyone submits within
the same minute.
"""
import http.client
import http.cookies
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from .stats import summary
from .subjects import payload_bytes


def csrf_token(base_url):
    """The CSRF token a learner's browser receives with the learner page."""
    with urllib.request.urlopen(f"{base_url}/view/bench-empty/?student=csrf") as response:
        cookies = http.cookies.SimpleCookie()
        for header in response.headers.get_all("Set-Cookie"):
            cookies.load(header)
    return cookies["csrftoken"].value


class LearnerConnections:
    """One persistent HTTP connection per client thread, reopened if the server closes it."""

    def __init__(self, host, port):
        self.host, self.port = host, port
        self.local = threading.local()

    def post(self, path, body, headers):
        """POST and return (status, elapsed milliseconds), reconnecting once on a closed connection."""
        for attempt in range(2):
            connection = getattr(self.local, "connection", None)
            if connection is None:
                connection = self.local.connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
            start = time.perf_counter()
            try:
                connection.request("POST", path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                return response.status, (time.perf_counter() - start) * 1000.0
            except (http.client.HTTPException, ConnectionError):
                connection.close()
                self.local.connection = None
                if attempt:
                    raise
        raise AssertionError("unreachable")


def submit_wave(base_url, subject, concurrency, submissions, first_number, token, prefix=""):
    """``submissions`` learners submit once each, ``concurrency`` at a time; latency and throughput.

    ``prefix`` ``/lms`` sends them to the LMS-shaped harness's handler route instead of the workbench's.
    """
    host, port = base_url.removeprefix("http://").split(":")
    connections = LearnerConnections(host, int(port))
    headers = {"Content-Type": "application/json", "X-CSRFToken": token, "Cookie": f"csrftoken={token}"}

    def one(number):
        path = f"{prefix}/handler/{subject.usage_id}/{subject.handler}/?student=learner-{number}"
        try:
            return connections.post(path, payload_bytes(subject, number), headers)
        except (http.client.HTTPException, OSError):
            return 0, None

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = list(pool.map(one, range(first_number, first_number + submissions)))
    wall = time.perf_counter() - started
    latencies = [elapsed for status, elapsed in results if status == 200]
    numbers = range(first_number, first_number + submissions)
    statuses = {}
    for status, _ in results:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    return {
        "statuses": statuses,
        "acknowledged": [number for number, (status, _) in zip(numbers, results) if status == 200],
        "latency": summary(latencies),
        "throughput": len(latencies) / wall,
        "errors": sum(1 for status, _ in results if status != 200),
        "sent": submissions,
    }
