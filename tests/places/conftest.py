"""Fixtures for the places tests: a spaCy pipeline with the gazetteer's EntityRuler."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def geo_nlp(nlp, gazetteer):
    from marsad.nlp.component import with_entity_ruler

    return with_entity_ruler(nlp, gazetteer.ruler_patterns())


@pytest.fixture(scope="session")
def parse(geo_nlp, gazetteer):
    """``parse(text) -> list[Place]`` with the shared services."""
    from marsad.places import geoparse_text

    def run(text: str):
        return geoparse_text(text, nlp=geo_nlp, gazetteer=gazetteer)

    return run


DUMP_ROWS = [
    # geonameid name asciiname alternatenames lat lon fclass fcode cc cc2 adm1 adm2 adm3 adm4 pop elev dem tz date
    "163843\tSyria\tSyria\tSyrie,Siria,سوريا\t35\t38\tA\tPCLI\tSY\t\t00\t\t\t\t22198110\t\t514\tAsia/Damascus\t2023-01-01",
    "170792\tDayr az Zawr\tDayr az Zawr\tDeir ez-Zor,دير الزور\t35.0\t40.5\tA\tADM1\tSY\t\t07\t\t\t\t1239000\t\t250\tAsia/Damascus\t2023-01-01",
    "170794\tDeir ez-Zor\tDeir ez-Zor\tDayr az Zawr,Deir el-Zor\t35.33588\t40.14084\tP\tPPLA\tSY\t\t07\t\t\t\t242565\t\t210\tAsia/Damascus\t2023-01-01",
    "173480\tAl Mayadin\tAl Mayadin\tMayadin\t35.01982\t40.45154\tP\tPPLA2\tSY\t\t07\t\t\t\t44028\t\t180\tAsia/Damascus\t2023-01-01",
    "999001\tEuphrates\tEuphrates\tFurat\t31.0\t46.0\tH\tSTM\tIQ\t\t00\t\t\t\t0\t\t5\tAsia/Baghdad\t2023-01-01",
]
ALT_ROWS = [
    # alternateNameId geonameid isolanguage name isPreferred isShort isColloquial isHistoric from to
    "1\t173480\ten\tal-Mayadeen\t\t\t\t\t\t",
    "2\t173480\tar\tالميادين\t\t\t\t\t\t",
    "3\t173480\tlink\thttps://en.wikipedia.org/wiki/Mayadin\t\t\t\t\t\t",
    "4\t170794\ten\tOld Deir Name\t\t\t\t1\t\t",
    "5\t424242\ten\tNot Kept\t\t\t\t\t\t",
]


@pytest.fixture
def tiny_dump(tmp_path):
    """A tiny GeoNames dump slice: (allCountries.txt, alternateNamesV2.txt) paths."""
    geo = tmp_path / "allCountries.txt"
    alt = tmp_path / "alternateNamesV2.txt"
    geo.write_text("\n".join(DUMP_ROWS) + "\n", encoding="utf-8")
    alt.write_text("\n".join(ALT_ROWS) + "\n", encoding="utf-8")
    return geo, alt
