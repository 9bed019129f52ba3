"""yjtracker settings: one module, fed by the environment, with defaults that run anywhere.

With nothing set, the project runs on SQLite and an embedded (filesystem) Celery broker under
``DATA_DIR``, and prints email to the console. Production sets ``DATABASE_URL``,
``CELERY_BROKER_URL``, ``SECRET_KEY``, ``ALLOWED_HOSTS`` and the ``EMAIL_*`` variables.
``.env.example`` lists every variable this module reads.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF

from yjtracker import env

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env.string("DATA_DIR", str(BASE_DIR / "data"))).resolve()

DEBUG = env.boolean("DEBUG", True)
SECRET_KEY = env.string("SECRET_KEY", "insecure-development-key-change-me" if DEBUG else "")
if not SECRET_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is false.")
ALLOWED_HOSTS = env.string_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.string_list("CSRF_TRUSTED_ORIGINS", [])
# Absolute base of links in emails and webhooks (the admin runs behind it).
SITE_URL = env.string("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    # Swagger UI's files, served from STATIC_URL like any other static file.
    "drf_spectacular_sidecar",
    "axes",
    "csp",
    # Lowest layer first: each app imports only the ones above it in this list.
    "core",
    "tenancy",
    "events",
    "delivery",
    "inspections",
    "actions",
    "board",
    "spreadsheets",
    "notifications",
    "webhooks",
    "demo",
    "pages",
    "partner_links",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # A NUL in a query string or form value is a 400 before any view queries with it.
    "core.middleware.RefuseNullCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: turns a locked-out sign-in into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "yjtracker.urls"
WSGI_APPLICATION = "yjtracker.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "yjtracker" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite by default. WAL and IMMEDIATE transactions let the web server, a Celery worker and
# beat share the file without "database is locked" errors.
SQLITE_PATH = DATA_DIR / "yjtracker.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        env.string("DATABASE_URL", f"sqlite:///{SQLITE_PATH}"),
        # Persistent connections (a new one costs 7-11 ms on every request), checked before
        # reuse so a connection the server dropped is replaced, not an error.
        conn_max_age=env.integer("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Permissions are the named rules of tenancy/rules.py; ModelBackend signs people in and lets
# superusers do everything (nobody has Group or user permissions). Axes comes first so a
# locked-out username never reaches the password check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.string("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# GOV.UK Frontend and MOJ Frontend, served from where npm installs them (package-lock.json pins
# them; `make run` and `make test` run `npm ci`). Their CSS asks for /assets/… (fonts, images):
# yjtracker/urls.py redirects that to "assets/" here, GOV.UK's first, then MOJ's.
NODE_MODULES = BASE_DIR / "node_modules"
GOVUK_FRONTEND = NODE_MODULES / "govuk-frontend" / "dist" / "govuk"
MOJ_FRONTEND = NODE_MODULES / "@ministryofjustice" / "frontend" / "moj"
STATICFILES_DIRS = [
    ("govuk", GOVUK_FRONTEND),
    ("moj", MOJ_FRONTEND),
    ("assets", GOVUK_FRONTEND / "assets"),
    ("assets", MOJ_FRONTEND / "assets"),
]

LOGIN_URL = "admin:login"
# Where a sign-in without ?next= lands (the browsable API's /api/api-auth/login/ among them):
# the person's home, not Django's /accounts/profile/, which does not exist here.
LOGIN_REDIRECT_URL = "pages:home"

# The cache holds the API's throttle counters. In-process memory by default, which is per
# process: with several web processes set CACHE_URL to Redis so they count together.
CACHE_URL = env.string("CACHE_URL", "locmem://")
CACHES = {"default": env.cache_from_url(CACHE_URL)}

# Clients behind this many trusted reverse proxies are told apart by X-Forwarded-For (the
# address the last of them saw); 0 uses the connection's address, which a client cannot forge.
TRUSTED_PROXY_COUNT = env.integer("TRUSTED_PROXY_COUNT", 0)

# Sign-in forms (the admin's, the browsable API's): after LOGIN_FAILURE_LIMIT wrong passwords
# for one username from one address, that pair is refused for LOGIN_LOCKOUT_MINUTES (or until
# `manage.py axes_reset_username`). Keyed on the pair, so an attacker cannot lock a person
# out from elsewhere and a shared council address does not lock out everyone behind it.
AXES_FAILURE_LIMIT = env.integer("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env.integer("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "core.throttling.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "core.throttling.lockout_response"

# Email: Django's own names. Console while developing, SMTP otherwise: Django's SMTP backend
# that tells a failure before the message went from one after it (notifications/smtp.py).
EMAIL_BACKEND = env.string(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "notifications.smtp.LedgerEmailBackend",
)
EMAIL_HOST = env.string("EMAIL_HOST", "localhost")
EMAIL_PORT = env.integer("EMAIL_PORT", 25)
EMAIL_HOST_USER = env.string("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.string("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.boolean("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env.integer("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env.string("DEFAULT_FROM_EMAIL", "yjtracker <yjtracker@localhost>")

# Celery. With no broker configured, kombu's filesystem transport keeps messages in folders
# under DATA_DIR, so a worker and beat run with nothing installed.
CELERY_BROKER_DIR = DATA_DIR / "broker"
CELERY_BROKER_URL = env.string("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
        # Poll the queue folder 10 times a second: at the default (1 s) a worker takes one task a second.
        "polling_interval": 0.1,
    }
else:
    # A hung broker (paused, or a network that drops packets) must not hold a request that has
    # committed: every socket operation gives up after this many seconds, the publish is tried
    # twice at most (CELERY_TASK_PUBLISH_RETRY_POLICY), and the sweep queues what was missed.
    CELERY_BROKER_SOCKET_TIMEOUT = env.integer("CELERY_BROKER_SOCKET_TIMEOUT", 3)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": 3600,
        "socket_timeout": CELERY_BROKER_SOCKET_TIMEOUT,
        "socket_connect_timeout": CELERY_BROKER_SOCKET_TIMEOUT,
    }
# Three queues, so one slow part never holds up another: event dispatch and the periodic jobs
# ("events"), email ("email") and webhook deliveries ("webhooks"; a receiver may take seconds to
# answer). One worker may consume all three (`-Q events,email,webhooks`, the default everywhere) or
# each its own. CELERY_QUEUE_PREFIX keeps a second deployment or a test run on one broker apart.
CELERY_QUEUE_PREFIX = env.string("CELERY_QUEUE_PREFIX", "")
QUEUES = {role: f"{CELERY_QUEUE_PREFIX}{role}" for role in ("events", "email", "webhooks")}
CELERY_TASK_DEFAULT_QUEUE = QUEUES["events"]
# Which queue (by role) a task goes to; everything else goes to "events".
QUEUE_OF_TASK = {
    "delivery.tasks.send_email_task": "email",
    "delivery.tasks.send_emails_task": "email",
    "delivery.tasks.send_webhook_request_task": "webhooks",
}
CELERY_TASK_ROUTES = {task: {"queue": QUEUES[role]} for task, role in QUEUE_OF_TASK.items()}
CELERY_TASK_ALWAYS_EAGER = env.boolean("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(DATA_DIR / "celerybeat-schedule")
# A request that records an event queues its dispatch on commit; if the broker is down, give up
# quickly (the event row stays pending and the sweeper queues it) rather than hold the request.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 3
# The beat schedule, in Europe/London: one entry per periodic job. Each entry's name is also the
# job's name for `manage.py run_job <name>` (core/jobs.py), which starts the same task.
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    # Queue events, emails and webhook requests left behind (broker down, worker killed).
    "sweep": {
        "task": "delivery.tasks.sweep_task",
        "schedule": 60.0,
    },
    # Due-soon/overdue events, reminders, escalations and update requests: hourly 07:00-19:00,
    # so the day's emails go out at 7 and a missed run catches up; the ledger sends each once.
    "scan_deadlines": {
        "task": "notifications.tasks.scan_deadlines_task",
        "schedule": crontab(minute=0, hour="7-19"),
    },
    # Recompute every action's RAG (it depends on the date) and the roll-ups: nightly at 01:30.
    "recalculate_rags": {
        "task": "actions.tasks.recalculate_rags_task",
        "schedule": crontab(minute=30, hour=1),
    },
    # Board digests: every 15 minutes; each member's digest goes once per period when due.
    "send_digests": {
        "task": "notifications.tasks.send_digests_task",
        "schedule": crontab(minute="*/15"),
    },
    # Update rounds: daily at 08:00, each owner emailed links to update their open actions when
    # a board meeting is their board's chosen number of days away (a missed day catches up).
    "send_update_rounds": {
        "task": "partner_links.tasks.send_update_rounds_task",
        "schedule": crontab(minute=0, hour=8),
    },
}

# Webhooks: signed JSON POSTs of domain events to URLs registered by service managers.
# Plain http:// URLs are refused unless allowed (the default allows them only when DEBUG).
WEBHOOK_ALLOW_HTTP = env.boolean("WEBHOOK_ALLOW_HTTP", DEBUG)
# Destinations on private, loopback or link-local addresses are refused unless allowed (the
# default allows them only when DEBUG): a webhook must not reach the server's own network.
WEBHOOK_ALLOW_PRIVATE_ADDRESSES = env.boolean("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", DEBUG)
WEBHOOK_TIMEOUT_SECONDS = env.integer("WEBHOOK_TIMEOUT_SECONDS", 10)

# Every delivery, email or webhook, that fails for a reason that may pass (SMTP or receiver
# unreachable, 4xx SMTP reply, 5xx HTTP) is retried after 1, 2, 4 ... minutes, capped, until this
# many attempts: the defaults ride out an outage of about twenty hours.
DELIVERY_MAX_ATTEMPTS = env.integer("DELIVERY_MAX_ATTEMPTS", 12)
DELIVERY_RETRY_BASE_SECONDS = env.integer("DELIVERY_RETRY_BASE_SECONDS", 60)
DELIVERY_RETRY_MAX_SECONDS = env.integer("DELIVERY_RETRY_MAX_SECONDS", 6 * 3600)

# The largest plan file an import reads (admin, API, command); a bigger upload is refused before
# it is opened. A real plan is well under 1 MB.
PLAN_IMPORT_MAX_MEGABYTES = env.integer("PLAN_IMPORT_MAX_MEGABYTES", 10)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # DRF's token authentication, answering 429 to a client that keeps sending wrong tokens.
        "core.throttling.ThrottledTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Requests per signed-in user and per address of anonymous callers; failed token
    # authentications per address (core/throttling.py). A throttled request answers 429 with
    # Retry-After. Counted in the cache (CACHE_URL).
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.UserRateThrottle",
        "rest_framework.throttling.AnonRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "user": env.rate("API_USER_RATE", "600/minute"),
        "anon": env.rate("API_ANONYMOUS_RATE", "60/minute"),
        "token_failure": env.rate("API_TOKEN_FAILURE_RATE", "10/minute"),
    },
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["core.filtering.GivenFiltersBackend"],
    # The browsable API's pages relax the CSP for their style attributes (core/api.py).
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "core.renderers.BrowsableAPIRenderer",
    ],
    # drf-spectacular's schema, with each operation's error answers documented.
    "DEFAULT_SCHEMA_CLASS": "yjtracker.api_schema.AutoSchema",
    # {"count", "next", "previous", "results"}; ?page= and ?page_size= (at most 500).
    "DEFAULT_PAGINATION_CLASS": "core.api.PageNumberPagination",
    # Django ValidationError and IntegrityError from the domain become 400s with field messages.
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    # JSON nested too deeply or holding a NUL character is a 400 before anything reads it.
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

API_DESCRIPTION = """Inspections, recommendations and improvement actions of youth justice services.

