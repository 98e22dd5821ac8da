"""The JSON API under /api/v1/: one NinjaAPI, one router per app, one policy decorator."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI
from ninja.operation import Operation

from kotopolku.access.api import enforce_policy, operation_id, refuse_before_validation
from kotopolku.accounts.auth import SessionAuth, TokenAuth
from kotopolku.core import api_docs, api_errors
from kotopolku.core.api_input import StrictParser


class KotopolkuAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        return operation_id(operation.view_func)

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        # every operation's error answers, in the one error shape (core.api_docs)
        return api_docs.document_errors(super().get_openapi_schema(*args, **kwargs))


def build_api() -> KotopolkuAPI:
    api = KotopolkuAPI(
        title="Kotopolku API",
        version="1",
        description=(
            "The JSON API of Kotopolku. Authenticate with `Authorization: Bearer <token>` "
            "(tokens are created on the user's profile page or with `kotopolku token USERNAME`). "
            'Errors have one shape: `{"error": {"code", "message", "fields"}}`.'
        ),
        urls_namespace="api",
        auth=[TokenAuth(), SessionAuth()],
        docs_url=None,
        openapi_url="/openapi.json",
        parser=StrictParser(),
    )
    api.add_decorator(enforce_policy, mode="operation")
    api.add_decorator(refuse_before_validation, mode="view")
    api_errors.install(api)

    from kotopolku.accounts.api import router as accounts_router
    from kotopolku.accounts.org_api import router as orgs_router
    from kotopolku.audit.api import router as audit_router
    from kotopolku.casework.api import router as casework_router
    from kotopolku.catalog.api import router as catalog_router
    from kotopolku.clients.api import router as clients_router
    from kotopolku.courses.api import router as courses_router
    from kotopolku.programme.api import router as programme_router
    from kotopolku.programme.api_documents import documents_router as programme_documents_router
    from kotopolku.referrals.api import router as referrals_router

    api.add_router("/", accounts_router, tags=["accounts"])
    api.add_router("/", orgs_router, tags=["organisations"])
    api.add_router("/", audit_router, tags=["audit"])
    api.add_router("/", clients_router, tags=["clients"])
    api.add_router("/", casework_router, tags=["casework"])
    api.add_router("/", catalog_router, tags=["offering tray"])
    api.add_router("/", referrals_router, tags=["referrals"])
    api.add_router("/", courses_router, tags=["courses"])
    api.add_router("/", programme_router, tags=["integration programme"])
    api.add_router("/", programme_documents_router, tags=["programme documents"])
    return api


api: Any = build_api()
