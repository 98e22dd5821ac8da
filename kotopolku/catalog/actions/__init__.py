"""Every state change of the offering tray (the contract other parts call).

Each action checks the user's right (`catalog.scopes`; `user=None` is the system:
demo data and import), validates everything before it writes (`InvalidError` naming the
field; nothing is written), logs old and new values in the change log in the same
transaction, and rewrites the entry's search rows (`catalog.search.index.index_service`).
A refused right raises `NotAllowedError` (pages and the API answer 404).

Modules: `validate` (the data of an entry), `services` (create, update, publish, archive,
confirm reviewed; the publication rule is documented there), `revisions` (the
coordinator's decision), `extras` (places, wishes).
"""

from kotopolku.catalog.actions.common import NotAllowedError, snapshot
from kotopolku.catalog.actions.extras import add_wish, create_place
from kotopolku.catalog.actions.revisions import decide_revision, fingerprint
from kotopolku.catalog.actions.services import (
    archive_service,
    create_service,
    mark_reviewed,
    publish_service,
    restore_service,
    status_before_archiving,
    update_service,
)
from kotopolku.catalog.actions.validate import SERVICE_FIELDS, clean_service_data
from kotopolku.core.errors import InvalidError

__all__ = [
    "SERVICE_FIELDS",
    "InvalidError",
    "NotAllowedError",
    "add_wish",
    "archive_service",
    "clean_service_data",
    "create_place",
    "create_service",
    "decide_revision",
    "fingerprint",
    "mark_reviewed",
    "publish_service",
    "restore_service",
    "snapshot",
    "status_before_archiving",
    "update_service",
]
