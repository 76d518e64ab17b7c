"""The preview's background job (`policy_hook_support.Background`), in-process: one job at a
time, a failure is one line, and collections held off a rebuild are given back when its job ends."""

from __future__ import annotations

import gc
import sys
import threading
import weakref

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "hooks"))
from policy_hook_support import Background  # noqa: E402


class Cycle:
    """Garbage only a collection frees: it refers to itself."""

    def __init__(self) -> None:
        self.me = self


@pytest.fixture(autouse=True)
def _nothing_frozen():
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_garbage_from_before_a_rebuild_is_kept_until_its_job_has_ended_then_collected() -> None:
    jobs = Background()
    garbage = Cycle()
    gone = threading.Event()
    weakref.finalize(garbage, gone.set)
    jobs.before_build(hold=True)
    del garbage
    gc.collect()  # what a collection during the rebuild does: it does not look at what was frozen
    assert not gone.is_set() and gc.get_freeze_count() > 0
    running, finish = threading.Event(), threading.Event()
    jobs.run(lambda: (running.set(), finish.wait()), background=True)
    assert running.wait(10)
    assert gc.get_freeze_count() > 0 and not gone.is_set()  # still held while the job runs
    finish.set()
    jobs.wait()
    assert gc.get_freeze_count() == 0 and gone.is_set()


def test_a_rebuild_that_failed_before_its_job_leaves_nothing_frozen_at_the_next() -> None:
    jobs = Background()
    jobs.before_build(hold=True)  # and no job: the build stopped
    jobs.before_build(hold=False)
    assert gc.get_freeze_count() == 0


def test_a_build_without_hold_freezes_nothing_and_runs_the_job_at_once() -> None:
    jobs = Background()
    jobs.before_build(hold=False)
    assert gc.get_freeze_count() == 0
    ran = []
    jobs.run(lambda: ran.append(threading.current_thread().name), background=False)
    assert ran == [threading.current_thread().name]


def test_a_failing_job_is_one_line_and_still_gives_collections_back(capfd) -> None:
    jobs = Background()
    jobs.before_build(hold=True)

    def job() -> None:
        raise OSError("disk full")

    jobs.run(job, background=True)
    jobs.wait()
    err = capfd.readouterr().err.strip()
    assert err == "The preview's search index was not updated: OSError: disk full"
    assert gc.get_freeze_count() == 0
