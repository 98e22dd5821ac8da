"""The Finnish personal identity code (henkilötunnus, HETU): parse and validate.

Format DDMMYYCZZZQ (DVV; DOMAIN.md 4.1). Since 1.1.2023 the century sign has more values
and is part of the identity: `010190-999K` and `010190Y999K` are different codes, so the
whole 11-character string is stored and compared, never the date and tail alone.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

# Century signs, valid from 1.1.2023 (decree on the personal identity code; DVV).
CENTURY_SIGNS: dict[str, int] = {
    "+": 1800,
    "-": 1900,
    "Y": 1900,
    "X": 1900,
    "W": 1900,
    "V": 1900,
    "U": 1900,
    "A": 2000,
    "B": 2000,
    "C": 2000,
    "D": 2000,
    "E": 2000,
    "F": 2000,
}
CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
_PATTERN = re.compile(r"^([0-9]{2})([0-9]{2})([0-9]{2})([-+A-FU-Y])([0-9]{3})([0-9A-Y])$")


class HetuError(ValueError):
    """Why a string is not a valid henkilötunnus; `code` is stable, the message is English."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Hetu:
    value: str
    birth_date: datetime.date
    individual_number: int

    @property
    def is_temporary(self) -> bool:
        """900-999 are temporary or test numbers, never given to real people (DVV)."""
        return self.individual_number >= 900


def normalise(text: str) -> str:
    """Strip spaces and upper-case; the century letters are upper case."""
    return "".join(text.split()).upper()


def check_character(date_digits: str, individual: str) -> str:
    """The check character of DDMMYY + ZZZ (the century sign does not count)."""
    return CHECK_CHARACTERS[int(date_digits + individual) % 31]


def parse(text: str) -> Hetu:
    """Return the parsed code, or raise HetuError saying what is wrong."""
    value = normalise(text)
    if len(value) != 11:
        raise HetuError("length", "A henkilötunnus has 11 characters, e.g. 131052-308T.")
    match = _PATTERN.match(value)
    if match is None:
        if value[6] not in CENTURY_SIGNS:
            raise HetuError("century", f"“{value[6]}” is not a century sign (+, -, U–Y or A–F).")
        raise HetuError(
            "format",
            "A henkilötunnus is DDMMYY, a century sign, three digits and a check character.",
        )
    day, month, year, sign, individual, check = match.groups()
    try:
        birth = datetime.date(CENTURY_SIGNS[sign] + int(year), int(month), int(day))
    except ValueError:
        raise HetuError("date", "The first six digits are not a real date.") from None
    if individual in ("000", "001"):
        raise HetuError("individual", "The individual number must be 002–999.")
    if check != check_character(day + month + year, individual):
        raise HetuError("check", "The check character does not match: check the code for typos.")
    return Hetu(value=value, birth_date=birth, individual_number=int(individual))


def make(birth_date: datetime.date, individual: int, *, sign: str | None = None) -> str:
    """Build a valid code (for synthetic data: use individual numbers 900-999)."""
    if not 2 <= individual <= 999:
        raise ValueError("individual number must be 2-999")
    if sign is None:
        sign = {1800: "+", 1900: "-", 2000: "A"}[birth_date.year // 100 * 100]
    if CENTURY_SIGNS.get(sign) != birth_date.year // 100 * 100:
        raise ValueError(f"century sign {sign!r} does not fit {birth_date.year}")
    dd_mm_yy = birth_date.strftime("%d%m") + f"{birth_date.year % 100:02d}"
    ind = f"{individual:03d}"
    return f"{dd_mm_yy}{sign}{ind}{check_character(dd_mm_yy, ind)}"
