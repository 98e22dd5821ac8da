"""The plan summary's labels as a gettext domain of their own (`summary`).

The summary is for the client, in the client's language, which is often not one of the staff
UI's languages (fi, sv, en). Its labels are gettext messages like every other text of the
product, but in a separate domain, `kotopolku/locale/<dir>/LC_MESSAGES/summary.po`, because:

- the staff UI stays fi/sv/en: `settings.LANGUAGES` and the `django` domain are untouched, so
  adding `ar` or `ckb` here adds no UI language and no staff catalogue;
- a label missing in a language must be *seen* to be missing (shown in the fallback language,
  marked), whereas Django's own translation objects silently merge the `LANGUAGE_CODE`
  catalogue underneath every language;
- Django's `makemessages` only knows the `django` and `djangojs` domains, and the summary's
  catalogues should not collide with the staff catalogues other work edits.

Each label is one message: `msgctxt` is the label's key (stable, used by the template as
`L.<key>`), `msgid` the English source text. `python -m kotopolku.casework.summary_catalogue`
brings every language's `summary.po` in line with `LABELS` (new messages untranslated,
removed ones dropped); `kotopolku.core.i18n_compile` compiles them with the rest. Finnish and
Swedish must be complete (`--check`); a client language may lag behind, and its missing
labels are then shown in the fallback language, marked.

Directory names: the language code with `-` written `_` (`fi-x-plain` is `fi_x_plain`, plain
Finnish, *selkosuomi*: a private-use subtag of Finnish, since no ISO code exists for it).
"""

from __future__ import annotations

import datetime
import functools
import gettext
import sys
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
DOMAIN = "summary"

# The languages the staff can fall back to for a missing label; their catalogues are complete.
FALLBACKS = ("fi", "en")
COMPLETE = ("fi", "sv", "en")

# key: English source text. Plain language: short sentences, "you" for the client, no legal terms.
LABELS: dict[str, str] = {
    "title": "Your integration plan",
    "county_takes_part": "The wellbeing services county took part in the plan on request",
    "name": "Name",
    "valid": "The plan is valid",
    "plan_status": "Status of the plan",
    "plan_active": "In force",
    "plan_ended": "Ended",
    "plan_cancelled": "Cancelled",
    "agreed_on": "Agreed on",
    "explained_in": "Language used to explain the plan",
    "with_interpreter": "with an interpreter",
    "official_record": "Reference of the official plan in the employment services' system",
    "goals": "Your goals",
    "goal": "Goal",
    "status": "Status",
    "goal_open": "Not started yet",
    "goal_in_progress": "In progress",
    "goal_achieved": "Achieved",
    "goal_dropped": "No longer a goal",
    "untranslated": "not yet translated",
    "no_goals": "No goals have been written down yet.",
    "services": "Services agreed in your plan",
    "service": "Service",
    "provider": "Provider",
    "when": "When",
    "dates_open": "Dates to be agreed",
    "service_planned": "Planned",
    "service_directed": "You have been referred",
    "service_started": "Started",
    "service_completed": "Completed",
    "service_cancelled": "Cancelled",
    "times": "Times",
    "where": "Where",
    "accessibility": "Accessibility",
    "ask": "Whom to contact",
    "phone": "Phone",
    "bring": "What to bring",
    "no_services": "No services have been agreed yet.",
    "responsibilities": "What you agreed to do",
    "contact": "Contact",
    "counsellor": "Your counsellor",
    "email": "E-mail",
    "office": "Office",
    "next_review": "Next review of your plan",
    "follow_up": "How your plan is followed",
    "job_search": "Your job-search obligation",
    "good_to_know": "Good to know",
    "no_subjective_right": "The plan does not give you a right to services "
    "unless another law does.",
    "benefits": "If you refuse the plan or the agreed services without a good reason, your "
    "unemployment benefit can be restricted or your social assistance reduced.",
    "keep": "Keep this paper. Bring it with you when you meet your counsellor.",
    "questions": "If you have questions, contact your counsellor.",
    "printed": "Printed",
}

