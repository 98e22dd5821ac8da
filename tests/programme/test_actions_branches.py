"""Programme approval and publication on the inputs the other tests leave out: over-long body
and reference, a date given as text (read or refused), an older version published after a
newer one; each refusal names its field and changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from kotopolku.accounts.models import User
from kotopolku.audit.context import acting
from kotopolku.audit.models import ChangeEvent
from kotopolku.programme import actions
from kotopolku.programme.models import Programme

pytestmark = pytest.mark.django_db


def _approve(p: Programme, user: User, **kw: Any) -> Programme:
    values = {"body": "Kaupunginhallitus", "date": timezone.localdate(), "reference": "KH § 1"}
    with acting(view="test"):
        return actions.do_approve(p, acting_user=user, **(values | kw))


def _refused(call: Any, programme: Programme) -> dict[str, list[str]]:
    events = ChangeEvent.objects.filter(subject_id=str(programme.pk)).count()
    with pytest.raises(actions.InvalidError) as exc:
        call()
    programme.refresh_from_db()
    assert ChangeEvent.objects.filter(subject_id=str(programme.pk)).count() == events
    return exc.value.errors


def test_an_approval_refuses_long_texts_and_a_date_it_cannot_read(
    programme: Programme, coordinator: User
) -> None:
    errors = _refused(
        lambda: _approve(
            programme, coordinator, body="b" * 201, reference="r" * 201, date="2.5.2024"
        ),
        programme,
    )
    assert errors == {
        "body": ["At most 200 characters."],
        "reference": ["At most 200 characters."],
        "date": ["Give the date as YYYY-MM-DD."],
    }
    assert programme.status == "draft" and programme.approved_on is None


def test_an_approval_date_given_as_text_is_read(programme: Programme, coordinator: User) -> None:
    approved = _approve(programme, coordinator, date="2024-05-02")
    approved.refresh_from_db()
    assert approved.approved_on.isoformat() == "2024-05-02"
    assert approved.status == "approved"


def test_an_older_version_is_not_published_over_a_newer_one(
    programme: Programme, coordinator: User
) -> None:
    _approve(programme, coordinator)
    with acting(view="test"):
        v2 = actions.do_new_version(programme, acting_user=coordinator)
    _approve(v2, coordinator)
    with acting(view="test"):
        actions.do_publish(v2, acting_user=coordinator)
    with acting(view="test"):
        errors = _refused(lambda: actions.do_publish(programme, acting_user=coordinator), programme)
    assert errors == {"status": ["Version 2 is published already and is newer."]}
    assert programme.status == "approved"
