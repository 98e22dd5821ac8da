"""Each authority's role as an entry of its own (the Red Cross seed's tray has an authorities'
column; its 2017 authorities are out of date). Today's division of work (DOMAIN.md 1.4-1.11):
the municipality has the overall responsibility since 1.1.2025, the employment area serves
jobseekers, the wellbeing county joins the multi-professional assessment and plan, the
vitality centre (elinvoimakeskus, the successor of the ELY centre since 1.1.2026) directs
refugees to municipalities, KEHA-keskus pays the compensations and keeps the national Koto
client system; Migri, Kela and DVV decide on permits, social security and registration."""

from __future__ import annotations

from kotopolku.catalog.demo_entries import (
    ALL_DEMO_MUNICIPALITIES,
    APPOINTMENT,
    AUTHORITY,
    GUIDANCE,
    JOENSUU,
    OTHER,
    TRAINING,
    Contact,
    Entry,
)
from kotopolku.orgs.demo import JOENSUU_REGION, KESKI_POHJANMAA, KOKKOLA

ROLE = "authority_role"
FSE = ("fi", "sv", "en")


def role(
    owner: str,
    texts: str,
    municipalities: tuple[str, ...],
    contact: Contact,
    *,
    element: str = OTHER,
    targets: tuple[str, ...] = ("everyone",),
    reviewed_days_ago: int | None = None,
) -> Entry:
    return Entry(
        owner,
        texts,
        element,
        AUTHORITY,
        targets,
        FSE,
        municipalities,
        APPOINTMENT,
        contact=contact,
        kind=ROLE,
        reviewed_days_ago=reviewed_days_ago,
    )


