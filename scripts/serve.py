"""Run the web server, a Celery worker and Celery beat together, for ``make run``.

A tiny process supervisor: it starts the three, prefixes each line of their output with the
process name, and when one of them exits or Ctrl-C / SIGTERM arrives it stops the others
(SIGTERM, then SIGKILL after a grace period) and exits. Production runs the three separately
(see the README); this only makes one command enough on a laptop.

Usage: python scripts/serve.py [--port 8000]
"""

import argparse
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GRACE_SECONDS = 10


def commands(port: int) -> dict[str, list[str]]:
    """The processes to supervise, by name. All use this interpreter's environment."""
    python = sys.executable
    celery = [python, "-m", "celery", "-A", "yjtracker"]
    return {
        "web": [python, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        # One process is plenty for a laptop and keeps SQLite writers few.
        "worker": [*celery, "worker", "--loglevel", "INFO", "--concurrency", "1"],
        "beat": [*celery, "beat", "--loglevel", "INFO"],
    }


def start(name: str, command: list[str]) -> subprocess.Popen:
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
        # Own process group, so the terminal's Ctrl-C reaches only us and we stop them in order.
        start_new_session=True,
    )
    threading.Thread(target=_relay, args=(name, process), daemon=True).start()
    return process


def _relay(name: str, process: subprocess.Popen) -> None:
    for line in process.stdout:
        sys.stdout.write(f"{name:>6} | {line}")
        sys.stdout.flush()


def stop(processes: dict[str, subprocess.Popen]) -> None:
    """SIGTERM each live child, then SIGKILL the process group of any that outlives the grace.

    Only the main process gets SIGTERM: Celery then shuts its own pool down warmly.
    """
    for process in processes.values():
        if process.poll() is None:
            process.terminate()
    deadline = time.monotonic() + GRACE_SECONDS
    for process in processes.values():
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def supervise(processes: dict[str, subprocess.Popen], stopping: threading.Event) -> int:
    """Wait until a child exits or we are asked to stop; return the exit status to use."""
    while not stopping.wait(0.5):
        for name, process in processes.items():
            if process.poll() is not None:
                print(
                    f"serve: {name} exited with status {process.returncode}; stopping the others."
                )
                return process.returncode or 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    port = parser.parse_args(argv).port
    stopping = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopping.set())
    processes = {name: start(name, command) for name, command in commands(port).items()}
    print(f"serve: web on http://127.0.0.1:{port}/admin/ with a Celery worker and beat.")
    print("serve: press Ctrl-C to stop all three.")
    try:
        status = supervise(processes, stopping)
    finally:
        stop(processes)
    print("serve: stopped.")
    return status


if __name__ == "__main__":
    sys.exit(main())
