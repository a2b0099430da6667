"""A version's content is built once per worker and shared by every thread delivering that version
(channels.subjects.memo, the one memo of built content)."""

import threading
import time
import uuid

import pytest

from channels.subjects import memo


def _ask_at_once(key, build, threads=16):
    results, start = [], threading.Barrier(threads)

    def ask():
        start.wait()
        results.append(memo.shared(key, build))

    workers = [threading.Thread(target=ask) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(10)
    return results


def test_sixteen_threads_asking_at_once_build_the_content_once():
    builds = []

    def build():
        builds.append(1)
        time.sleep(0.2)  # rendering takes a while: the other threads arrive meanwhile
        return object()

    results = _ask_at_once(("release", uuid.uuid4().hex), build)
    assert len(results) == 16
    assert len(builds) == 1
    assert len({id(r) for r in results}) == 1


def test_a_failed_build_is_not_remembered_and_the_next_caller_builds_again():
    key, calls = ("release", uuid.uuid4().hex), []

    def build():
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database went away")
        return "content"

    with pytest.raises(RuntimeError):
        memo.shared(key, build)
    assert memo.shared(key, build) == "content"
    assert memo.shared(key, build) == "content"
    assert len(calls) == 2
    assert not memo._building  # no lock left behind for a key


def test_content_older_than_its_lifetime_is_built_again(monkeypatch):
    key, calls = ("release", uuid.uuid4().hex), []
    memo.shared(key, lambda: calls.append(1) or "first")
    monkeypatch.setattr(memo, "CONTENT_TTL_SECONDS", 0.0)
    assert memo.shared(key, lambda: calls.append(1) or "second") == "second"
    assert len(calls) == 2
