"""Real delivery: a Celery worker process, Redis, PostgreSQL and an SMTP server on loopback.

These tests run only when ``DATABASE_URL`` is PostgreSQL and ``CELERY_BROKER_URL`` is Redis (CI's
PostgreSQL + Redis pass). Each test's worker and this process's producer use their own Redis
database number and queue name, so a developer's running worker never takes a test's task.
"""

import os
import socket
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connection

from tests.support import free_port, wait_until
from yjtracker.celery import app

ON_POSTGRES_AND_REDIS = os.environ.get("DATABASE_URL", "").startswith("postgres") and (
    os.environ.get("CELERY_BROKER_URL", "").startswith("redis")
)
needs_postgres_and_redis = pytest.mark.skipif(
    not ON_POSTGRES_AND_REDIS,
    reason="needs DATABASE_URL=postgres://… and CELERY_BROKER_URL=redis://…",
)
WORKER_DB, OUTAGE_DB = 3, 4  # this suite's Redis database numbers (test_digest_delivery: 5)
SUITE_DBS = range(3, 6)


def main_redis(db: int) -> str:
    """The configured Redis server (``CELERY_BROKER_URL``), database ``db`` of this pytest-xdist
    worker: gw0 has 3-5, gw1 6-8, gw2 9-11, gw3 12-14, so two workers' tests never share one.

    Past gw3 the numbers come round again (Redis has 16); the queues are still each test's own.
    """
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
    number = SUITE_DBS.start + (db - SUITE_DBS.start + worker * len(SUITE_DBS)) % 12
    return urlsplit(os.environ["CELERY_BROKER_URL"])._replace(path=f"/{number}").geturl()


class RedisServer:
    """A private ``redis-server`` this test starts and stops (never the machine's own)."""

    def __init__(self, directory: Path) -> None:
        self.port, self.directory, self.process = free_port(), directory, None

    def url(self, db: int) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--dir", str(self.directory)]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        wait_until(self._answers, timeout=10, what="redis-server")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)

    def _answers(self) -> bool:
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
        except OSError:
            return False
        return True


@pytest.fixture
def private_redis(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    yield server
    if server.process.poll() is None:
        server.stop()


@contextmanager
def producing_to(broker_url: str, prefix: str):
    """Point this process's Celery producer at ``broker_url`` and the three queues named with
    ``prefix`` (as ``CELERY_QUEUE_PREFIX`` would) for the block."""
    conf = app.conf
    keys = ("broker_url", "broker_transport_options", "task_default_queue", "task_routes")
    keys += ("task_default_exchange", "task_default_routing_key")
    queue = f"{prefix}events"
    routes = {task: {"queue": f"{prefix}{role}"} for task, role in settings.QUEUE_OF_TASK.items()}
    saved = {key: conf[key] for key in keys}
    saved_environment = os.environ.get("CELERY_BROKER_URL")
    # Celery reads CELERY_BROKER_URL from the environment before its own configuration.
    os.environ["CELERY_BROKER_URL"] = broker_url
    options = (
        dict(settings.CELERY_BROKER_TRANSPORT_OPTIONS) if broker_url.startswith("redis") else {}
    )
    conf.update(broker_url=broker_url, broker_transport_options=options, task_default_queue=queue)
    conf.update(task_routes=routes)
    conf.update(task_default_exchange=queue, task_default_routing_key=queue)
    _forget_connections()
    try:
        yield
    finally:
        conf.update(saved)
        if saved_environment is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = saved_environment
        _forget_connections()


def _forget_connections() -> None:
    # Celery caches its connection pool and queue routing on first use; rebuild them.
    app._pool = None
    app.amqp._producer_pool = None
    app.amqp._rtable = None
    for name in ("queues", "default_queue", "router", "default_exchange"):
        app.amqp.__dict__.pop(name, None)


class WorkerProcess:
    """``celery worker`` in a subprocess, configured from the environment like production."""

    def __init__(
        self, broker_url: str, smtp_port: int, log: Path, pool=("--pool", "solo"), env=None
    ) -> None:
        self.pool, self.extra_env = list(pool), dict(env or {})
        # This test's own three queues (events, email, webhooks), named by CELERY_QUEUE_PREFIX.
        self.queue = f"yjtracker-test-{uuid.uuid4().hex[:8]}-"
        self.broker_url, self.smtp_port, self.log = broker_url, smtp_port, log
        self.process = None

    def environment(self) -> dict[str, str]:
        db = connection.settings_dict
        credentials = f"{db['USER']}:{db['PASSWORD']}" if db["PASSWORD"] else db["USER"]
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "yjtracker.settings",
            "DATABASE_URL": f"postgres://{credentials}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "CELERY_BROKER_URL": self.broker_url,
            "CELERY_QUEUE_PREFIX": self.queue,
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.smtp_port),
            "SITE_URL": settings.SITE_URL,
            "DATA_DIR": str(self.log.parent),
            **self.extra_env,
        }

    def start(self) -> None:
        queues = ",".join(f"{self.queue}{role}" for role in ("events", "email", "webhooks"))
        command = [sys.executable, "-m", "celery", "-A", "yjtracker", "worker", "-Q", queues]
        command += [*self.pool, "--loglevel", "info", "-n", f"{self.queue}worker@%h"]
        command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
        self.process = subprocess.Popen(
            command,
            cwd=settings.BASE_DIR,
            env=self.environment(),
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
        )
        wait_until(lambda: " ready." in self.log.read_text(), timeout=60, what="the worker")

    def finished(self, task_name: str) -> int:
        """How many runs of ``task_name`` this worker has finished."""
        lines = self.log.read_text().splitlines()
        return sum(f".{task_name}[" in line and " succeeded " in line for line in lines)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


@pytest.fixture
def start_worker_process(tmp_path):
    """Start a worker on a broker URL, delivering mail to an SMTP port; stopped after the test."""
    workers = []

    def start(broker_url: str, smtp_port: int, **options) -> WorkerProcess:
        log = tmp_path / f"worker-{len(workers)}.log"
        worker = WorkerProcess(broker_url, smtp_port, log, **options)
        worker.start()
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()
