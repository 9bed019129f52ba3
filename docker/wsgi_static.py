"""The production WSGI application with WhiteNoise serving ``collectstatic``'s files.

Lives with the Docker files: WhiteNoise is installed in the image only, so development and tests
need nothing extra (``runserver`` serves static files itself while DEBUG is on).
"""

from django.conf import settings
from whitenoise import WhiteNoise

from yjtracker.wsgi import application as django_application

application = WhiteNoise(
    django_application, root=settings.STATIC_ROOT, prefix=settings.STATIC_URL, max_age=3600
)
