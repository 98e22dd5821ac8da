"""Earlier versions of the casework document, read by upgrading them to the current one.

Version 2 (December 2026) renamed the value `multiprofessional` of `kind` (assessments and
plans) to `county_on_request`: Act 1100/2024 repealed the multi-professional assessment and
plan (ss. 15 and 17 of Act 681/2023); the wellbeing county takes part on request (DOMAIN.md
0.1 C1). A version 1 document means the same otherwise, so it is read by renaming the value.
"""

from __future__ import annotations

import copy
from typing import Any

SCHEMA_V1 = "https://kotopolku.fi/schemas/casework-export/v1"
KIND_V1_TO_V2 = {"multiprofessional": "county_on_request"}


def upgrade(document: Any, *, schema: str, version: int) -> Any:
    """A version 1 document as version 2 (a copy); anything else unchanged."""
    if not isinstance(document, dict):
        return document
    if document.get("schema") != SCHEMA_V1 or document.get("version") != 1:
        return document
    upgraded = copy.deepcopy(document)
    upgraded["schema"], upgraded["version"] = schema, version
    for key in ("assessments", "plans"):
        records = upgraded.get(key)
        if not isinstance(records, list):
            continue
        for record in records:
            if isinstance(record, dict) and record.get("kind") in KIND_V1_TO_V2:
                record["kind"] = KIND_V1_TO_V2[record["kind"]]
    return upgraded
