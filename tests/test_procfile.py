"""The ``Procfile`` under honcho (``make run``): web, worker and beat start and stop together."""

import os
import signal
import socket
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import pytest

from tests.support import free_port, wait_until

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def processes_of(data_dir: Path) -> list[int]:
    """Live processes whose environment names ``data_dir``: honcho's children and theirs."""
    marker = f"DATA_DIR={data_dir}".encode()
    pids = []
    for entry in Path("/proc").iterdir():
        try:
            environment = (entry / "environ").read_bytes().split(b"\0")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if marker in environment and state != "Z":
            pids.append(int(entry.name))
    return pids


def start_honcho(environment: dict[str, str], port: int) -> subprocess.Popen:
    """``make run``'s command: ``honcho start`` on ``port`` with the virtualenv first on PATH."""
    return subprocess.Popen(
        [BIN / "honcho", "start", "--env", "/dev/null", "--port", str(port)],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


@pytest.fixture
def embedded_environment(data_dir):
    """The embedded defaults in a fresh, migrated data folder, whatever the test run itself uses."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "CELERY_BROKER_URL", "DJANGO_SETTINGS_MODULE"}
    }
    environment["DATA_DIR"] = str(data_dir)
    environment["PATH"] = f"{BIN}{os.pathsep}{environment['PATH']}"
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=environment,
        check=True,
    )
    return environment


@pytest.fixture
def stop_leftovers(data_dir):
    """After the test, kill whatever the test left running under its data folder."""
    yield
    for pid in processes_of(data_dir):
        os.kill(pid, signal.SIGKILL)


@pytest.mark.worker
@pytest.mark.usefixtures("stop_leftovers")
def test_web_worker_and_beat_start_together_and_ctrl_c_stops_them_all(
    embedded_environment, data_dir
):
    port = free_port()
    honcho = start_honcho(embedded_environment, port)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(honcho.stdout), daemon=True)
    reader.start()
    try:
        wait_until(lambda: answers(f"http://127.0.0.1:{port}/admin/login/"), 60, "the web process")
        wait_until(
            lambda: any("celery@" in line and "ready." in line for line in lines), 60, "the worker"
        )
        # Beat writes its schedule file once it has started.
        wait_until(lambda: any(data_dir.glob("celerybeat-schedule*")), 60, "beat's schedule file")
        assert any("[queues]" in line for line in lines)
        # web, beat, the worker and its two pool processes.
        assert len(processes_of(data_dir)) >= 5
        honcho.send_signal(signal.SIGINT)
        honcho.wait(timeout=30)
    finally:
        if honcho.poll() is None:  # Let it stop its children even when an assertion failed.
            honcho.terminate()
            honcho.wait(timeout=30)
    reader.join(timeout=5)
    queues = "".join(lines).split("[queues]", 1)[1]
    assert all(f".> {queue} " in queues for queue in ("events", "email", "webhooks"))
    assert honcho.returncode == 130
    assert processes_of(data_dir) == []
    assert not answers(f"http://127.0.0.1:{port}/admin/login/")


@pytest.mark.usefixtures("stop_leftovers")
def test_when_one_process_dies_the_others_are_stopped(embedded_environment, data_dir):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        honcho = start_honcho(embedded_environment, port)
        output, _ = honcho.communicate(timeout=90)

    assert honcho.returncode != 0
    assert "web.1 stopped (rc=1)" in output
    assert "sending SIGTERM to worker.1" in output
    assert "sending SIGTERM to beat.1" in output
    assert processes_of(data_dir) == []