* **Authentication**: `Authorization: Token <key>`; an operator prints a user's key with
  `python manage.py create_api_token <username>` (`--rotate` replaces it). A user, system
  accounts included, sees only the services they hold a role in; another service's object is 404.
* **Lists** are paginated as `{"count", "next", "previous", "results"}` with `?page=` and
  `?page_size=` (at most 500). Dates are ISO 8601; enumerations are lower snake case.
* **Errors**: a broken rule is a 400 with messages per field (`non_field_errors` for rules across
  fields); a role that may not write is 403.
* **Concurrent edits**: GET of one object sends an `ETag`; send it back as `If-Match` on PATCH,
  PUT or a transition and a 412 says the object changed meanwhile. Without `If-Match` the write
  is applied regardless.
* **Following changes**: `GET /api/v1/events/?after=<last id seen>` lists what happened since,
  oldest first.
"""

SPECTACULAR_SETTINGS = {
    "TITLE": "yjtracker API",
    "DESCRIPTION": API_DESCRIPTION,
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from drf-spectacular-sidecar's static files, at the locked version.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Separate request and response components, so generated clients send only writable fields.
    "COMPONENT_SPLIT_REQUEST": True,
    # One name per choice set, however many fields use it.
    "ENUM_NAME_OVERRIDES": {
        "RatingEnum": "inspections.choices.Rating",
        "RagEnum": "inspections.choices.RAG",
        "ActionRagEnum": "actions.choices.ACTION_RAGS",
        "AssessedRagEnum": "actions.choices.AssessedRAG",
        "EventTypeEnum": "events.catalogue.EventType",
    },
}

# HTTPS. Behind a TLS-terminating proxy, SECURE_PROXY_SSL_HEADER names the header it sets
# to "https" (e.g. X-Forwarded-Proto); only set it when the proxy always sets or strips it.
SECURE_PROXY_SSL_HEADER_NAME = env.string("SECURE_PROXY_SSL_HEADER", "")
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_" + SECURE_PROXY_SSL_HEADER_NAME.upper().replace("-", "_"), "https")
    if SECURE_PROXY_SSL_HEADER_NAME
    else None
)
SECURE_SSL_REDIRECT = env.boolean("SECURE_SSL_REDIRECT", False)
# HSTS is off until SECURE_HSTS_SECONDS is set: browsers remember it, so turn it on once HTTPS
# works (a year, 31536000, once it has run for a while).
SECURE_HSTS_SECONDS = env.integer("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.boolean("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env.boolean("SECURE_HSTS_PRELOAD", True)
# Cookies are sent over HTTPS only, and the CSRF cookie is hidden from scripts, unless DEBUG
# (the development server is plain HTTP). Browsers accept secure cookies from localhost.
SESSION_COOKIE_SECURE = env.boolean("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env.boolean("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp 4): everything from this site, nothing inline, no frames.
# The admin, the browsable API and Swagger UI (served from our static files) run under it.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.string("LOG_LEVEL", "INFO")},
    # WeasyPrint (the board pack's PDF) logs each step of every document at INFO.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}
