"""The Finnish caseload has no English left in it (issue 15): the "soon" badge was built inside
an f-string, which xgettext does not read, so it was never translated."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

from django.test import Client as HttpClient
from django.utils import timezone

from kotopolku.casework.models import Deadline
from kotopolku.casework.rules import Kind
from kotopolku.clients.models import Client


def test_the_finnish_caseload_badges_are_finnish(
    add_client: Callable[..., Client], sign_in: Callable[[str], HttpClient]
) -> None:
    client = add_client(last_name="Bakr")
    today = timezone.localdate()
    Deadline.objects.filter(client=client).delete()
    Deadline.objects.create(
        client=client, kind=Kind.REVIEW, due=today - datetime.timedelta(days=2), rule="test"
    )
    Deadline.objects.create(
        client=client, kind=Kind.PLAN_ENDING, due=today + datetime.timedelta(days=5), rule="test"
    )
    browser = sign_in("counsellor.joensuu")
    browser.post("/i18n/setlang/", {"language": "fi", "next": "/"})
    html = browser.get("/clients/").content.decode()
    badges = re.findall(r'<span class="badge badge--(?:warn|danger)">([^<]+)</span>', html)
    assert "myöhässä" in badges and "lähestyy" in badges
    assert not {"soon", "overdue", "due soon"} & set(badges)
