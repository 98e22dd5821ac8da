"""Every change of a programme: one `do_*` action each, in one transaction with its change-log
row (old and new values).

The document of a version is edited only while it is a draft. The states:

    draft --submit--> in_review --approve--> approved --publish--> published --(a later version
    published)--> superseded

`do_return_to_draft` sends a version in review back to editing; approval may also be recorded
for a draft (the body's decision is what counts). `do_new_version` copies a version (its
document, partners, parts, answers, linked services and responsibility rows) into a new draft
of the same series.

Permission: the coordinators of the coordinating organisation (`access.programmes`); the
system (`acting_user=None`: the import command, demo data) may do everything. A refused user
gets `NotAllowedError` (pages and the API answer 404). Bad input raises `InvalidError` with
messages by field name; nothing is written then.

The modules, by responsibility: `common` (refusals, locking, the change log, the shape of an
edit of a draft), `content` (checking and writing the document's pieces), `document` (creating
a programme, editing a draft) and `lifecycle` (versions, review, approval, publication). This
package's names below are the actions' public API: pages, the API, the import and the tests
use `programme.actions.do_*`.
"""

from kotopolku.core.errors import InvalidError
from kotopolku.programme.actions.common import OPENING_EDITABLE, NotAllowedError
from kotopolku.programme.actions.document import (
    do_create_programme,
    do_save_document,
    do_set_partners,
    do_set_responsibility,
    do_set_section_title,
    do_update_opening,
    do_update_section,
    template_title,
)
from kotopolku.programme.actions.lifecycle import (
    do_approve,
    do_new_version,
    do_publish,
    do_return_to_draft,
    do_submit_for_review,
)

__all__ = [
    "OPENING_EDITABLE",
    "InvalidError",
    "NotAllowedError",
    "do_approve",
    "do_create_programme",
    "do_new_version",
    "do_publish",
    "do_return_to_draft",
    "do_save_document",
    "do_set_partners",
    "do_set_responsibility",
    "do_set_section_title",
    "do_submit_for_review",
    "do_update_opening",
    "do_update_section",
    "template_title",
]
