"""API of casework: assessments, plans, deadlines, contacts, civic orientation and integration
training under /api/v1/clients/{id}/.

Reading follows the client's visibility (`clients.scopes.get_client_for_user`: 404 outside
it); writing also needs the responsible authority's side (`clients.scopes.may_write_casework`: 403
naming who is responsible). The handlers check the input that needs a lookup (codes,
usernames, slugs, ids); the actions check the rest and the rules of law, and write the
change log. Every read of personal data is logged with `record_read`.
"""

from kotopolku.casework.api import (  # noqa: F401 (they register routes)
    assessments,
    plans,
    records,
    steps,
)
from kotopolku.casework.api.common import router

__all__ = ["router"]
