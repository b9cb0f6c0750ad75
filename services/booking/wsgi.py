"""WSGI entry point for a production server: ``gunicorn services.booking.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "services.booking.settings")

application = get_wsgi_application()
