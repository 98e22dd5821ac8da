"""`kotopolku programme import FILE --municipality CODE [--json]` and the demo's imported
Kokkola programme: the draft it creates, the JSON object, exit code 2 with a one-line message,
and nothing created on failure."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.audit.models import ChangeEvent
from kotopolku.orgs import actions as org_actions
from kotopolku.orgs.models import Municipality, Organisation, Role
from kotopolku.programme import demo
from kotopolku.programme.demo import KOKKOLA_DOCUMENT
from kotopolku.programme.models import (
    Programme,
    ProgrammeAnswer,
    ProgrammePartner,
    ProgrammeSection,
    ResponsibilityRow,
)
from tests.programme.import_helpers import SEED, random_docx, seed_as_docx, seed_rows

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("programme", "import", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(*args: str) -> str:
    """The command's message for a refused import; the exit code is 2."""
    with pytest.raises(CommandError) as caught:
        run(*args)
    assert caught.value.returncode == 2
    return str(caught.value)


def counts() -> dict[str, int]:
    return {
        "programmes": Programme.objects.count(),
        "sections": ProgrammeSection.objects.count(),
        "answers": ProgrammeAnswer.objects.count(),
        "partners": ProgrammePartner.objects.count(),
        "rows": ResponsibilityRow.objects.count(),
        "changes": ChangeEvent.objects.filter(subject_type="programme").count(),
    }


def test_json_output_and_the_draft_it_creates(demo_world: dict[str, User]) -> None:
    out, _ = run(str(KOKKOLA_DOCUMENT), "--municipality", "272", "--json")
    assert out.count("\n") <= 1  # one JSON object
    result = json.loads(out)
    assert set(result) == {"id", "parts", "responsibility_rows", "partners", "unplaced"}
    assert result["parts"] == 7
    assert result["responsibility_rows"] == 8
    assert result["partners"] == [
        "Kaupunkiorganisaatio",
        "Keski-Pohjanmaan työllisyysalue",
        "Keski-Pohjanmaan hyvinvointialue Soite",
        "Kotokunta (Vastaanottokeskus)",
        "Babando (Ryhmäkoti)",
        "Oppilaitokset",
        "alueen yhdistykset ja järjestöt",
    ]
    assert result["unplaced"] == []

    programme = Programme.objects.get(pk=result["id"])
    assert programme.status == Programme.Status.DRAFT
    assert programme.organisation.slug == "kokkola-kotoutumispalvelut"
    assert list(programme.municipalities.values_list("code", flat=True)) == ["272"]
    assert programme.source_name == "kokkola-2024.txt"
    assert programme.language == "fi"
    assert str(programme.document_date) == "2024-10-21"
    assert programme.contact.splitlines()[0] == "Kotoutumisen vastuukoordinaattori"
    assert [s.number for s in programme.sections.order_by("number")] == [1, 2, 3, 4, 5, 6, 7]
    assert programme.sections.get(number=1).title.endswith("(KotoL 14 ja 15 §)")
    languages = ProgrammeAnswer.objects.get(
        section__programme=programme, section__number=3, question="a_languages"
    )
    assert languages.part == "a"
    assert languages.text.startswith("Ohjelman tekohetkellä tunnistettuja kieliä ovat; Venäjä")
    rows = programme.responsibility_rows.order_by("position")
    assert [(r.service, r.jobseekers, r.others) for r in rows] == seed_rows()
    assert [p.name for p in programme.partners.order_by("position")] == result["partners"]
    # the change log has the creation and the import
    changes = ChangeEvent.objects.filter(subject_type="programme", subject_id=str(programme.pk))
    assert changes.count() == 2


def test_the_plain_report(demo_world: dict[str, User], tmp_path: Path) -> None:
    path = tmp_path / "kokkola.txt"
    path.write_text(SEED + "\n\nLiite: kartta palvelupisteistä.\n", encoding="utf-8")
    out, err = run(str(path), "--municipality", "272")
    assert out.startswith("created draft programme ")
    assert "of Kokkola (272), coordinated by kokkola-kotoutumispalvelut: 7 parts, " in out
    assert "8 responsibility rows, 7 partners" in out
    assert "1 texts could not be placed:\n  - Liite: kartta palvelupisteistä." in out
    assert err == ""


def test_a_docx_imports_like_the_text(demo_world: dict[str, User], tmp_path: Path) -> None:
    path = tmp_path / "kokkola.docx"
    path.write_bytes(seed_as_docx())
    result = json.loads(run(str(path), "--municipality", "272", "--json")[0])
    assert (result["parts"], result["responsibility_rows"], len(result["partners"])) == (7, 8, 7)
    programme = Programme.objects.get(pk=result["id"])
    assert programme.source_name == "kokkola.docx"
    assert programme.sections.get(number=4).answers.filter(question="a_final_test").exists()


def test_a_document_naming_another_municipality_is_imported_with_a_warning(
    demo_world: dict[str, User],
) -> None:
    out, err = run(str(KOKKOLA_DOCUMENT), "--municipality", "167", "--json")
    assert err == "warning: the document names Kokkola, not Joensuu (167)\n"
    programme = Programme.objects.get(pk=json.loads(out)["id"])
    assert programme.organisation.slug == "toivo"  # the regional centre serving Joensuu


