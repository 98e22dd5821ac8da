"""Placeholder while this module is written (development only; replaced before landing)."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def workshop(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def workshop_print(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def wish_add(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404
