"""The tray's demo content: the actors and services of the seeds for Joensuu and Kokkola.

Data only; `catalog.demo.load` writes it through the organisation and catalogue actions.
The entries themselves are in `demo_entries_kokkola`, `demo_entries_joensuu` and
`demo_entries_roles` (each authority's role, described as today's authorities: employment
areas and wellbeing counties since 2025, the vitality centres (elinvoimakeskus) that replaced
the ELY centres on 1.1.2026, KEHA-keskus, Migri, Kela and DVV).

Texts are written as blocks of `field.lang: text` lines (one translation a line) so that the
content reads as it will be shown. People appear only as role titles; telephone numbers use
the fictional 555 range and e-mail addresses the reserved `.example` domain.

Planted for the overlap and gap views (the tests check them):
- Overlaps: two language cafés in Kokkola (the city library and the Red Cross) on Tuesday
  evening in Finnish for adults; two Finnish conversation groups for women in Joensuu (the
  Settlement and the parish) on Wednesday morning.
- Gaps: no published service in Somali, Central Kurdish, Vietnamese or Dari in Kokkola and
  none in Tigrinya, Bengali, Chinese, Thai, Dari or Estonian in the Joensuu region, although
  the demo clients speak them (a Somali and a Dari group exist only as drafts); no youth services in
  Ilomantsi, Juuka, Polvijärvi or Heinävesi.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from kotopolku.orgs.demo import JOENSUU_REGION, KESKI_POHJANMAA, KOKKOLA
from kotopolku.orgs.models import Organisation

K = Organisation.Kind

# Municipality codes used by the entries.
JOENSUU = ("167",)
ALL_DEMO_MUNICIPALITIES = tuple(dict.fromkeys((*JOENSUU_REGION, *KESKI_POHJANMAA)))
YOUTH_GAP_MUNICIPALITIES = ("146", "176", "607", "090")
GAP_LANGUAGES = {
    "kokkola": ("so", "ckb", "vi", "prs"),
    "joensuu": ("ti", "bn", "zh", "th", "prs", "et"),
}
REGION_CODES = {"kokkola": KOKKOLA, "joensuu": JOENSUU_REGION}

# The people named in the seed documents must not appear in the demo. They are kept here only
# as SHA-256 digests (first 16 hex digits; `seed_digest`): of each full name and distinctive
# surname, case-folded, and of each telephone number's 10 digits.
SEED_PERSON_DIGESTS = frozenset(
    {
        "005dea27bc120b28",
        "08b90f5f22bf87f9",
        "18dd9b30592e8fc2",
        "1db36060afe4c020",
        "274342e4d7b10aca",
        "2aa9fb219d938c43",
        "2ba32a818b3aada5",
        "35c4746c1fb1d358",
        "38fdafc04aa82928",
        "393b1502bb5de6ee",
        "3a146c745b36f7a8",
        "3e2e3f1d637764bd",
        "4518a736ec454944",
        "5000bd2878094350",
        "50b1d9ee9f15669f",
        "57ecb47196115c82",
        "59e4556e8e5595fd",
        "9a330c3ea6d11522",
        "a3c4347027119346",
        "a6a98e548abad4fe",
        "b36dbbd4d40ecda0",
        "bd5b82c75ce370ac",
        "cce359499c1fbae3",
        "cff68adc831fec5f",
        "d17bd6b9afb561f4",
        "e2b5fb733b8e676e",
        "e3b3a18b00347c87",
        "e5a524c7f7c383b6",
        "ea45a9232662337b",
        "fd7ce658fb1e7856",
    }
)
SEED_PHONE_DIGESTS = frozenset(
    {
        "00637abae0ebbebb",
        "126c709d4c388928",
        "259093bc15eeddf6",
        "312a36786decc374",
        "4c24a8b56db09f59",
        "6b2aff823c49b7cc",
        "95003c4cc4f96b04",
    }
)
PHONE_DIGITS = 10


def seed_digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


# Schedule kinds, programme elements and tray columns, short.
ONE_OFF, RECURRING, APPOINTMENT, DROP_IN = "one_off", "recurring", "appointment", "drop_in"
ASSESSMENT, PLAN, CIVIC = "assessment", "plan", "civic_orientation"
TRAINING, LANGUAGE, GUIDANCE, OTHER = "integration_training", "language_work", "guidance", "other"
EARLY, DOERS, OPEN, AUTHORITY = "early", "doers", "open", "authority"


@dataclass(frozen=True)
class Slot:
    """A weekly time (weekday 0 = Monday) or a one-off date `in_days` from the load day."""

    starts_at: str
    ends_at: str
    weekday: int | None = None
    in_days: int | None = None


def weekly(weekday: int, starts_at: str, ends_at: str) -> Slot:
    return Slot(starts_at, ends_at, weekday=weekday)


def on_day(in_days: int, starts_at: str, ends_at: str) -> Slot:
    return Slot(starts_at, ends_at, in_days=in_days)


@dataclass(frozen=True)
class Contact:
    role: str
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Entry:
    """One entry of the tray. `texts` holds `field.lang: text` lines."""

    owner: str
    texts: str
    element: str
    category: str
    targets: tuple[str, ...]
    languages: tuple[str, ...]
    municipalities: tuple[str, ...]
    schedule: str
    times: tuple[Slot, ...] = ()
    places: tuple[str, ...] = ()
    contact: Contact | None = None
    price: str | None = None
    # Course dates relative to the load day.
    starts_in_days: int | None = None
    ends_in_days: int | None = None
    kind: str = "service"
    status: str = "published"
    # Days since the owner last confirmed the entry (None: confirmed on the load day).
    reviewed_days_ago: int | None = None
    # A change the owner proposes after publication (waits for the coordinator): texts.
    proposal: str = ""
    proposal_languages: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoOrg:
    """An actor of the seeds that `orgs.demo` does not create."""

    slug: str
    kind: str
    name: dict[str, str]
    serves: tuple[str, ...]
    unit: tuple[str, dict[str, str]] = field(
        default=("toiminta", {"fi": "Toiminta", "sv": "Verksamhet", "en": "Activities"})
    )


@dataclass(frozen=True)
class DemoPlace:
    """A public building where services are given; `key` is `owner-slug:name`."""

    key: str
    name: dict[str, str]
    street_address: str
    postal_code: str
    post_office: str
    municipality_code: str
    accessibility: dict[str, str]


def parse_texts(block: str) -> dict[str, dict[str, str]]:
    """`field.lang: text` lines to `{field: {lang: text}}` (blank lines are skipped)."""
    found: dict[str, dict[str, str]] = {}
    for raw in block.strip().splitlines():
        line = raw.strip()
        if not line:
            continue
        head, _sep, text = line.partition(": ")
        name, _dot, lang = head.partition(".")
        if not text or not lang:
            raise ValueError(f"bad demo text line: {line!r}")
        found.setdefault(name, {})[lang] = text.strip()
    return found


def _t(fi: str, sv: str, en: str) -> dict[str, str]:
    return {"fi": fi, "sv": sv, "en": en}


ORGANISATIONS: tuple[DemoOrg, ...] = (
    # Kokkola
    DemoOrg(
        "kokkolan-kirjasto-ja-vapaa-aika",
        K.MUNICIPAL_SERVICE,
        _t(
            "Kokkolan kaupunki, kirjasto- ja vapaa-aikapalvelut",
            "Karleby stad, biblioteks- och fritidstjänster",
            "City of Kokkola, Library and Leisure Services",
        ),
        KOKKOLA,
    ),
    DemoOrg(
        "kokkolan-seudun-opisto",
        K.EDUCATION_PROVIDER,
        _t("Kokkolan seudun opisto", "Karlebynejdens institut", "Kokkola Region College"),
        KOKKOLA,
    ),
    DemoOrg(
        "kpedu",
        K.EDUCATION_PROVIDER,
        _t(
            "Keski-Pohjanmaan koulutusyhtymä Kpedu",
            "Samkommunen för utbildning i Mellersta Österbotten Kpedu",
            "Federation of Education in Central Ostrobothnia, Kpedu",
        ),
        KESKI_POHJANMAA,
    ),
    DemoOrg(
        "kokkolan-suomalainen-seurakunta",
        K.PARISH,
        _t(
            "Kokkolan suomalainen seurakunta", "Karleby finska församling", "Kokkola Finnish Parish"
        ),
        KOKKOLA,
    ),
    DemoOrg(
        "spr-kokkola",
        K.NGO,
        _t(
            "Suomen Punainen Risti, Kokkolan osasto",
            "Finlands Röda Kors, Karleby avdelning",
            "Finnish Red Cross, Kokkola branch",
        ),
        KOKKOLA,
    ),
    DemoOrg("ehja", K.NGO, _t("Ehjä ry", "Ehjä rf", "Ehjä association"), KOKKOLA),
    DemoOrg(
        "kosek",
        K.COMPANY,
        _t(
            "Kokkolanseudun Kehitys Oy KOSEK",
            "Karlebynejdens Utveckling Ab KOSEK",
            "Kokkola Region Development Company KOSEK",
        ),
        ("272", "584"),
    ),
    DemoOrg(
        "pohjanmaan-elinvoimakeskus",
        K.STATE_AGENCY,
        _t(
            "Pohjanmaan elinvoimakeskus",
            "Österbottens livskraftscentral",
            "Ostrobothnia Vitality Centre",
        ),
        KESKI_POHJANMAA,
    ),
    # Joensuu region
    DemoOrg(
        "joensuun-kulttuuri-ja-vapaa-aika",
        K.MUNICIPAL_SERVICE,
        _t(
            "Joensuun kaupunki, kulttuuri- ja vapaa-aikapalvelut",
            "Joensuu stad, kultur- och fritidstjänster",
            "City of Joensuu, Culture and Leisure Services",
        ),
        JOENSUU,
    ),
    DemoOrg(
        "joensuun-seurakunta",
        K.PARISH,
        _t(
            "Joensuun evankelis-luterilainen seurakunta",
            "Joensuu evangelisk-lutherska församling",
            "Joensuu Evangelical Lutheran Parish",
        ),
        JOENSUU,
    ),
    DemoOrg(
        "riveria",
        K.EDUCATION_PROVIDER,
        _t(
            "Ammattiopisto Riveria (Pohjois-Karjalan koulutuskuntayhtymä)",
            "Yrkesinstitutet Riveria (Samkommunen för utbildning i Norra Karelen)",
            "Riveria Vocational College (North Karelia Municipal Education and Training Consortium)",
        ),
        JOENSUU_REGION,
    ),
    DemoOrg(
        "ita-suomen-elinvoimakeskus",
        K.STATE_AGENCY,
        _t(
            "Itä-Suomen elinvoimakeskus",
            "Östra Finlands livskraftscentral",
            "East Finland Vitality Centre",
        ),
        JOENSUU_REGION,
    ),
    # National agencies (serving both demo areas)
    DemoOrg(
        "migri",
        K.STATE_AGENCY,
        _t("Maahanmuuttovirasto Migri", "Migrationsverket Migri", "Finnish Immigration Service"),
        ALL_DEMO_MUNICIPALITIES,
    ),
    DemoOrg(
        "kela",
        K.STATE_AGENCY,
        _t("Kela", "FPA", "Kela (Social Insurance Institution of Finland)"),
        ALL_DEMO_MUNICIPALITIES,
    ),
    DemoOrg(
        "dvv",
        K.STATE_AGENCY,
        _t(
            "Digi- ja väestötietovirasto DVV",
            "Myndigheten för digitalisering och befolkningsdata MDB",
            "Digital and Population Data Services Agency",
        ),
        ALL_DEMO_MUNICIPALITIES,
    ),
    DemoOrg(
        "keha-keskus",
        K.STATE_AGENCY,
        _t(
            "Työllisyys-, kehittämis- ja hallintokeskus KEHA-keskus",
            "KEHA-centret",
            "KEHA Centre (Centre for Employment, Development and Administration)",
        ),
        ALL_DEMO_MUNICIPALITIES,
    ),
)

# Step-free notes used by several places.
_STEP_FREE = _t(
    "Esteetön sisäänkäynti, hissi ja esteetön WC.",
    "Tillgänglig entré, hiss och tillgänglig toalett.",
    "Step-free entrance, lift and accessible toilet.",
)
_ASK = _t(
    "Kysy esteettömyydestä etukäteen, niin järjestämme tilan tarpeesi mukaan.",
    "Fråga om tillgänglighet på förhand, så ordnar vi ett lämpligt utrymme.",
    "Ask about accessibility in advance and we will arrange a suitable room.",
)

PLACES: tuple[DemoPlace, ...] = (
    DemoPlace(
        "kokkola-kotoutumispalvelut:paakirjasto",
        _t(
            "Welcome Office, Kokkolan pääkirjasto",
            "Welcome Office, Karleby huvudbibliotek",
            "Welcome Office, Kokkola Main Library",
        ),
        "Isokatu 3",
        "67100",
        "Kokkola",
        "272",
        _t(
            "Esteetön sisäänkäynti kävelykadun puolelta, hissi kaikkiin kerroksiin ja esteetön WC. Palvelupiste on katutasossa.",
            "Tillgänglig entré från gågatan, hiss till alla våningar och tillgänglig toalett. Servicepunkten finns i gatuplanet.",
            "Step-free entrance from the pedestrian street, lift to all floors and an accessible toilet. The desk is at street level.",
        ),
    ),
    DemoPlace(
        "kokkola-kotoutumispalvelut:sivistyskeskus",
        _t(
            "Kotoutumispalvelut, Sivistyskeskus",
            "Integrationstjänster, Bildningscentret",
            "Integration Services, Education Office",
        ),
        "Rantakatu 16",
        "67100",
        "Kokkola",
        "272",
        _STEP_FREE,
    ),
    DemoPlace(
        "kokkolan-kirjasto-ja-vapaa-aika:paakirjasto",
        _t("Kokkolan pääkirjasto", "Karleby huvudbibliotek", "Kokkola Main Library"),
        "Isokatu 3",
        "67100",
        "Kokkola",
        "272",
        _STEP_FREE,
    ),
    DemoPlace(
        "soite:keskussairaala",
        _t(
            "Soite, Kokkolan sote-kampus",
            "Soite, social- och hälsovårdscampus i Karleby",
            "Soite, Kokkola health and social services campus",
        ),
        "Mariankatu 16–20",
        "67200",
        "Kokkola",
        "272",
        _t(
            "Esteetön pääsisäänkäynti, pyörätuoleja lainattavissa aulassa, induktiosilmukka ilmoittautumisessa.",
            "Tillgänglig huvudentré, rullstolar att låna i entréhallen, hörslinga vid anmälan.",
            "Step-free main entrance, wheelchairs to borrow in the lobby, induction loop at registration.",
        ),
    ),
    DemoPlace(
        "kpedu:kalvia",
        _t("Kpedu, Kälviän toimipiste", "Kpedu, verksamhetsstället i Kelviå", "Kpedu, Kälviä unit"),
        "",
        "68300",
        "Kälviä",
        "272",
        _ASK,
    ),
    DemoPlace(
        "kokkolan-seudun-opisto:opetustilat",
        _t(
            "Kokkolan seudun opiston opetustilat",
            "Karlebynejdens instituts undervisningslokaler",
            "Kokkola Region College classrooms",
        ),
        "",
        "67100",
        "Kokkola",
        "272",
        _ASK,
    ),
    DemoPlace(
        "spr-kokkola:toimitila",
        _t(
            "SPR:n Kokkolan osaston toimitila",
            "Röda Korsets lokal i Karleby",
            "Red Cross Kokkola branch premises",
        ),
        "",
        "67100",
        "Kokkola",
        "272",
        _t(
            "Katutason tila, sisäänkäynnillä matala kynnys. Esteetön WC.",
            "Lokal i gatuplanet med låg tröskel vid entrén. Tillgänglig toalett.",
            "Street-level room with a low threshold at the door. Accessible toilet.",
        ),
    ),
    DemoPlace(
        "kokkolan-suomalainen-seurakunta:seurakuntakeskus",
        _t("Seurakuntakeskus", "Församlingscentret", "Parish centre"),
        "",
        "67100",
        "Kokkola",
        "272",
        _STEP_FREE,
    ),
    DemoPlace(
        "ehja:nuortentila",
        _t("Ehjä ry:n nuortentila", "Ehjä rf:s ungdomslokal", "Ehjä youth room"),
        "",
        "67100",
        "Kokkola",
        "272",
        _ASK,
    ),
    # Joensuu region
    DemoPlace(
        "toivo:siltakatu",
        _t("Kotouttamiskeskus Toivo", "Integrationscentret Toivo", "Toivo Integration Centre"),
        "Siltakatu 10",
        "80100",
        "Joensuu",
        "167",
        _t(
            "Toimisto on 5. kerroksessa; talossa on hissi. Esteetön WC samassa kerroksessa.",
            "Kontoret ligger på femte våningen; huset har hiss. Tillgänglig toalett på samma våning.",
            "The office is on the 5th floor; the building has a lift. Accessible toilet on the same floor.",
        ),
    ),
    DemoPlace(
        "toivo:outokumpu",
        _t(
            "Kotoutumisneuvonta Outokummussa",
            "Integrationsrådgivning i Outokumpu",
            "Integration advice in Outokumpu",
        ),
        "",
        "83500",
        "Outokumpu",
        "309",
        _ASK,
    ),
    DemoPlace(
        "joensuun-kulttuuri-ja-vapaa-aika:paakirjasto",
        _t("Joensuun pääkirjasto", "Joensuu huvudbibliotek", "Joensuu Main Library"),
        "Koskikatu 25",
        "80100",
        "Joensuu",
        "167",
        _STEP_FREE,
    ),
    DemoPlace(
        "spr-joensuu:kansalaistalo",
        _t("Kansalaistalo", "Medborgarhuset", "Citizens' House"),
        "Torikatu 30",
        "80100",
        "Joensuu",
        "167",
        _t(
            "Sisäänkäynti pihan puolelta ilman portaita; kokoustilat 1. kerroksessa.",
            "Entré från gården utan trappor; mötesrummen finns på första våningen.",
            "Entrance from the courtyard without steps; meeting rooms on the ground floor.",
        ),
    ),
    DemoPlace(
        "joensuun-setlementti:kansalaistalo",
        _t("Kansalaistalo", "Medborgarhuset", "Citizens' House"),
        "Torikatu 30",
        "80100",
        "Joensuu",
        "167",
        _t(
            "Sisäänkäynti pihan puolelta ilman portaita; kokoustilat 1. kerroksessa.",
            "Entré från gården utan trappor; mötesrummen finns på första våningen.",
            "Entrance from the courtyard without steps; meeting rooms on the ground floor.",
        ),
    ),
    DemoPlace(
        "siun-sote:keskussairaala",
        _t(
            "Siun sote, Pohjois-Karjalan keskussairaala",
            "Siun sote, Norra Karelens centralsjukhus",
            "Siun sote, North Karelia Central Hospital",
        ),
        "Tikkamäentie 16",
        "80210",
        "Joensuu",
        "167",
        _t(
            "Esteetön pääsisäänkäynti ja hissit; opasteet myös kuvasymbolein.",
            "Tillgänglig huvudentré och hissar; skyltning även med bildsymboler.",
            "Step-free main entrance and lifts; signs also with picture symbols.",
        ),
    ),
    DemoPlace(
        "riveria:lansikatu",
        _t("Riveria, Länsikadun kampus", "Riveria, campus Länsikatu", "Riveria, Länsikatu campus"),
        "Länsikatu 15",
        "80110",
        "Joensuu",
        "167",
        _STEP_FREE,
    ),
    DemoPlace(
        "joensuun-seurakunta:seurakuntakeskus",
        _t("Seurakuntakeskus", "Församlingscentret", "Parish centre"),
        "",
        "80100",
        "Joensuu",
        "167",
        _STEP_FREE,
    ),
)
