"""The page shell: mode, version, UI languages and the navigation the user may use."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

import kotopolku
from kotopolku.core.shell import menu

UI_LANGUAGES = (("fi", "suomi"), ("sv", "svenska"), ("en", "English"))


def shell(request: HttpRequest) -> dict[str, Any]:
    return {
        "shell": {
            "demo_mode": settings.DEMO_MODE,
            "version": kotopolku.__version__,
            "ui_languages": UI_LANGUAGES,
            "nav": [item for items in menu(request) for item in items],
        }
    }
