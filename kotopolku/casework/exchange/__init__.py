"""One client's casework as a documented, versioned JSON document (docs/casework-export.md).

The document is the seam for connectors to the national Koto client system and the
employment services' system, whose interfaces are not open yet. `export_client` writes
every assessment, plan and guidance contact of a client, in an order that depends only on
their content, so export → import → export gives the same document apart from ids and
timestamps. `import_document` checks the whole document first, then writes it through
`casework.actions` in one transaction: the rules of law are checked and every change is
logged, and a refusal anywhere leaves nothing written.
"""

from kotopolku.casework.exchange.export import export_client
from kotopolku.casework.exchange.importer import import_document
from kotopolku.casework.exchange.spec import (
    ASSESSMENT_SPEC,
    CIVIC_SPEC,
    CONTACT_SPEC,
    GOAL_SPEC,
    LEVEL_SPEC,
    PLAN_SPEC,
    REVIEW_SPEC,
    SCHEMA_ID,
    SERVICE_SPEC,
    TRAINING_SPEC,
    VERSION,
    DocumentError,
)

__all__ = [
    "ASSESSMENT_SPEC",
    "CIVIC_SPEC",
    "CONTACT_SPEC",
    "GOAL_SPEC",
    "LEVEL_SPEC",
    "PLAN_SPEC",
    "REVIEW_SPEC",
    "SCHEMA_ID",
    "SERVICE_SPEC",
    "TRAINING_SPEC",
    "VERSION",
    "DocumentError",
    "export_client",
    "import_document",
]
