"""Seed the managed list of guidance topics (ContactTopic).

Administrators keep the list afterwards: a topic that already exists is left as it is, so
running the migration on a database where the list was edited changes nothing.
"""

from django.db import migrations

TOPICS = (
    (
        "residence",
        {
            "fi": "Oleskelulupa ja rekisteröinti",
            "sv": "Uppehållstillstånd och registrering",
            "en": "Residence permits and registration",
        },
    ),
    ("housing", {"fi": "Asuminen", "sv": "Boende", "en": "Housing"}),
    (
        "work",
        {"fi": "Työ ja työnhaku", "sv": "Arbete och arbetssökande", "en": "Work and jobseeking"},
    ),
    (
        "education",
        {
            "fi": "Koulutus ja kieliopinnot",
            "sv": "Utbildning och språkstudier",
            "en": "Education and language studies",
        },
    ),
    (
        "health",
        {
            "fi": "Sosiaali- ja terveyspalvelut",
            "sv": "Social- och hälsovårdstjänster",
            "en": "Health and social services",
        },
    ),
    ("family", {"fi": "Perhe ja lapset", "sv": "Familj och barn", "en": "Family and children"}),
    (
        "money",
        {
            "fi": "Raha-asiat ja Kelan etuudet",
            "sv": "Ekonomi och FPA:s förmåner",
            "en": "Money and benefits (Kela)",
        },
    ),
    (
        "digital",
        {
            "fi": "Sähköinen asiointi ja digituki",
            "sv": "E-tjänster och digitalt stöd",
            "en": "E-services and digital help",
        },
    ),
    (
        "everyday",
        {
            "fi": "Yhteiskuntaorientaatio ja arki",
            "sv": "Samhällsorientering och vardag",
            "en": "Civic orientation and everyday life",
        },
    ),
    (
        "documents",
        {
            "fi": "Asiakirjojen kääntäminen",
            "sv": "Översättning av dokument",
            "en": "Translation of documents",
        },
    ),
    ("other", {"fi": "Muu asia", "sv": "Övrigt ärende", "en": "Other"}),
)


def seed(apps, schema_editor):
    ContactTopic = apps.get_model("casework", "ContactTopic")
    for position, (code, name) in enumerate(TOPICS, start=1):
        ContactTopic.objects.get_or_create(
            code=code, defaults={"name": name, "position": position * 10, "is_active": True}
        )


def unseed(apps, schema_editor):
    ContactTopic = apps.get_model("casework", "ContactTopic")
    ContactTopic.objects.filter(code__in=[code for code, _name in TOPICS]).delete()


class Migration(migrations.Migration):
    dependencies = [("casework", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
