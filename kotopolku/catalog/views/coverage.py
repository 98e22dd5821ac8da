"""Placeholder while this module is written (development only; replaced before landing)."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def coverage(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def coverage_export(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def overlaps(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def overlaps_export(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404
