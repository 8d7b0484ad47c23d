"""indicators/accounts.py: password hashes, the roles' permissions, and a Reach as a filter over places."""

import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest

from indicators import accounts
from indicators.accounts import PERMISSIONS, Account, NotAllowed, Reach, can, require
from indicators.config import DATA_DIR
from indicators.exports import ExportRequest, export_file
from indicators.i18n import Translator
from tests.export_helpers import Q

ADMIN = Account("ana", "Ana", "admin")
FOCAL_HND = Account("hugo", "Hugo", "focal", "HND")
VIEWER = Account("vera", "Vera", "viewer")
PLACES = pd.read_csv(DATA_DIR / "places.csv", usecols=["place_id", "country"])


def test_a_password_is_kept_as_a_salted_scrypt_hash_with_its_parameters():
    first, second = accounts.hash_password("una clave larga"), accounts.hash_password("una clave larga")
    assert first != second, "each hash has its own salt"
    scheme, n, r, p, salt, digest = first.split("$")
    assert (scheme, int(n), int(r), int(p)) == ("scrypt", 2**14, 8, 1)
    assert len(bytes.fromhex(salt)) == 16 and len(bytes.fromhex(digest)) == 32
    assert "una clave larga" not in first
    assert accounts.password_matches("una clave larga", first)
    assert not accounts.password_matches("una clave larga.", first)
    assert not accounts.password_matches("una clave larga", None), "no such account"
    assert not accounts.password_matches("una clave larga", "scrypt$broken")
    assert not accounts.needs_rehash(first)
    assert accounts.needs_rehash(first.replace("$16384$", "$1024$", 1))


def test_passwords_and_user_names_that_cannot_be_used_say_why():
    assert accounts.password_problem("corta") == "password_short"
    assert accounts.password_problem("x" * accounts.MIN_PASSWORD) is None
    generated = accounts.new_password()
    assert len(generated) >= 20 and accounts.password_problem(generated) is None
    assert accounts.new_password() != generated
    assert accounts.user_problem("") == "user_empty"
    assert accounts.user_problem("ana maría") == "user_spaces"
    assert accounts.user_problem("ana\u0000") == "user_spaces"
    assert accounts.user_problem("x" * 65) == "user_too_long"
    assert accounts.user_problem("<b>ana</b>") is None, "shown as text everywhere, so allowed"


@pytest.mark.parametrize(
    ("user", "role", "country", "problems"),
    [
        ("nuevo", "focal", "HND", []),
        ("ana", "admin", None, ["user_taken"]),
        ("nuevo", "focal", None, ["country_required"]),
        ("nuevo", "focal", "XXX", ["country_unknown"]),
        ("nuevo", "viewer", "HND", ["country_only_focal"]),
        ("nuevo", "boss", None, ["role_unknown"]),
    ],
)
def test_a_new_account_is_checked_whole(user, role, country, problems):
    assert accounts.new_account_problems(user, role, country, "", {"HND", "SLV"}, {"ana"}) == problems


# (action, country) → whether admin, the focal point of Honduras and a viewer may.
REACH = [
    ("codes.manage", "HND", (True, True, False)),
    ("codes.manage", "SLV", (True, False, False)),
    ("places.register", "SLV", (True, False, False)),
    ("results.import", "HND", (True, True, False)),
    ("answers.import", "GTM", (True, False, False)),
    ("summaries.place", "HND", (True, True, False)),
    ("summaries.place", "MEX", (True, False, False)),
    ("summaries.region", None, (True, True, True)),
    ("names.read", "HND", (True, True, False)),
    ("names.read", "SLV", (True, False, False)),
    ("audit.read", None, (True, False, False)),
    ("accounts.manage", None, (True, False, False)),
    ("settings.change", None, (True, False, False)),
    ("consultation.read", None, (True, True, True)),
]


@pytest.mark.parametrize(("action", "country", "expected"), REACH)
def test_each_role_reaches_what_its_row_says(action, country, expected):
    assert tuple(can(a, action, country) for a in (ADMIN, FOCAL_HND, VIEWER)) == expected