_MISSING = object()


class _Missing(gettext.NullTranslations):
    """The end of a fallback chain: says that a message is not in the catalogue."""

    def pgettext(self, context: str, message: str) -> str:
        return _MISSING  # type: ignore[return-value]


def directory(lang: str) -> str:
    """The locale directory of a summary language (`fi-x-plain` -> `fi_x_plain`)."""
    return lang.replace("-", "_")


def language_of(dir_name: str) -> str:
    return dir_name.replace("_", "-")


@functools.cache
def _translations(lang: str) -> gettext.NullTranslations | None:
    mo = LOCALE_DIR / directory(lang) / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if not mo.is_file():
        return None
    with mo.open("rb") as handle:
        found = gettext.GNUTranslations(handle)
    found.add_fallback(_Missing())
    return found


def languages() -> tuple[str, ...]:
    """The languages with a summary catalogue: fi, sv and en first, then alphabetically."""
    found = sorted(
        language_of(po.parts[-3]) for po in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")
    )
    first = [code for code in COMPLETE if code in found]
    return (*first, *(code for code in found if code not in COMPLETE))


def text(key: str, lang: str) -> str | None:
    """The label `key` in `lang`, or None when that language's catalogue lacks it."""
    source = LABELS[key]
    found = _translations(lang)
    if found is not None:
        value = found.pgettext(key, source)
        if value is not _MISSING:
            return value
    # English is the source language: its msgid is its text
    return source if lang == "en" else None


def clear_cache() -> None:
    """Forget the loaded catalogues (after compiling, in tests)."""
    _translations.cache_clear()


# --- Keeping the .po files in line with LABELS --------------------------------------------------


def update(lang: str | None = None) -> list[Path]:
    """Add every label missing from a language's `summary.po` (untranslated), drop those no
    longer in `LABELS`, and refresh changed English source texts (marked fuzzy). With `lang`,
    create that language's catalogue when it has none."""
    import polib

    codes = set(languages()) | ({lang} if lang else set())
    written = []
    for code in sorted(codes):
        path = LOCALE_DIR / directory(code) / "LC_MESSAGES" / f"{DOMAIN}.po"
        if path.exists():
            po = polib.pofile(str(path), wrapwidth=100)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            po = polib.POFile(wrapwidth=100)
            po.header = (
                f"The client's plan summary ({DOMAIN} domain) in {code}.\n"
                "Written by the Kotopolku developers, not by machine translation.\n"
                "NEEDS REVIEW by a professional translator before production use."
            )
            po.metadata = {
                "Project-Id-Version": "Kotopolku summary",
                "Language": code,
                "MIME-Version": "1.0",
                "Content-Type": "text/plain; charset=UTF-8",
                "Content-Transfer-Encoding": "8bit",
            }
        before = str(po)
        by_key = {entry.msgctxt: entry for entry in po}
        for key, source in LABELS.items():
            entry = by_key.get(key)
            if entry is None:
                po.append(polib.POEntry(msgctxt=key, msgid=source, msgstr=""))
            elif entry.msgid != source:
                entry.msgid = source
                if entry.msgstr and "fuzzy" not in entry.flags:
                    entry.flags.append("fuzzy")
        for entry in list(po):
            if entry.msgctxt not in LABELS:
                po.remove(entry)
        order = list(LABELS)
        po.sort(key=lambda entry: order.index(entry.msgctxt))
        if str(po) == before and path.exists():
            continue
        po.metadata["PO-Revision-Date"] = datetime.datetime.now(tz=datetime.UTC).date().isoformat()
        po.save(str(path))
        written.append(path)
    return written


def main(argv: list[str]) -> None:
    lang = argv[1] if len(argv) > 1 else None
    for path in update(lang):
        print(path)  # noqa: T201


if __name__ == "__main__":
    main(sys.argv)
