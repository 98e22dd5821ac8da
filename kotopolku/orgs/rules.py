"""Pure rules for municipality code lists (no database)."""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass

CODE_RE = re.compile(r"^[0-9]{3}$")
REQUIRED_COLUMNS = (
    "code",
    "name_fi",
    "name_sv",
    "region_code",
    "region_name_fi",
    "region_name_sv",
    "wellbeing_county_code",
    "wellbeing_county_fi",
    "wellbeing_county_sv",
    "language",
    "language_majority",
    "is_aland",
)
LANGUAGES = ("fi", "sv", "bilingual")


@dataclass(frozen=True)
class MunicipalityRow:
    code: str
    name_fi: str
    name_sv: str
    region_code: str
    region_name_fi: str
    region_name_sv: str
    county_code: str
    county_name_fi: str
    county_name_sv: str
    language: str
    language_majority: str
    is_aland: bool


class RowError(ValueError):
    """A row of a municipality list is invalid; `line` and `field` say where."""

    def __init__(self, line: int, field: str, message: str) -> None:
        super().__init__(f"line {line}, {field}: {message}")
        self.line, self.field, self.message = line, field, message


def parse_municipalities(text: str) -> list[MunicipalityRow]:
    """Parse and validate a municipality CSV; raise RowError listing the first bad field."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise RowError(1, ", ".join(missing), "missing column")
    rows: list[MunicipalityRow] = []
    seen: set[str] = set()
    for line, raw in enumerate(reader, start=2):
        code = (raw["code"] or "").strip()
        if not CODE_RE.match(code):
            raise RowError(line, "code", f"expected three digits, got {code!r}")
        if code in seen:
            raise RowError(line, "code", f"duplicate code {code}")
        seen.add(code)
        for name in ("name_fi", "name_sv", "region_name_fi", "wellbeing_county_fi"):
            if not (raw[name] or "").strip():
                raise RowError(line, name, "empty")
        for name in ("region_code", "wellbeing_county_code"):
            if not re.match(r"^[0-9]{2}$", (raw[name] or "").strip()):
                raise RowError(line, name, "expected two digits")
        if raw["language"] not in LANGUAGES:
            raise RowError(line, "language", f"expected one of {', '.join(LANGUAGES)}")
        if raw["language_majority"] not in ("fi", "sv"):
            raise RowError(line, "language_majority", "expected fi or sv")
        if raw["is_aland"] not in ("true", "false"):
            raise RowError(line, "is_aland", "expected true or false")
        rows.append(
            MunicipalityRow(
                code=code,
                name_fi=raw["name_fi"].strip(),
                name_sv=raw["name_sv"].strip(),
                region_code=raw["region_code"].strip(),
                region_name_fi=raw["region_name_fi"].strip(),
                region_name_sv=(raw["region_name_sv"] or raw["region_name_fi"]).strip(),
                county_code=raw["wellbeing_county_code"].strip(),
                county_name_fi=raw["wellbeing_county_fi"].strip(),
                county_name_sv=(raw["wellbeing_county_sv"] or raw["wellbeing_county_fi"]).strip(),
                language=raw["language"],
                language_majority=raw["language_majority"],
                is_aland=raw["is_aland"] == "true",
            )
        )
    return rows


def version_changed(current: Mapping[str, object], row: MunicipalityRow) -> bool:
    """True when a new code list row differs from the valid version in what a version holds."""
    return (
        current["name_fi"] != row.name_fi
        or current["name_sv"] != row.name_sv
        or current["region_code"] != row.region_code
        or current["county_code"] != row.county_code
        or current["language"] != row.language
        or current["language_majority"] != row.language_majority
        or current["is_aland"] != row.is_aland
    )


def day_before(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=1)
