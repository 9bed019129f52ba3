#!/bin/sh
# One image, several roles:
#   web      gunicorn serving Django (static files by WhiteNoise) on 0.0.0.0:${PORT:-8000}
#   worker   a Celery worker consuming ${CELERY_WORKER_QUEUES:-events,email,webhooks}
#   beat     Celery beat (exactly one per deployment)
#   migrate  apply database migrations, then exit
#   manage   any manage.py command, e.g. `manage grant_role alice --service ... --role ...`
# Anything else is run as given.
set -eu

case "${1:-web}" in
web)
    exec gunicorn --pythonpath /app/docker wsgi_static:application \
        --bind "0.0.0.0:${PORT:-8000}" --workers "${WEB_CONCURRENCY:-3}" \
        --access-logfile - --forwarded-allow-ips "${FORWARDED_ALLOW_IPS:-127.0.0.1}"
    ;;
worker)
    exec celery -A yjtracker worker --loglevel "${LOG_LEVEL:-INFO}" \
        -Q "${CELERY_WORKER_QUEUES:-events,email,webhooks}" \
        --concurrency "${CELERY_WORKER_CONCURRENCY:-4}" --hostname "worker@%h"
    ;;
beat)
    exec celery -A yjtracker beat --loglevel "${LOG_LEVEL:-INFO}"
    ;;
migrate)
    exec python manage.py migrate --no-input
    ;;
manage)
    shift
    exec python manage.py "$@"
    ;;
*)
    exec "$@"
    ;;
esac
