"""The benchmarks still run against the code as it is now (their figures are not judged
here: performance goals are checked by running them, never by timed assertions)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(module, *args):
    # Its own process: the benchmark sets Django up on a scratch database of its own.
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", f"benchmarks.{module}", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_import_benchmark_imports_and_sees_the_same_file_change_nothing():
    result = _run("import_passholders", "300")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "our import (validated, written)" in result.stdout
    assert "'new': 300" in result.stdout
    assert "'unchanged': 300" in result.stdout
