"""Placeholder while this module is written (development only; replaced before landing)."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def service_create(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def my_services(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def approvals(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def revision_decide(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def service_edit(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def service_status(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404


def service_history(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise Http404
