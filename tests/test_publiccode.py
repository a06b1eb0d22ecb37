# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""publiccode.yml holds to the publiccode.yml standard and tells the truth.

The standard (https://yml.publiccode.tools/, ``publiccodeYmlVersion: "0"``)
is written down here as data: which keys exist, which are required or
deprecated, their types, allowed values and lengths. No validator of the
standard installs from the package index, so this test is the check. The
file must also agree with pyproject.toml, the package and CHANGELOG.md.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

import circleflow
from circleflow.language import LANGUAGES
from tests.test_changelog import releases

ROOT = Path(__file__).resolve().parent.parent
PUBLICCODE: dict[str, Any] = yaml.safe_load(
    (ROOT / "publiccode.yml").read_text(encoding="utf-8")
)
PROJECT: dict[str, Any] = tomllib.loads(
    (ROOT / "pyproject.toml").read_text(encoding="utf-8")
)["project"]

# --- the standard -----------------------------------------------------------

TOP_LEVEL = {
    "publiccodeYmlVersion": "mandatory",
    "name": "mandatory",
    "applicationSuite": "optional",
    "url": "mandatory",
    "landingURL": "optional",
    "isBasedOn": "optional",
    "softwareVersion": "optional",
    "releaseDate": "optional",
    "logo": "optional",
    "monochromeLogo": "deprecated",
    "inputTypes": "deprecated",
    "outputTypes": "deprecated",
    "platforms": "mandatory",
    "categories": "optional",
    "usedBy": "optional",
    "fundedBy": "optional",
    "roadmap": "optional",
    "developmentStatus": "mandatory",
    "softwareType": "mandatory",
    "supports": "optional",
    "organisation": "optional",
    "intendedAudience": "optional",
    "description": "mandatory",
    "legal": "mandatory",
    "maintenance": "mandatory",
    "localisation": "mandatory",
    "dependsOn": "optional",
    # The country-specific sections, replaced by "supports".
    "it": "deprecated",
}
DESCRIPTION = {
    "localisedName": "optional",
    "genericName": "deprecated",
    "shortDescription": "mandatory",
    "longDescription": "mandatory",
    "documentation": "optional",
    "apiDocumentation": "optional",
    "features": "mandatory",
    "screenshots": "optional",
    "videos": "optional",
    "awards": "optional",
}
LEGAL = {
    "license": "mandatory",
    "mainCopyrightOwner": "optional",
    "repoOwner": "deprecated",
    "authorsFile": "deprecated",
}
MAINTENANCE = {"type": "mandatory", "contractors": "optional", "contacts": "optional"}
LOCALISATION = {"localisationReady": "mandatory", "availableLanguages": "mandatory"}
CONTACT = {
    "name": "mandatory",
    "email": "optional",
    "phone": "optional",
    "affiliation": "optional",
}
DEPENDENCY = {
    "name": "mandatory",
    "versionMin": "optional",
    "versionMax": "optional",
    "version": "optional",
    "optional": "optional",
}
DEVELOPMENT_STATUSES = {"concept", "development", "beta", "stable", "obsolete"}
SOFTWARE_TYPES = {
    "standalone/mobile",
    "standalone/iot",
    "standalone/desktop",
    "standalone/web",
    "standalone/backend",
    "standalone/other",
    "addon",
    "library",
    "configurationFiles",
}
MAINTENANCE_TYPES = {"internal", "contract", "community", "none"}
PLATFORMS = {"web", "windows", "mac", "linux", "ios", "android"}


def _words(text: str) -> set[str]:
    return set(text.split())


SCOPES = _words(
    """agriculture culture defence education emergency-services employment
    energy environment finance-and-economic-development foreign-affairs
    government healthcare infrastructures justice local-authorities
    manufacturing research science-and-technology security society sport
    tourism transportation welfare"""
)
CATEGORIES = _words(
    """accounting agile-project-management applicant-tracking
    application-development appointment-scheduling backup billing-and-invoicing
    blog budgeting business-intelligence business-process-management cad
    call-center-management cloud-management collaboration communications
    compliance-management contact-management content-management crm
    customer-service-and-support data-analytics data-collection
    data-visualization design design-system digital-asset-management
    digital-citizenship document-management donor-management e-commerce
    e-signature educational-content email-management email-marketing
    employee-management enterprise-project-management
    enterprise-social-networking erp event-management facility-management
    feedback-and-reviews-management financial-reporting fleet-management
    fundraising gamification geographic-information-systems grant-management
    graphic-design help-desk hr ide identity-management instant-messaging
    integrated-library-system inventory-management it-asset-management
    it-development it-management it-security it-service-management
    knowledge-management learning-management-system marketing mind-mapping
    mobile-marketing mobile-payment network-management office online-booking
    online-community payment-gateway payroll predictive-analysis procurement
    productivity-suite project-collaboration project-management
    property-management real-estate-management regulations-and-directives
    remote-support resource-management sales-management seo service-desk
    social-media-management survey talent-management task-management
    taxes-management test-management time-management time-tracking
    translation video-conferencing video-editing visitor-management voip
    warehouse-management web-collaboration web-conferencing website-builder
    whistleblowing workflow-management other"""
)
SHORT_DESCRIPTION_MAX = 150
LONG_DESCRIPTION_MIN, LONG_DESCRIPTION_MAX = 150, 10000
#: An IETF BCP 47 tag: a primary language subtag, then optional subtags.
BCP47 = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
#: ISO 3166-1 alpha-2, upper case (lower case is deprecated).
COUNTRY = re.compile(r"^[A-Z]{2}$")
URL = re.compile(r"^https://[^\s/]+(/\S*)?$")


def _keys(section: dict[str, Any], known: dict[str, str], where: str) -> None:
    """``section`` has every mandatory key of ``known``, and no key that is
    unknown or deprecated."""
    assert isinstance(section, dict), f"{where} must be a mapping"
    missing = [k for k, presence in known.items() if presence == "mandatory"]
    assert [k for k in missing if k not in section] == [], f"{where} lacks keys"
    unknown = set(section) - set(known)
    assert unknown == set(), f"{where} has keys the standard does not know"
    deprecated = {k for k in section if known[k] == "deprecated"}
    assert deprecated == set(), f"{where} uses deprecated keys"


def _text(value: object) -> str:
    assert isinstance(value, str) and value.strip(), value
    return value


# --- the file against the standard -------------------------------------------


def test_the_file_is_utf8_yaml_of_the_current_version() -> None:
    (ROOT / "publiccode.yml").read_bytes().decode("utf-8")
    assert PUBLICCODE["publiccodeYmlVersion"] == "0"


def test_every_key_is_known_and_none_is_deprecated() -> None:
    _keys(PUBLICCODE, TOP_LEVEL, "publiccode.yml")
    for language, text in PUBLICCODE["description"].items():
        _keys(text, DESCRIPTION, f"description.{language}")
    _keys(PUBLICCODE["legal"], LEGAL, "legal")
    _keys(PUBLICCODE["maintenance"], MAINTENANCE, "maintenance")
    _keys(PUBLICCODE["localisation"], LOCALISATION, "localisation")


def test_the_top_level_values_have_the_standards_types_and_values() -> None:
    _text(PUBLICCODE["name"])
    assert URL.match(PUBLICCODE["url"])
    if "landingURL" in PUBLICCODE:
        assert URL.match(PUBLICCODE["landingURL"])
    platforms = PUBLICCODE["platforms"]
    assert isinstance(platforms, list) and platforms
    assert all(isinstance(p, str) and p.strip() for p in platforms)
    # Values outside the list are allowed, but the standard asks for its own.
    assert set(platforms) <= PLATFORMS
    assert set(PUBLICCODE.get("categories", [])) <= CATEGORIES
    assert PUBLICCODE["developmentStatus"] in DEVELOPMENT_STATUSES
    assert PUBLICCODE["softwareType"] in SOFTWARE_TYPES
    assert isinstance(PUBLICCODE["softwareVersion"], str)


def test_the_release_date_is_a_date_written_yyyy_mm_dd() -> None:
    written = PUBLICCODE["releaseDate"]
    # Quoted: unquoted, YAML reads a date, and the standard wants a string.
    assert isinstance(written, str)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", written)
    date.fromisoformat(written)


def test_the_intended_audience_uses_the_standards_codes() -> None:
    audience = PUBLICCODE["intendedAudience"]
    assert set(audience) <= {"countries", "unsupportedCountries", "scope"}
    for key in ("countries", "unsupportedCountries"):
        assert all(COUNTRY.match(code) for code in audience.get(key, []))
    assert set(audience.get("scope", [])) <= SCOPES


@pytest.mark.parametrize("language", sorted(PUBLICCODE["description"]))
def test_each_description_keeps_to_the_lengths_of_the_standard(
    language: str,
) -> None:
    assert BCP47.match(language)
    text = PUBLICCODE["description"][language]
    short = _text(text["shortDescription"])
    assert len(short) <= SHORT_DESCRIPTION_MAX
    assert "\n" not in short.strip(), "a short description is one line"
    long = _text(text["longDescription"])
    assert LONG_DESCRIPTION_MIN <= len(long) <= LONG_DESCRIPTION_MAX
    features = text["features"]
    assert isinstance(features, list) and features
    assert all(isinstance(f, str) and f.strip() for f in features)
    for key in ("documentation", "apiDocumentation"):
        if key in text:
            assert URL.match(text[key])


def test_the_legal_section_names_an_spdx_licence() -> None:
    legal = PUBLICCODE["legal"]
    assert re.fullmatch(
        r"[A-Za-z0-9.+-]+( (AND|OR|WITH) [A-Za-z0-9.+-]+)*", legal["license"]
    )
    if "mainCopyrightOwner" in legal:
        _text(legal["mainCopyrightOwner"])


def test_maintenance_has_the_contacts_its_type_requires() -> None:
    maintenance = PUBLICCODE["maintenance"]
    kind = maintenance["type"]
    assert kind in MAINTENANCE_TYPES
    # Contractors exactly when maintained under contract.
    assert ("contractors" in maintenance) == (kind == "contract")
    if kind in {"internal", "community"}:
        contacts = maintenance["contacts"]
        assert isinstance(contacts, list) and contacts
        for contact in contacts:
            _keys(contact, CONTACT, "maintenance.contacts")
            _text(contact["name"])
            assert all(isinstance(value, str) for value in contact.values())


def test_localisation_names_languages_as_bcp47_tags() -> None:
    localisation = PUBLICCODE["localisation"]
    assert isinstance(localisation["localisationReady"], bool)
    languages = localisation["availableLanguages"]
    assert isinstance(languages, list) and languages
    assert all(BCP47.match(tag) for tag in languages)


def test_each_dependency_is_a_named_dependency_of_the_standard() -> None:
    depends = PUBLICCODE["dependsOn"]
    assert set(depends) <= {"open", "proprietary", "hardware"}
    for kind, dependencies in depends.items():
        for dependency in dependencies:
            _keys(dependency, DEPENDENCY, f"dependsOn.{kind}")
            _text(dependency["name"])
            for key in ("versionMin", "versionMax", "version"):
                if key in dependency:
                    assert isinstance(dependency[key], str)
            assert isinstance(dependency.get("optional", False), bool)


# --- the file against the project ---------------------------------------------


def test_the_version_and_date_are_the_latest_release_in_the_changelog() -> None:
    version, released = releases()[0]
    assert PUBLICCODE["softwareVersion"] == version == circleflow.__version__
    assert PUBLICCODE["releaseDate"] == released.isoformat()


def test_the_licence_is_the_packages_licence() -> None:
    assert PUBLICCODE["legal"]["license"] == PROJECT["license"]


def test_the_repository_is_the_one_the_package_names() -> None:
    assert PUBLICCODE["url"] == PROJECT["urls"]["Source"]
    for text in PUBLICCODE["description"].values():
        assert text["documentation"].startswith(PUBLICCODE["url"] + "/")


def test_the_python_version_is_the_packages_minimum() -> None:
    [python] = [d for d in PUBLICCODE["dependsOn"]["open"] if d["name"] == "Python"]
    assert PROJECT["requires-python"] == f">={python['versionMin']}"
    assert python["optional"] is False


def test_the_development_status_is_the_classifiers() -> None:
    # The standard's "beta" is "the testing phase (alpha or beta)".
    status = {
        "1 - Planning": "concept",
        "2 - Pre-Alpha": "development",
        "3 - Alpha": "beta",
        "4 - Beta": "beta",
        "5 - Production/Stable": "stable",
        "6 - Mature": "stable",
        "7 - Inactive": "obsolete",
    }
    [classifier] = [
        c for c in PROJECT["classifiers"] if c.startswith("Development Status :: ")
    ]
    expected = status[classifier.removeprefix("Development Status :: ")]
    assert PUBLICCODE["developmentStatus"] == expected


def test_the_languages_are_those_circleflow_speaks() -> None:
    localisation = PUBLICCODE["localisation"]
    assert set(localisation["availableLanguages"]) == set(LANGUAGES)
    assert set(PUBLICCODE["description"]) == set(LANGUAGES)
    # Ready for more languages: every language has a compiled catalog.
    assert localisation["localisationReady"] is True
    locale = Path(circleflow.__file__).parent / "locale"
    for language in LANGUAGES:
        assert (locale / language / "LC_MESSAGES" / "circleflow.mo").is_file()


def test_the_contact_is_the_role_the_governance_names() -> None:
    # No person is named yet: the contact is the maintainers' role, and
    # GOVERNANCE.md and the README say so.
    [contact] = PUBLICCODE["maintenance"]["contacts"]
    governance = (ROOT / "GOVERNANCE.md").read_text(encoding="utf-8")
    assert f'"the {contact["name"]}"' in governance
    assert "placeholder" in (ROOT / "README.md").read_text(encoding="utf-8")
