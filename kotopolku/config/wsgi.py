"""WSGI entry point for gunicorn: `gunicorn kotopolku.config.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kotopolku.config.settings")

application = get_wsgi_application()
