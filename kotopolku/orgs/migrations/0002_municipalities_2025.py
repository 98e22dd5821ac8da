"""Load the municipalities valid on 1.1.2025 (Statistics Finland, via rOpenGov/geofi)."""

import datetime
from pathlib import Path

from django.db import migrations

CSV = Path(__file__).resolve().parents[1] / "data" / "municipalities-2025.csv"
VALID_FROM = datetime.date(2025, 1, 1)


def load(apps, schema_editor):
    from kotopolku.orgs.rules import parse_municipalities  # a pure parser, no models

    Region = apps.get_model("orgs", "Region")
    County = apps.get_model("orgs", "WellbeingCounty")
    Municipality = apps.get_model("orgs", "Municipality")
    rows = parse_municipalities(CSV.read_text(encoding="utf-8"))
    regions, counties = {}, {}
    for row in rows:
        if row.region_code not in regions:
            regions[row.region_code] = Region.objects.create(
                code=row.region_code, name_fi=row.region_name_fi, name_sv=row.region_name_sv
            )
        if row.county_code not in counties:
            counties[row.county_code] = County.objects.create(
                code=row.county_code, name_fi=row.county_name_fi, name_sv=row.county_name_sv
            )
    Municipality.objects.bulk_create(
        Municipality(
            code=row.code, name_fi=row.name_fi, name_sv=row.name_sv, region=regions[row.region_code],
            wellbeing_county=counties[row.county_code], language=row.language,
            language_majority=row.language_majority, is_aland=row.is_aland, valid_from=VALID_FROM,
        )
        for row in rows
    )


def unload(apps, schema_editor):
    apps.get_model("orgs", "Municipality").objects.filter(valid_from=VALID_FROM).delete()


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
