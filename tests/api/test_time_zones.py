"""Opening hours name a real IANA zone: canonical names only, checked on the server."""
import pytest

from api.schemas.entry import TIME_ZONES


@pytest.mark.parametrize("zone", ["localtime", "Factory", "US/Eastern", "Asia/Calcutta", "Europe/Kiev", "GMT0",
                                  "posixrules", "Europe/Pari", "europe/paris", ""])
def test_a_non_canonical_zone_is_refused_naming_the_field(admin, zone):
    response = admin.patch("fr-3018", {"hours": {"timezone": zone}})
    assert response.status_code == 422
    assert list(response.get_json()["errors"]) == ["hours.timezone"]


@pytest.mark.parametrize("zone", ["Europe/Paris", "Asia/Kolkata", "Europe/Kyiv", "America/Argentina/Buenos_Aires", "UTC"])
def test_canonical_zones_are_accepted(admin, zone):
    response = admin.patch("fr-3018", {"hours": {"timezone": zone}})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["hours"]["timezone"] == zone


def test_the_accepted_zones_are_iana_selection_tables():
    assert 400 < len(TIME_ZONES) < 450
    assert {"localtime", "Factory", "US/Eastern", "GMT0"}.isdisjoint(TIME_ZONES)