MUNICIPALITY_ROLE = """
description.fi: Kunnalla on vuodesta 2025 kokonaisvastuu kotoutumisen edistämisestä (laki 681/2023). Kunta järjestää kotoutumisohjelman palvelut työvoiman ulkopuolella oleville: osaamisen ja kotoutumisen palvelutarpeen arvioinnin, kotoutumissuunnitelman, monikielisen yhteiskuntaorientaation, kotoutumiskoulutuksen ja ohjauksen ja neuvonnan. Kunta kutsuu hyvinvointialueen monialaiseen arviointiin ja suunnitelmaan, vastaanottaa kuntaan osoitetut pakolaiset ja seuraa ja päivittää kotoutumisohjelmaa.
description.sv: Kommunen har sedan 2025 helhetsansvaret för att främja integration (lag 681/2023). Kommunen ordnar integrationsprogrammets tjänster för personer utanför arbetskraften: bedömning, integrationsplan, flerspråkig samhällsorientering, integrationsutbildning samt handledning och rådgivning. Kommunen tar emot anvisade flyktingar och följer upp programmet.
description.en: Since 2025 the municipality has the overall responsibility for promoting integration (Act 681/2023). It provides the integration programme's services to people outside the labour force: the assessment, the integration plan, multilingual civic orientation, integration training, and guidance and counselling. It invites the wellbeing county to the multi-professional assessment and plan, receives refugees placed in the municipality and follows up and updates the programme.
"""
EMPLOYMENT_ROLE = """
description.fi: Työllisyysalue on työvoimaviranomainen, joka järjestää kotoutumisohjelman palvelut työnhakijoina oleville maahan muuttaneille: palvelutarpeen arvioinnin, kotoutumissuunnitelman, kotoutumiskoulutuksen työvoimakoulutuksena sekä työnhaun ja työllistymisen palvelut. Suunnitelmat kirjataan työvoimaviranomaisen järjestelmiin. Kun asiakkaan tilanne muuttuu, vastuu siirtyy kunnan ja työllisyysalueen välillä.
description.sv: Sysselsättningsområdet är arbetskraftsmyndigheten som ordnar integrationsprogrammets tjänster för arbetssökande inflyttade: bedömning, integrationsplan, integrationsutbildning som arbetskraftsutbildning samt tjänster för jobbsökning och sysselsättning.
description.en: The employment area is the employment authority that provides the integration programme's services to immigrants who are jobseekers: the assessment, the integration plan, integration training as labour-market training, and job-search and employment services. When a client's situation changes, responsibility passes between the municipality and the employment area.
"""
WELLBEING_ROLE = """
description.fi: Hyvinvointialue osallistuu kunnan tai työvoimaviranomaisen pyynnöstä monialaiseen palvelutarpeen arviointiin ja kotoutumissuunnitelmaan, kun asiakas tarvitsee yhteen sovitettuja sosiaali- ja terveyspalveluja. Suunnitelman laatiminen ja seuranta pysyvät kunnalla tai työllisyysalueella. Hyvinvointialue järjestää sosiaali- ja terveyspalvelut sekä ehkäisevän ja täydentävän toimeentulotuen; erityisen tärkeä rooli on kiintiöpakolaisten, ilman huoltajaa tulleiden ja ihmiskaupan uhrien palveluissa.
description.sv: Välfärdsområdet deltar på begäran av kommunen eller arbetskraftsmyndigheten i den sektorsövergripande bedömningen och integrationsplanen när klienten behöver samordnade social- och hälsotjänster. Välfärdsområdet ordnar social- och hälsovård samt förebyggande och kompletterande utkomststöd.
description.en: At the request of the municipality or the employment authority, the wellbeing county takes part in the multi-professional assessment and integration plan when a client needs coordinated social and health services; drawing up and following the plan stays with the municipality or employment area. The county provides social and health services and preventive and supplementary social assistance, with a key role for quota refugees, unaccompanied minors and victims of trafficking.
"""
VITALITY_ROLE = """
description.fi: Elinvoimakeskus jatkaa 1.1.2026 lakanneen ELY-keskuksen kotoutumistehtäviä: se osoittaa kiintiöpakolaiset ja muut kansainvälistä suojelua saaneet kuntiin ja sopii kuntien kanssa vastaanotosta, tekee päätökset erikseen haettavista kustannusten korvauksista ja neuvoo kuntia kotoutumisen suunnittelussa. Elinvoimakeskus kokoaa alueen toimijoita yhteen ja tukee kotoutumista edistäviä hankkeita.
description.sv: Livskraftscentralen fortsätter integrationsuppgifterna hos NTM-centralen som upphörde 1.1.2026: den anvisar kvotflyktingar och andra med internationellt skydd till kommuner, avtalar med kommunerna om mottagningen, beslutar om ersättningar som söks separat och ger kommunerna råd i integrationsplaneringen.
description.en: The vitality centre continues the integration tasks of the ELY centre, which ended on 1.1.2026: it directs quota refugees and others granted international protection to municipalities and agrees on their reception, decides on the compensations applied for separately, and advises municipalities on integration planning. It also brings the region's actors together and supports integration projects.
"""
LIBRARY_ROLE = """
description.fi: Kaupungin kirjasto- ja vapaa-aikapalvelut ovat kaikille avoimia: kirjastokortti kaikille, aineistoa monilla kielillä ja selkokielellä, digituki, kielikahvilat sekä nuoriso- ja liikuntapalvelut. Ne ovat kotoutumisohjelman osa 7: harrastuksiin ja kulttuuriin tutustumista ja niihin osallistumista.
description.sv: Stadens biblioteks- och fritidstjänster är öppna för alla: bibliotekskort för alla, material på många språk och lättläst, digistöd, språkcaféer samt ungdoms- och idrottstjänster.
description.en: The city's library and leisure services are open to everyone: a library card for all, materials in many languages and in plain language, digital help, language cafés, youth work and sports. They are part 7 of the integration programme: getting to know and taking part in leisure and culture.
"""