def test_the_integration_service_with_coordinators_coordinates(
    demo_world: dict[str, User],
) -> None:
    """A tray import also files e.g. the town's library as a municipal service."""
    with acting(view="test"):
        org_actions.do_create_organisation(
            slug="kokkola-aaa-kirjasto",
            kind=Organisation.Kind.MUNICIPAL_SERVICE,
            name={"fi": "Kokkolan kirjasto"},
            serves=[Municipality.objects.valid_on().get(code="272")],
            wellbeing_county=None,
            acting_user=None,
        )
    out, _ = run(str(KOKKOLA_DOCUMENT), "--municipality", "272", "--json")
    programme = Programme.objects.get(pk=json.loads(out)["id"])
    assert programme.organisation.slug == "kokkola-kotoutumispalvelut"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "{file}: no such file"),
        (b"", "{file}: not a programme document: the file is empty"),
        (random_docx(), "{file}: not a programme document: no numbered parts 1-6 of the template"),
        (b"name;code\nKokkola;272\n", "{file}: not a programme document: no numbered parts"),
    ],
    ids=["missing", "empty", "random-docx", "csv"],
)
def test_a_file_that_is_not_a_programme_document(
    demo_world: dict[str, User], tmp_path: Path, content: bytes | None, message: str
) -> None:
    path = tmp_path / "input.docx"
    if content is not None:
        path.write_bytes(content)
    before = counts()
    text = refused(str(path), "--municipality", "272", "--json")
    assert text.startswith(message.format(file=path))
    assert "\n" not in text
    assert counts() == before


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("999", "--municipality: unknown municipality code '999'"),
        ("Kokkola", "--municipality: expected a 3-digit municipality code, got 'Kokkola'"),
        (
            "091",
            "--municipality 091: no municipal integration service or regional integration "
            "centre serves Helsinki (091); add the organisation first",
        ),
    ],
)
def test_an_unknown_or_unserved_municipality(
    demo_world: dict[str, User], code: str, message: str
) -> None:
    before = counts()
    assert refused(str(KOKKOLA_DOCUMENT), "--municipality", code) == message
    assert counts() == before


def test_several_integration_services_need_organisation(
    demo_world: dict[str, User], make_user: Callable[..., User]
) -> None:
    with acting(view="test"):
        second = org_actions.do_create_organisation(
            slug="kokkola-toinen",
            kind=Organisation.Kind.MUNICIPAL_SERVICE,
            name={"fi": "Toinen palvelu"},
            serves=[Municipality.objects.valid_on().get(code="272")],
            wellbeing_county=None,
            acting_user=None,
        )
        unit = org_actions.do_create_unit(
            second, slug="koordinointi", name={"fi": "Koordinointi"}, acting_user=None
        )
    make_user(Role.COORDINATOR, unit)  # a coordinator there too: both may coordinate
    assert "choose one with --organisation" in refused(
        str(KOKKOLA_DOCUMENT), "--municipality", "272"
    )
    assert "'nobody' is not an integration service serving Kokkola (272)" in refused(
        str(KOKKOLA_DOCUMENT), "--municipality", "272", "--organisation", "nobody"
    )
    out, _ = run(
        str(KOKKOLA_DOCUMENT), "--municipality", "272", "--organisation", "kokkola-toinen", "--json"
    )
    assert Programme.objects.get(pk=json.loads(out)["id"]).organisation == second


def test_all_or_nothing_when_the_document_is_refused_after_the_draft_was_started(
    demo_world: dict[str, User], tmp_path: Path
) -> None:
    """do_create_programme has run when do_save_document refuses a too long row: the draft
    goes too."""
    path = tmp_path / "long.txt"
    path.write_text(SEED + "\n" + "x" * 500 + "\tKunta\tKunta\n", encoding="utf-8")
    before = counts()
    message = refused(str(path), "--municipality", "272", "--json")
    assert message.startswith(f"{path}: nothing was imported: responsibility.8.service: ")
    assert counts() == before


def _kotopolku(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kotopolku", "programme", "import", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "kotopolku.config.test_settings"},
    )


def test_the_exit_code_is_2_from_the_command_line(tmp_path: Path) -> None:
    missing = tmp_path / "nothing.txt"
    done = _kotopolku(str(missing), "--municipality", "272", "--json")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.strip().splitlines()[-1] == f"CommandError: {missing}: no such file"
    notes = tmp_path / "notes.docx"
    document = docx.Document()
    document.add_paragraph("Meeting notes")
    document.save(str(notes))
    done = _kotopolku(str(notes), "--municipality", "272")
    assert done.returncode == 2
    assert (
        done.stderr.strip()
        .splitlines()[-1]
        .startswith(f"CommandError: {notes}: not a programme document: no numbered parts 1-6")
    )


# --- The demo ---------------------------------------------------------------------------------


def test_the_demo_has_kokkolas_programme_as_an_imported_draft(
    demo_world: dict[str, Any],
) -> None:
    with acting(view="test:demo"):
        programme = demo.load()
        assert programme is not None
        again = demo.load()
    assert again is None
    assert Programme.objects.filter(municipalities__code="272").count() == 1
    assert programme.status == Programme.Status.DRAFT
    assert programme.created_by == demo_world["coordinator.kokkola"]
    assert programme.source_name == "kokkola-2024.txt"
    assert programme.sections.count() == 7
    assert programme.responsibility_rows.count() == 8
    assert programme.partners.count() == 7
