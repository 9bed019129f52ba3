"""``scripts/serve.py`` (``make run``): web, worker and beat start together and stop together."""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.3)
    return False


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("serve-data")


@pytest.fixture(scope="module")
def embedded_environment(data_dir):
    """The embedded defaults in a fresh, migrated data folder, whatever the test run itself uses."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "CELERY_BROKER_URL", "DJANGO_SETTINGS_MODULE"}
    }
    environment["DATA_DIR"] = str(data_dir)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=environment,
        check=True,
    )
    return environment


@pytest.mark.worker
def test_serve_runs_web_worker_and_beat_and_ctrl_c_stops_them_all(embedded_environment, data_dir):
    port = free_port()
    serve = subprocess.Popen(
        [sys.executable, "scripts/serve.py", "--port", str(port)],
        cwd=ROOT,
        env=embedded_environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(serve.stdout), daemon=True)
    reader.start()
    try:
        assert wait_for(lambda: answers(f"http://127.0.0.1:{port}/admin/login/"))
        assert wait_for(lambda: any("celery@" in line and "ready." in line for line in lines))
        # Beat writes its schedule file once it has started.
        assert wait_for(lambda: any(data_dir.glob("celerybeat-schedule*")))
        serve.send_signal(signal.SIGINT)
        serve.wait(timeout=30)
    finally:
        if serve.poll() is None:  # Let it stop its children even when an assertion failed.
            serve.terminate()
            serve.wait(timeout=30)
    reader.join(timeout=5)
    assert serve.returncode == 0
    assert "serve: stopped.\n" in lines
    assert not answers(f"http://127.0.0.1:{port}/admin/login/")


def test_serve_stops_everything_when_one_process_fails(embedded_environment):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "scripts/serve.py", "--port", str(port)],
            cwd=ROOT,
            env=embedded_environment,
            capture_output=True,
            text=True,
            timeout=90,
        )

    assert result.returncode != 0
    assert "serve: web exited with status" in result.stdout
    assert "serve: stopped." in result.stdout
