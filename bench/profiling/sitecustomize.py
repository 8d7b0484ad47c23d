"""Loaded by the app's servers that bench_load.py --profile starts (this folder on their PYTHONPATH):
every Streamlit script run (its widget callbacks included) is profiled with cProfile in its own thread,
on that thread's CPU clock (waiting for a lock or a core is not counted; DuckDB's own worker threads are
not either), and written to IGM_PROFILE_DIR, one file per run, named by the time it began. Not part
of the app."""

import cProfile
import itertools
import os
import time
from pathlib import Path

from streamlit.runtime.scriptrunner import script_runner

FOLDER = Path(os.environ["IGM_PROFILE_DIR"])
NUMBERS = itertools.count()
_run_script = script_runner.ScriptRunner._run_script


def _profiled(self, rerun_data) -> None:
    profile = cProfile.Profile(time.thread_time)
    began = time.time()
    profile.enable()
    try:
        _run_script(self, rerun_data)
    finally:
        profile.disable()
        profile.dump_stats(FOLDER / f"{began:.6f}-{os.getpid()}-{next(NUMBERS)}.prof")


script_runner.ScriptRunner._run_script = _profiled
