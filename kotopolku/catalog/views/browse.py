"""Placeholder while this module is written (development only; replaced before landing)."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def search(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def service_detail(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404
