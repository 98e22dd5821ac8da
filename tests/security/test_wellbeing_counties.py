"""The wellbeing county a counsellor may ask to take part (issue 11 item 9): the counties
serving the client's municipality; for a client without one, those serving the
municipalities of the client's responsible organisation, never every county."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client as HttpClient

from kotopolku.audit.context import acting
from kotopolku.casework import actions
from kotopolku.casework.actions import InvalidError
from kotopolku.casework.models import WellbeingRequest
from kotopolku.clients.models import Client
from kotopolku.orgs.models import Organisation


def test_without_a_municipality_only_the_organisations_counties_are_offered(
    add_client: Callable[..., Client], sign_in: Callable[[str], HttpClient]
) -> None:
    client = add_client(municipality=None, no_municipality_reason="198")
    assert {c.slug for c in actions.counties_for(client)} == {"siun-sote"}
    response = sign_in("counsellor.joensuu").get(f"/clients/{client.pk}/wellbeing/new/")
    assert response.status_code == 200
    offered = {str(value) for value, _label in response.context["form"].fields["county"].choices}
    assert str(Organisation.objects.get(slug="siun-sote").pk) in offered
    assert str(Organisation.objects.get(slug="soite").pk) not in offered


def test_the_action_refuses_a_county_that_does_not_serve_the_client(
    add_client: Callable[..., Client], world: dict[str, object]
) -> None:
    client = add_client(municipality=None, no_municipality_reason="198")
    user = world["counsellor.joensuu"]
    with pytest.raises(InvalidError) as caught, acting(view="test:wellbeing"):
        actions.do_request_wellbeing(
            client,
            county=Organisation.objects.get(slug="soite"),  # Kokkola's county
            legal_basis=WellbeingRequest.LegalBasis.ASSESSMENT,
            reason="Health",
            acting_user=user,  # type: ignore[arg-type]
        )
    assert "county" in caught.value.errors


def test_with_a_municipality_the_county_serving_it(add_client: Callable[..., Client]) -> None:
    kokkola = add_client("counsellor.kokkola", municipality="272")
    assert [c.slug for c in actions.counties_for(kokkola)] == ["soite"]
