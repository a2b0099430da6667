"""How fast /healthz answers: operators poll it, so it must stay cheap."""

import statistics
import time

from django.core.management import call_command
from django.test import Client

from tests.benchmarks.harness import fresh_test_environment


def run():
    import logging

    from django.db import connection

    logging.getLogger("django.request").setLevel(logging.CRITICAL)  # the 503s are expected: no worker runs
    fresh_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        call_command("load_demo", verbosity=0)
        client = Client()
        samples = []
        for _ in range(200):
            started = time.perf_counter()
            client.get("/healthz")
            samples.append((time.perf_counter() - started) * 1000)
        home = []
        for _ in range(100):
            started = time.perf_counter()
            client.get("/")
            home.append((time.perf_counter() - started) * 1000)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    samples.sort()
    home.sort()
    return [
        ("/healthz median ms", f"{statistics.median(samples):.2f}"),
        ("/healthz p95 ms", f"{samples[int(len(samples) * 0.95)]:.2f}"),
        ("home page (uncached) median ms", f"{statistics.median(home):.2f}"),
    ]
