"""Every state change of the offering tray (the contract other parts call).

Each action is `do_<verb>_<noun>(..., *, acting_user)` (the signature of every app's
actions) and checks the acting user's right (`catalog.scopes`; `acting_user=None` is the system:
demo data and import), validates everything before it writes (`InvalidError` naming the
field; nothing is written), logs old and new values in the change log in the same
transaction, and rewrites the entry's search rows (`catalog.search.index.index_service`).
A refused right raises `NotAllowedError` (pages and the API answer 404).

Modules: `validate` (the data of an entry), `services` (create, update, publish, archive,
confirm reviewed; the publication rule is documented there), `revisions` (the
coordinator's decision), `extras` (places, wishes).
"""

from kotopolku.catalog.actions.common import NotAllowedError, snapshot
from kotopolku.catalog.actions.extras import do_add_wish, do_create_place
from kotopolku.catalog.actions.revisions import do_decide_revision, fingerprint
from kotopolku.catalog.actions.services import (
    do_archive_service,
    do_create_service,
    do_mark_reviewed,
    do_publish_service,
    do_restore_service,
    do_update_service,
    status_before_archiving,
)
from kotopolku.catalog.actions.validate import SERVICE_FIELDS, clean_service_data
from kotopolku.core.errors import InvalidError

__all__ = [
    "SERVICE_FIELDS",
    "InvalidError",
    "NotAllowedError",
    "clean_service_data",
    "do_add_wish",
    "do_archive_service",
    "do_create_place",
    "do_create_service",
    "do_decide_revision",
    "do_mark_reviewed",
    "do_publish_service",
    "do_restore_service",
    "do_update_service",
    "fingerprint",
    "snapshot",
    "status_before_archiving",
]