ENTRIES: tuple[Entry, ...] = (
    role(
        "kokkola-kotoutumispalvelut",
        """
        name.fi: Kunnan rooli: Kokkolan kotoutumispalvelut
        name.sv: Kommunens roll: Karleby stads integrationstjänster
        name.en: The municipality's role: Kokkola Integration Services
        summary.fi: Kokkola koordinoi kotoutumisohjelmaa ja palvelee työvoiman ulkopuolella olevia maahan muuttaneita; Welcome Office neuvoo kaikkia.
        summary.sv: Karleby samordnar integrationsprogrammet och betjänar inflyttade utanför arbetskraften; Welcome Office ger råd åt alla.
        summary.en: Kokkola coordinates the integration programme and serves immigrants outside the labour force; the Welcome Office advises everyone.
        """
        + MUNICIPALITY_ROLE,
        KOKKOLA,
        Contact(
            "Kotoutumisen vastuukoordinaattori", "kotoutumispalvelut@kokkola.example", "06 555 0100"
        ),
        element=GUIDANCE,
    ),
    role(
        "toivo",
        """
        name.fi: Kuntien rooli: Pohjois-Karjalan kotouttamiskeskus Toivo
        name.sv: Kommunernas roll: Integrationscentret Toivo i Norra Karelen
        name.en: The municipalities' role: Toivo Integration Centre of North Karelia
        summary.fi: Toivo hoitaa Joensuun seudun kuntien puolesta kotoutumisohjelman palvelut työvoiman ulkopuolella oleville ja tukee kuntien työntekijöitä.
        summary.sv: Toivo sköter integrationsprogrammets tjänster för personer utanför arbetskraften för kommunerna i Joensuu-regionen och stöder kommunernas personal.
        summary.en: Toivo provides the integration programme's services to people outside the labour force on behalf of the Joensuu region's municipalities and supports municipal staff.
        """
        + MUNICIPALITY_ROLE,
        JOENSUU_REGION,
        Contact("Seutukoordinaattori", "toivo@joensuu.example", "013 555 0100"),
        element=GUIDANCE,
    ),
    role(
        "keski-pohjanmaan-tyollisyysalue",
        """
        name.fi: Työllisyysalueen rooli: Keski-Pohjanmaan työllisyysalue
        name.sv: Sysselsättningsområdets roll: Mellersta Österbottens sysselsättningsområde
        name.en: The employment area's role: Central Ostrobothnia Employment Area
        summary.fi: Palvelee työnhakijoina olevia maahan muuttaneita; TE-toimistojen tehtävät siirtyivät työllisyysalueille vuoden 2025 alussa.
        summary.sv: Betjänar arbetssökande inflyttade; arbets- och näringsbyråernas uppgifter överfördes till sysselsättningsområdena i början av 2025.
        summary.en: Serves immigrants who are jobseekers; the TE offices' tasks moved to the employment areas at the start of 2025.
        """
        + EMPLOYMENT_ROLE,
        KESKI_POHJANMAA,
        Contact("Työllisyysasiantuntija", "kotoutuminen@kp-tyollisyysalue.example", "06 555 0200"),
        element=TRAINING,
        targets=("jobseekers",),
    ),
    role(
        "joensuun-seudun-tyollisyysalue",
        """
        name.fi: Työllisyysalueen rooli: Joensuun seudun työllisyysalue
        name.sv: Sysselsättningsområdets roll: Sysselsättningsområdet i Joensuu-regionen
        name.en: The employment area's role: Joensuu Region Employment Area
        summary.fi: Palvelee työnhakijoina olevia maahan muuttaneita kaikissa seudun kunnissa; TE-toimistojen tehtävät siirtyivät työllisyysalueille vuoden 2025 alussa.
        summary.sv: Betjänar arbetssökande inflyttade i alla kommuner i regionen; arbets- och näringsbyråernas uppgifter överfördes till sysselsättningsområdena 2025.
        summary.en: Serves immigrants who are jobseekers in every municipality of the region; the TE offices' tasks moved to the employment areas in 2025.
        """
        + EMPLOYMENT_ROLE,
        JOENSUU_REGION,
        Contact(
            "Työllisyysasiantuntija", "kotoutuminen@jns-tyollisyysalue.example", "013 555 0200"
        ),
        element=TRAINING,
        targets=("jobseekers",),
    ),
    role(
        "soite",
        """
        name.fi: Hyvinvointialueen rooli: Keski-Pohjanmaan hyvinvointialue Soite
        name.sv: Välfärdsområdets roll: Mellersta Österbottens välfärdsområde Soite
        name.en: The wellbeing county's role: Central Ostrobothnia Wellbeing Services County Soite
        summary.fi: Sosiaali- ja terveyspalvelut sekä osallistuminen monialaiseen arviointiin ja kotoutumissuunnitelmaan.
        summary.sv: Social- och hälsotjänster samt deltagande i den sektorsövergripande bedömningen och integrationsplanen.
        summary.en: Social and health services and taking part in the multi-professional assessment and integration plan.
        """
        + WELLBEING_ROLE,
        KESKI_POHJANMAA,
        Contact("Sosiaalityöntekijä", "maahanmuuttajat@soite.example", "06 555 0300"),
    ),
    role(
        "siun-sote",
        """
        name.fi: Hyvinvointialueen rooli: Pohjois-Karjalan hyvinvointialue Siun sote
        name.sv: Välfärdsområdets roll: Norra Karelens välfärdsområde Siun sote
        name.en: The wellbeing county's role: North Karelia Wellbeing Services County Siun sote
        summary.fi: Sosiaali- ja terveyspalvelut sekä osallistuminen monialaiseen arviointiin ja kotoutumissuunnitelmaan.
        summary.sv: Social- och hälsotjänster samt deltagande i den sektorsövergripande bedömningen och integrationsplanen.
        summary.en: Social and health services and taking part in the multi-professional assessment and integration plan.
        """
        + WELLBEING_ROLE,
        JOENSUU_REGION,
        Contact("Sosiaalityöntekijä", "maahanmuuttajatyo@siunsote.example", "013 555 0300"),
        reviewed_days_ago=240,
    ),
    role(
        "kokkolan-kirjasto-ja-vapaa-aika",
        """
        name.fi: Kaupungin kirjasto- ja vapaa-aikapalveluiden rooli Kokkolassa
        name.sv: Stadens biblioteks- och fritidstjänsters roll i Karleby
        name.en: The role of the city's library and leisure services in Kokkola
        summary.fi: Kaikille avoimet palvelut: kirjasto, Welcome Officen toimitila, kielikahvila, nuoriso- ja liikuntapalvelut.
        summary.sv: Tjänster öppna för alla: bibliotek, Welcome Offices lokal, språkcafé, ungdoms- och idrottstjänster.
        summary.en: Services open to everyone: the library, home of the Welcome Office, a language café, youth and sports services.
        """
        + LIBRARY_ROLE,
        KOKKOLA,
        Contact("Kirjastotoimenjohtaja", "kirjasto@kokkola.example", "06 555 0400"),
    ),
    role(
        "joensuun-kulttuuri-ja-vapaa-aika",
        """
        name.fi: Kaupungin kulttuuri- ja vapaa-aikapalveluiden rooli Joensuussa
        name.sv: Stadens kultur- och fritidstjänsters roll i Joensuu
        name.en: The role of the city's culture and leisure services in Joensuu
        summary.fi: Kaikille avoimet palvelut: kirjasto, kielikahvila, nuorisotilat ja liikuntapalvelut.
        summary.sv: Tjänster öppna för alla: bibliotek, språkcafé, ungdomsgårdar och idrottstjänster.
        summary.en: Services open to everyone: the library, a language café, youth centres and sports services.
        """
        + LIBRARY_ROLE,
        JOENSUU,
        Contact("Kirjastotoimenjohtaja", "kirjasto@joensuu.example", "013 555 0700"),
    ),
    role(
        "pohjanmaan-elinvoimakeskus",
        """
        name.fi: Elinvoimakeskuksen rooli: Pohjanmaan elinvoimakeskus
        name.sv: Livskraftscentralens roll: Österbottens livskraftscentral
        name.en: The vitality centre's role: Ostrobothnia Vitality Centre
        summary.fi: Pakolaisten kuntaan osoittaminen, sopimukset kuntien kanssa, erikseen haettavat korvaukset ja kuntien neuvonta.
        summary.sv: Anvisning av flyktingar till kommuner, avtal med kommunerna, ersättningar som söks separat och rådgivning till kommunerna.
        summary.en: Directing refugees to municipalities, agreements with municipalities, compensations applied for separately and advice to municipalities.
        """
        + VITALITY_ROLE,
        KESKI_POHJANMAA,
        Contact(
            "Maahanmuuttoasiantuntija",
            "kotoutuminen@pohjanmaan-elinvoimakeskus.example",
            "029 555 0100",
        ),
    ),
    role(
        "ita-suomen-elinvoimakeskus",
        """
        name.fi: Elinvoimakeskuksen rooli: Itä-Suomen elinvoimakeskus
        name.sv: Livskraftscentralens roll: Östra Finlands livskraftscentral
        name.en: The vitality centre's role: East Finland Vitality Centre
        summary.fi: Pakolaisten kuntaan osoittaminen, sopimukset kuntien kanssa, erikseen haettavat korvaukset ja kuntien neuvonta Pohjois-Karjalassa.
        summary.sv: Anvisning av flyktingar till kommuner, avtal med kommunerna, ersättningar som söks separat och rådgivning i Norra Karelen.
        summary.en: Directing refugees to municipalities, agreements with municipalities, compensations applied for separately and advice in North Karelia.
        """
        + VITALITY_ROLE,
        JOENSUU_REGION,
        Contact(
            "Maahanmuuttoasiantuntija",
            "kotoutuminen@ita-suomen-elinvoimakeskus.example",
            "029 555 0200",
        ),
    ),
    role(
        "keha-keskus",
        """
        name.fi: KEHA-keskuksen rooli: korvaukset ja kotoutumisen asiakastietojärjestelmä
        name.sv: KEHA-centrets roll: ersättningar och integrationens klientdatasystem
        name.en: KEHA Centre's role: compensations and the integration client system
        summary.fi: Maksaa kunnille ja hyvinvointialueille kotoutumislain mukaiset korvaukset ja ylläpitää valtakunnallista kotoutumisen asiakastietojärjestelmää.
        summary.sv: Betalar ersättningar enligt integrationslagen till kommuner och välfärdsområden och upprätthåller det nationella klientdatasystemet för integration.
        summary.en: Pays the compensations of the Integration Act to municipalities and wellbeing counties and maintains the national integration client system.
        description.fi: Laskennallinen korvaus maksetaan automaattisesti kuukausittain Maahanmuuttoviraston ja väestötietojärjestelmän tietojen perusteella, eikä kunnan tarvitse hakea sitä. Kuntien on otettava valtakunnallinen kotoutumisen asiakastietojärjestelmä käyttöön viimeistään 1.1.2027.
        description.sv: Den kalkylerade ersättningen betalas automatiskt varje månad utifrån Migrationsverkets och befolkningsdatasystemets uppgifter. Kommunerna ska ta i bruk det nationella klientdatasystemet senast 1.1.2027.
        description.en: The imputed compensation is paid automatically every month from the data of the Finnish Immigration Service and the Population Information System; municipalities do not apply for it. Municipalities must use the national integration client system from 1 January 2027 at the latest.
        """,
        ALL_DEMO_MUNICIPALITIES,
        Contact("Asiakaspalvelu", "kotoutumiskorvaukset@keha.example", "029 555 0300"),
    ),
    role(
        "migri",
        """
        name.fi: Maahanmuuttoviraston rooli: luvat, turvapaikka ja kansalaisuus
        name.sv: Migrationsverkets roll: tillstånd, asyl och medborgarskap
        name.en: The Finnish Immigration Service's role: permits, asylum and citizenship
        name.ar: دور دائرة الهجرة: الإقامات واللجوء والجنسية
        name.uk: Роль Міграційної служби: дозволи, притулок і громадянство
        summary.fi: Päättää oleskeluluvista, kansainvälisestä suojelusta ja kansalaisuudesta, rekisteröi EU-kansalaisten oleskeluoikeuden ja ohjaa vastaanottokeskuksia.
        summary.sv: Beslutar om uppehållstillstånd, internationellt skydd och medborgarskap, registrerar EU-medborgares uppehållsrätt och styr mottagningscentralerna.
        summary.en: Decides on residence permits, international protection and citizenship, registers EU citizens' right of residence and steers the reception centres.
        summary.ar: تقرر في تصاريح الإقامة والحماية الدولية والجنسية، وتشرف على مراكز الاستقبال.
        summary.uk: Приймає рішення щодо дозволів на проживання, міжнародного захисту та громадянства, керує центрами прийому.
        description.fi: Kotoutumispalvelut eivät päätä luvista; ne neuvovat, mistä lupaa haetaan, ja ohjaavat Maahanmuuttoviraston verkkoasiointiin. Oleskeluluvan myöntämispäivä ratkaisee, milloin kotoutumisohjelman palveluihin on oikeus.
        description.sv: Integrationstjänsterna beslutar inte om tillstånd; de ger råd om var man ansöker och hänvisar till Migrationsverkets e-tjänst.
        description.en: Integration services do not decide on permits; they advise where to apply and guide you to the Finnish Immigration Service's e-service. The date of the first permit decides when the integration programme's services are available.
        """,
        ALL_DEMO_MUNICIPALITIES,
        Contact("Neuvonta", "neuvonta@migri.example", "029 555 0400"),
    ),
    role(
        "kela",
        """
        name.fi: Kelan rooli: sosiaaliturva ja perustoimeentulotuki
        name.sv: FPA:s roll: social trygghet och grundläggande utkomststöd
        name.en: Kela's role: social security and basic social assistance
        name.fi-x-plain: Kela maksaa tukia, esimerkiksi lapsilisää ja asumistukea
        name.ru: Роль Kela: социальное обеспечение и базовое пособие
        summary.fi: Ratkaisee kuulumisen Suomen sosiaaliturvaan ja maksaa muun muassa perustoimeentulotuen, työttömyysetuudet, lapsilisän ja asumistuen.
        summary.sv: Avgör om du omfattas av den finska sociala tryggheten och betalar bland annat grundläggande utkomststöd, arbetslöshetsförmåner, barnbidrag och bostadsbidrag.
        summary.en: Decides whether you are covered by Finnish social security and pays basic social assistance, unemployment benefits, child benefit and housing allowance.
        summary.fi-x-plain: Kela päättää, saatko Suomen sosiaaliturvaa. Kela maksaa esimerkiksi lapsilisää, asumistukea ja toimeentulotukea.
        summary.ru: Kela решает, распространяется ли на вас финское социальное обеспечение, и выплачивает базовое пособие, пособие на ребёнка и жилищное пособие.
        description.fi: Ehkäisevä ja täydentävä toimeentulotuki haetaan hyvinvointialueelta. Kotoutumissuunnitelman aikana maksettava työttömyysetuus edellyttää suunnitelman mukaisiin palveluihin osallistumista.
        description.sv: Förebyggande och kompletterande utkomststöd söks hos välfärdsområdet.
        description.en: Preventive and supplementary social assistance is applied for from the wellbeing county. Unemployment benefit during the integration plan requires taking part in the services agreed in the plan.
        """,
        ALL_DEMO_MUNICIPALITIES,
        Contact("Palveluneuvoja", "neuvonta@kela.example", "020 555 0500"),
    ),
    role(
        "dvv",
        """
        name.fi: Digi- ja väestötietoviraston rooli: kotikunta, osoite ja henkilötunnus
        name.sv: Myndigheten för digitalisering och befolkningsdatas roll: hemkommun, adress och personbeteckning
        name.en: The Digital and Population Data Services Agency's role: municipality of residence, address and identity code
        name.fi-x-plain: DVV: ilmoita osoitteesi ja saat kotikunnan
        summary.fi: Rekisteröi ulkomaalaisen tiedot väestötietojärjestelmään, antaa henkilötunnuksen ja päättää kotikunnasta.
        summary.sv: Registrerar utlänningars uppgifter i befolkningsdatasystemet, ger personbeteckning och beslutar om hemkommun.
        summary.en: Registers foreigners in the Population Information System, issues the personal identity code and decides on the municipality of residence.
        summary.fi-x-plain: Kun muutat Suomeen tai muutat uuteen asuntoon, ilmoita osoitteesi DVV:lle.
        description.fi: Kotikunta ratkaisee, minkä kunnan palveluita käytetään; tilapäistä suojelua saava voi saada kotikunnan vuoden oleskelun jälkeen.
        description.sv: Hemkommunen avgör vilken kommuns tjänster man använder; den som har tillfälligt skydd kan få hemkommun efter ett års vistelse.
        description.en: The municipality of residence decides whose services you use; a temporary-protection holder can get one after a year of residence.
        """,
        ALL_DEMO_MUNICIPALITIES,
        Contact("Asiakaspalvelu", "asiakaspalvelu@dvv.example", "029 555 0600"),
    ),
)
