"""Open an acting context per request and write its queued reads in one bulk insert."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from kotopolku.audit import context, recorder


def client_ip(request: HttpRequest) -> str | None:
    """The client's address; behind N trusted proxies, the N-th from the right in XFF."""
    proxies: int = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [
            p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()
        ]
        if len(forwarded) >= proxies:
            return str(forwarded[-proxies])
    remote = request.META.get("REMOTE_ADDR")
    return str(remote) if remote else None


class AuditMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        ctx = context.ActingContext(ip=client_ip(request))
        token = context.begin(ctx)
        try:
            response = self.get_response(request)
            # Data rendered into the response was read: write the log before it leaves.
            recorder.flush_reads()
            response["X-Request-ID"] = str(ctx.request_id)
            return response
        finally:
            context.end(token)
