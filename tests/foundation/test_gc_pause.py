"""The cyclic collector around a command: paused while it runs; for the ``renketsu`` program, what the
command made is left out of the collector's reach afterwards (``gc.freeze``), not in a program that goes on."""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest

from renketsu.cli import common
from renketsu.model.gcpause import gc_paused


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_paused_inside_and_restored_after(unfrozen):
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_freeze_leaves_what_was_made_out_of_the_collections(unfrozen):
    with gc_paused(freeze=True):
        made = [[i] for i in range(1000)]
    assert gc.isenabled()
    assert gc.get_freeze_count() >= len(made)


def test_run_guarded_freezes_only_in_a_process_that_ends_with_the_command(unfrozen, monkeypatch):
    monkeypatch.setattr(common, "PROCESS_ENDS", [False])
    common.run_guarded(lambda: [[i] for i in range(1000)])
    assert gc.get_freeze_count() == 0  # a test's CliRunner, the web server: the collector sees everything
    monkeypatch.setattr(common, "PROCESS_ENDS", [True])
    common.run_guarded(lambda: [[i] for i in range(1000)])
    assert gc.get_freeze_count() > 0


def test_the_program_says_its_process_ends_with_the_command():
    code = ("import sys; sys.argv = ['renketsu', '--version']\n"
            "from renketsu.cli import common, main\n"
            "try:\n    main.main()\nexcept SystemExit:\n    pass\n"
            "print(common.PROCESS_ENDS[0])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "True"
