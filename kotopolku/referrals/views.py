"""Placeholder while this module is written (development only; replaced before landing)."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def create(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def sent(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def received(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def detail(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def respond(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def cancel(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404