def test_require_refuses_with_the_action_and_needs_the_country_where_it_decides():
    require(FOCAL_HND, "codes.manage", "HND")
    with pytest.raises(NotAllowed) as refused:
        require(FOCAL_HND, "codes.manage", "SLV")
    assert (refused.value.action, refused.value.place_country) == ("codes.manage", "SLV")
    with pytest.raises(NotAllowed):
        require(VIEWER, "audit.read")
    with pytest.raises(NotAllowed):
        require(None, "summaries.region")
    with pytest.raises(ValueError):
        require(ADMIN, "codes.manage")  # decided per country: the caller must say which
    with pytest.raises(KeyError):
        can(ADMIN, "codes.mange")  # a misspelt action never opens anything


def test_a_disabled_account_may_do_nothing():
    disabled = Account("ana", "Ana", "admin", disabled=True)
    assert not any(can(disabled, action) for action in PERMISSIONS)


def test_a_reach_filters_places_and_countries():
    hnd = Reach.of(FOCAL_HND, "codes.manage")
    assert set(hnd.places(PLACES)["country"]) == {"HND"} and len(hnd.places(PLACES)) > 1
    assert hnd.country_names({"HND": "Honduras", "SLV": "El Salvador"}) == {"HND": "Honduras"}
    assert Reach.of(ADMIN, "codes.manage").places(PLACES).equals(PLACES)
    assert Reach.of(VIEWER, "codes.manage").places(PLACES).empty
    assert Reach.of(FOCAL_HND, "summaries.region").everywhere  # the region's aggregates
    problems = hnd.refused_places(["hnd-danli", "slv-la-palma", "slv-la-palma", "unknown"], PLACES)
    assert [(p.value, p.reason) for p in problems] == [("slv-la-palma", "place_out_of_reach")]


def test_only_an_admin_gets_the_regions_rows_per_local_government():
    assert not accounts.aggregates_only(ADMIN)
    assert accounts.aggregates_only(FOCAL_HND) and accounts.aggregates_only(VIEWER)


def test_a_session_ends_when_disabled_after_eight_hours_or_after_a_new_password():
    since = dt.datetime(2026, 3, 1, 9, 0)
    later = since + dt.timedelta(hours=7, minutes=59)
    assert accounts.session_problem(ADMIN, since, later) is None
    assert accounts.session_problem(ADMIN, since, since + dt.timedelta(hours=8, minutes=1)) == "expired"
    assert accounts.session_problem(None, since, later) == "disabled"
    assert accounts.session_problem(Account("a", "A", "admin", disabled=True), since, later) == "disabled"
    reset = Account("a", "A", "admin", password_set_at=since + dt.timedelta(hours=1))
    assert accounts.session_problem(reset, since, later) == "reset"


# --- exports as each role may have them -----------------------------------------------------------


def test_an_export_is_narrowed_to_what_the_role_may_have():
    region = ExportRequest("region", "xlsx")
    assert accounts.permitted_export(ADMIN, region, None) == region
    assert accounts.permitted_export(FOCAL_HND, region, None).aggregates_only
    assert accounts.permitted_export(VIEWER, region, None).aggregates_only
    every_place = ExportRequest("local_government", "csv")
    assert accounts.permitted_export(FOCAL_HND, every_place, None).country == "HND", "its own country's"
    assert accounts.permitted_export(ADMIN, every_place, None) == every_place
    danli = ExportRequest("local_government", "pdf", place_id="hnd-danli")
    assert accounts.permitted_export(FOCAL_HND, danli, "HND") == danli
    with pytest.raises(NotAllowed):
        accounts.permitted_export(
            FOCAL_HND, ExportRequest("local_government", "pdf", place_id="slv-x"), "SLV"
        )
    with pytest.raises(NotAllowed):
        accounts.permitted_export(FOCAL_HND, ExportRequest("country", "csv", country="SLV"), None)
    with pytest.raises(NotAllowed):
        accounts.permitted_export(VIEWER, every_place, None)


def test_the_regions_workbook_for_a_focal_point_has_no_sheet_per_local_government(real):
    t = Translator("en")

    def sheets(request) -> list[str]:
        return openpyxl.load_workbook(io.BytesIO(export_file(real, Q, t, request))).sheetnames

    everything = sheets(ExportRequest("region", "xlsx"))
    permitted = accounts.permitted_export(FOCAL_HND, ExportRequest("region", "xlsx"), None)
    assert t("export.sheet_local_government")[:31] in everything
    assert sheets(permitted) == [s for s in everything if s != t("export.sheet_local_government")[:31]]
