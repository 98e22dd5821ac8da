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


class UnloggedReadError(AssertionError):
    """A route declared to read personal data answered without logging a read."""


def check_declared_reads(ctx: context.ActingContext, response: HttpResponse) -> None:
    """With `AUDIT_REQUIRE_DECLARED_READS` (the test settings): a successful answer of a route
    whose access rule says `personal_data=True` must have logged its reads (`record_read`),
    or be the answer to a write that logged its change (`record_change`: the created or
    changed record it shows is what the change event holds). A redirect or a refusal shows
    nothing, so it needs none."""
    if (
        settings.AUDIT_REQUIRE_DECLARED_READS
        and settings.AUDIT_READS
        and ctx.personal_data
        and 200 <= response.status_code < 300
        and ctx.read_calls == 0
        and ctx.change_calls == 0
    ):
        raise UnloggedReadError(
            f"{ctx.view}: the access rule says personal_data=True, but the request "
            f"answered {response.status_code} without logging a read (audit.recorder.record_read) "
            "or a change"
        )


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
            check_declared_reads(ctx, response)
            response["X-Request-ID"] = str(ctx.request_id)
            return response
        finally:
            context.end(token)
