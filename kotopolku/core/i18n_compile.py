"""Compile the committed .po files to .mo with polib (no GNU gettext needed).

`python -m kotopolku.core.i18n_compile` (run by `make`); `--check` fails when a .po file
has untranslated or fuzzy entries. Two domains live under `kotopolku/locale/`: `django` (the
staff UI: fi, sv, en, the languages of `settings.LANGUAGES`) and `summary` (the client's plan
summary, `casework.summary_catalogue`: any client language). A `summary` catalogue of a client
language may have untranslated labels (the summary shows them in the fallback language,
marked); Finnish and Swedish must be complete in both domains, and no catalogue may have
fuzzy entries.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
COMPLETE_LANGUAGES = ("fi", "sv")  # every domain complete (English msgids are the English text)


def _must_be_complete(po_path: Path) -> bool:
    if po_path.stem == "django":
        return po_path.parts[-3] != "en"
    return po_path.parts[-3] in COMPLETE_LANGUAGES


def compile_all(check: bool = False) -> list[str]:
    problems: list[str] = []
    for po_path in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po")):
        po = polib.pofile(str(po_path))
        if check:
            complete = _must_be_complete(po_path)
            untranslated = [e.msgid for e in po.untranslated_entries()] if complete else []
            fuzzy = [e.msgid for e in po.fuzzy_entries()]
            for msgid in untranslated:
                problems.append(f"{po_path}: untranslated: {msgid!r}")
            for msgid in fuzzy:
                problems.append(f"{po_path}: fuzzy: {msgid!r}")
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            po.save_as_mofile(str(mo_path))
    return problems


def main() -> None:
    problems = compile_all(check="--check" in sys.argv)
    for problem in problems:
        print(problem, file=sys.stderr)  # noqa: T201
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
