"""The one error shape of the API: {"error": {"code", "message", "fields"}}."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from kotopolku.core.api_input import BodyError

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    422: "invalid",
    429: "too_many_requests",
}


class ApiError(Exception):
    """Raise from an API handler to answer with the error shape."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str | None = None,
        fields: dict[str, list[str]] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.message = status, message
        self.code = code or CODES.get(status, "error")
        self.fields = fields or {}
        self.extra = extra or {}


def error_body(
    status: int,
    message: str,
    *,
    code: str | None = None,
    fields: dict[str, list[str]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code or CODES.get(status, "error"), "message": message}
    if fields:
        body["fields"] = fields
    body.update(extra)
    return {"error": body}


def _field_name(loc: list[Any]) -> str:
    # ninja locations look like ["body", "payload", "field"] or ["query", "limit"]
    parts = [
        str(p) for p in loc if p not in ("body", "query", "path", "payload", "header", "cookie")
    ]
    return ".".join(parts) or "body"


def install(api: NinjaAPI) -> None:
    """Register the handlers that turn every failure into the error shape."""

    @api.exception_handler(ApiError)
    def api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return api.create_response(
            request,
            error_body(exc.status, exc.message, code=exc.code, fields=exc.fields, **exc.extra),
            status=exc.status,
        )

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        fields: dict[str, list[str]] = {}
        for item in exc.errors:
            fields.setdefault(_field_name(list(item.get("loc", []))), []).append(
                str(item.get("msg", "invalid"))
            )
        return api.create_response(
            request, error_body(422, "Some fields are invalid.", fields=fields), status=422
        )

    @api.exception_handler(AuthenticationError)
    def auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = api.create_response(
            request,
            error_body(401, "Authentication required: send a valid bearer token."),
            status=401,
        )
        response["WWW-Authenticate"] = 'Bearer realm="kotopolku"'
        return response

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        cause = exc.__cause__
        if isinstance(cause, BodyError):  # ninja wraps the parser's refusal
            return api.create_response(
                request,
                error_body(400, cause.message, fields={cause.field: [cause.message]}),
                status=400,
            )
        return api.create_response(
            request, error_body(exc.status_code, str(exc)), status=exc.status_code
        )

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, error_body(404, "Not found."), status=404)
