"""Test settings: the project's own, with fast hashing and mail kept in memory.

DATABASE_URL and CELERY_BROKER_URL are honoured, so the same suite runs on the embedded
defaults and on PostgreSQL + Redis (CI runs both).
"""

import os
import tempfile

os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="yjtracker-test-"))
# Each pytest-xdist worker (gw0, gw1, ...) inherits the controller's DATA_DIR: give it a folder
# of its own in it, so the workers never share the filesystem broker's queue or a SQLite file.
if worker := os.environ.get("PYTEST_XDIST_WORKER"):
    os.environ["DATA_DIR"] = os.path.join(os.environ["DATA_DIR"], worker)

from yjtracker.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SITE_URL = "http://testserver"

# Lets parallel runs (or developers) keep their PostgreSQL test databases apart.
if os.environ.get("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}  # noqa: F405

# The fuzz tests send thousands of requests as one user and one address; the throttling tests
# set the rates they test (tests/core/test_throttling.py).
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {  # noqa: F405
    "user": "100000/minute",
    "anon": "100000/minute",
    "token_failure": "100000/minute",
}
