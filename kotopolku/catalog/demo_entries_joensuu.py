"""The Joensuu region's demo entries by the authorities and the education provider: the
regional integration centre Toivo (its early-stage model of the seed: non-stop Finnish and
group guidance by year), the employment area, Siun sote and Riveria."""

from __future__ import annotations

from kotopolku.catalog.demo_entries import (
    APPOINTMENT,
    ASSESSMENT,
    CIVIC,
    DROP_IN,
    EARLY,
    GUIDANCE,
    JOENSUU,
    LANGUAGE,
    OTHER,
    PLAN,
    RECURRING,
    TRAINING,
    Contact,
    Entry,
    on_day,
    weekly,
)
from kotopolku.orgs.demo import JOENSUU_REGION

FREE = """
cost_text.fi: Maksuton.
cost_text.sv: Avgiftsfri.
cost_text.en: Free of charge.
"""
INTERPRETER = """
how_to_join.fi: Varaa aika puhelimitse tai sähköpostilla. Tulkki järjestetään tarvittaessa maksutta.
how_to_join.sv: Boka tid per telefon eller e-post. Tolk ordnas vid behov utan kostnad.
how_to_join.en: Book an appointment by phone or e-mail. An interpreter is arranged free of charge when needed.
"""
TOIVO = Contact("Kotoutumisohjaaja", "toivo@joensuu.example", "013 555 0100")
TYO = Contact("Työllisyysasiantuntija", "kotoutuminen@jns-tyollisyysalue.example", "013 555 0200")
SIUN = Contact("Sosiaalityöntekijä", "maahanmuuttajatyo@siunsote.example", "013 555 0300")
RIVERIA = Contact("Opinto-ohjaaja", "maahanmuuttajakoulutus@riveria.example", "013 555 0800")
SILTAKATU = ("toivo:siltakatu",)

ENTRIES: tuple[Entry, ...] = (
    Entry(
        "toivo",
        """
        name.fi: Osaamisen ja kotoutumisen palvelutarpeen arviointi
        name.sv: Bedömning av kompetens och integrationsbehov
        name.en: Assessment of skills and integration needs
        name.fi-x-plain: Alkuhaastattelu: mitä osaat ja mitä tarvitset
        summary.fi: Toivon virkailija selvittää kanssasi kielitaidon, koulutuksen, työkokemuksen ja palvelutarpeet kaikissa seudun kunnissa.
        summary.sv: En tjänsteinnehavare på Toivo går igenom språkkunskaper, utbildning, arbetserfarenhet och servicebehov i alla kommuner i regionen.
        summary.en: A Toivo official goes through your language skills, education, work experience and service needs, in every municipality of the region.
        summary.fi-x-plain: Keskustelemme siitä, mitä osaat ja millaista apua tarvitset.
        description.fi: Arviointi tehdään työvoiman ulkopuolella oleville; työttömät työnhakijat arvioi työllisyysalue. Tarvittaessa arviointi tehdään monialaisesti Siun soten kanssa. Arviointi on mahdollinen kolmen vuoden ajan ensimmäisestä oleskeluluvasta.
        description.sv: Bedömningen görs för personer utanför arbetskraften; arbetslösa arbetssökande bedöms av sysselsättningsområdet.
        description.en: The assessment is for people outside the labour force; unemployed jobseekers are assessed by the employment area. It is available for three years from the first residence permit.
        """
        + INTERPRETER
        + FREE,
        ASSESSMENT,
        EARLY,
        ("adults", "parents_at_home", "quota_refugees"),
        ("fi", "en", "ru"),
        JOENSUU_REGION,
        APPOINTMENT,
        places=SILTAKATU,
        contact=TOIVO,
        reviewed_days_ago=260,
    ),
    Entry(
        "toivo",
        """
        name.fi: Kotoutumissuunnitelma ja oma ohjaaja
        name.sv: Integrationsplan och egen handledare
        name.en: Integration plan and your own counsellor
        name.fa: برنامه ادغام و مشاور شخصی
        summary.fi: Jokaisella asiakkaalla on oma kotoutumisohjaaja, joka laatii kanssasi suunnitelman ja etsii sopivat palvelut verkostosta.
        summary.sv: Varje klient har en egen integrationshandledare som gör upp planen med dig och hittar tjänster i nätverket.
        summary.en: Every client has their own integration counsellor who draws up the plan with you and finds suitable services in the network.
        summary.fa: هر مراجعه‌کننده یک مشاور شخصی دارد که با شما برنامه ادغام را تهیه می‌کند و خدمات مناسب را پیدا می‌کند.
        description.fi: Ensimmäinen suunnitelma tehdään enintään vuodeksi, ja siihen kirjataan tavoitteet, kieliopinnot, järjestötoiminta ja seuranta. Ohjaaja ohjaa palveluihin kuuden kuukauden kuluessa suunnitelman laatimisesta.
        description.sv: Den första planen görs för högst ett år med mål, språkstudier, föreningsverksamhet och uppföljning.
        description.en: The first plan covers at most one year and records goals, language studies, NGO activities and follow-up. You are referred to services within six months of the plan.
        """
        + INTERPRETER
        + FREE,
        PLAN,
        EARLY,
        ("adults", "parents_at_home", "families"),
        ("fi", "en", "ru", "ar", "fa"),
        JOENSUU_REGION,
        APPOINTMENT,
        places=SILTAKATU,
        contact=TOIVO,
    ),
    Entry(
        "toivo",
        """
        name.fi: Ryhmäohjaus 1. vuosi: yhteiskuntaorientaatio
        name.sv: Grupphandledning år 1: samhällsorientering
        name.en: Group guidance, year 1: civic orientation
        name.ru: Групповые занятия, 1-й год: ориентация в обществе
        name.ar: الإرشاد الجماعي، السنة الأولى: التوجيه المجتمعي
        summary.fi: Teemat: mitä kotoutuminen on, Suomen historia ja yhteiskunta, uskonto Suomessa, Kela-asiat, pankki ja vakuutukset, vanhemmuus ja perhe.
        summary.sv: Teman: vad integration är, Finlands historia och samhälle, religion, FPA, bank och försäkringar, föräldraskap och familj.
        summary.en: Topics: what integration means, Finnish history and society, religion in Finland, Kela, banking and insurance, parenthood and family.
        summary.ru: Темы: что такое интеграция, история и общество Финляндии, Kela, банк и страхование, семья.
        summary.ar: المواضيع: معنى الاندماج، تاريخ فنلندا ومجتمعها، خدمات Kela، البنوك والتأمين، الأسرة.
        description.fi: Ryhmät pyritään pitämään asiakkaiden äidinkielellä tai asiointikielellä: suomeksi, englanniksi, venäjäksi, arabiaksi ja ukrainaksi, muilla kielillä tarpeen mukaan. Jokainen teema käydään läpi vähintään kerran neljännesvuodessa.
        description.sv: Grupperna hålls på finska, engelska, ryska, arabiska och ukrainska, på andra språk vid behov.
        description.en: Groups are held in Finnish, English, Russian, Arabic and Ukrainian, other languages as needed. Every topic runs at least once a quarter.
        how_to_join.fi: Kotoutumisohjaaja ilmoittaa sinut ryhmään.
        how_to_join.sv: Din integrationshandledare anmäler dig till gruppen.
        how_to_join.en: Your integration counsellor enrols you in the group.
        schedule_text.fi: Tiistaisin klo 13–15.
        schedule_text.sv: Tisdagar kl. 13–15.
        schedule_text.en: Tuesdays 13–15.
        """
        + FREE,
        CIVIC,
        EARLY,
        ("adults",),
        ("fi", "en", "ru", "ar", "uk"),
        JOENSUU_REGION,
        RECURRING,
        times=(weekly(1, "13:00", "15:00"),),
        places=SILTAKATU,
        contact=TOIVO,
    ),
    Entry(
        "toivo",
        """
        name.fi: Ryhmäohjaus 2.–3. vuosi: arjen oikeudet ja kansalaisuus
        name.sv: Grupphandledning år 2–3: rättigheter i vardagen och medborgarskap
        name.en: Group guidance, years 2–3: everyday rights and citizenship
        summary.fi: Teemat: oleskelulupa-asiat, tasa-arvo ja demokratia, asuminen ja paloturvallisuus, kuntalaisen oikeudet, Suomen kansalaisuus ja kun kotoutumisohjelma päättyy.
        summary.sv: Teman: uppehållstillstånd, jämställdhet och demokrati, boende och brandsäkerhet, kommuninvånarens rättigheter och finskt medborgarskap.
        summary.en: Topics: residence permits, equality and democracy, housing and fire safety, residents' rights, Finnish citizenship and life after the programme.
        how_to_join.fi: Kotoutumisohjaaja ilmoittaa sinut ryhmään.
        how_to_join.sv: Din integrationshandledare anmäler dig till gruppen.
        how_to_join.en: Your integration counsellor enrols you in the group.
        schedule_text.fi: Torstaisin klo 13–15.
        schedule_text.sv: Torsdagar kl. 13–15.
        schedule_text.en: Thursdays 13–15.
        """
        + FREE,
        CIVIC,
        EARLY,
        ("adults",),
        ("fi", "en", "ru", "ar"),
        JOENSUU_REGION,
        RECURRING,
        times=(weekly(3, "13:00", "15:00"),),
        places=SILTAKATU,
        contact=TOIVO,
    ),
    Entry(
        "toivo",
        """
        name.fi: Non-stop suomen kieli: keskusteluryhmät
        name.sv: Non-stop finska: samtalsgrupper
        name.en: Non-stop Finnish: conversation groups
        summary.fi: Jatkuvasti alkavat suomen keskusteluryhmät alkeis- ja jatkotasolle; voit aloittaa milloin tahansa.
        summary.sv: Samtalsgrupper i finska som börjar hela tiden, på nybörjar- och fortsättningsnivå.
        summary.en: Finnish conversation groups you can join at any time, for beginners and continuing learners.
        how_to_join.fi: Tule paikalle tai kysy kotoutumisohjaajalta.
        how_to_join.sv: Kom på plats eller fråga din integrationshandledare.
        how_to_join.en: Just come or ask your integration counsellor.
        schedule_text.fi: Alkeistaso maanantaisin ja jatkotaso torstaisin klo 10–12.
        schedule_text.sv: Nybörjarnivå måndagar och fortsättningsnivå torsdagar kl. 10–12.
        schedule_text.en: Beginners on Mondays, continuing level on Thursdays, 10–12.
        """
        + FREE,
        LANGUAGE,
        EARLY,
        ("adults",),
        ("fi",),
        JOENSUU,
        RECURRING,
        times=(weekly(0, "10:00", "12:00"), weekly(3, "10:00", "12:00")),
        places=SILTAKATU,
        contact=TOIVO,
    ),
    Entry(
        "toivo",
        """
        name.fi: Kiintiöpakolaisten vastaanotto ja alkuvaiheen ohjaus
        name.sv: Mottagning av kvotflyktingar och handledning i början
        name.en: Reception of quota refugees and early guidance
        summary.fi: Asunnon ja kodin perustarvikkeiden valmistelu, vastaanotto saapumispäivänä ja tiivis ohjaus ensimmäisinä kuukausina.
        summary.sv: Förberedelse av bostad och hem, mottagning på ankomstdagen och tät handledning de första månaderna.
        summary.en: Preparing the home, meeting you on the day of arrival and close guidance during the first months.
        description.fi: Toivo hoitaa kuntien puolesta kuntaan osoitettujen pakolaisten vastaanoton yhdessä Siun soten, Kelan ja järjestöjen kanssa.
        description.sv: Toivo sköter mottagningen av anvisade flyktingar för kommunernas räkning tillsammans med Siun sote, FPA och organisationer.
        description.en: Toivo receives refugees placed in the region's municipalities together with Siun sote, Kela and NGOs.
        how_to_join.fi: Palvelu alkaa, kun kunta on päättänyt vastaanotosta.
        how_to_join.sv: Tjänsten börjar när kommunen har beslutat om mottagningen.
        how_to_join.en: The service starts once the municipality has decided on the reception.
        """
        + FREE,
        GUIDANCE,
        EARLY,
        ("quota_refugees", "families"),
        ("fi", "en", "ar"),
        JOENSUU_REGION,
        APPOINTMENT,
        places=SILTAKATU,
        contact=TOIVO,
    ),
    Entry(
        "toivo",
        """
        name.fi: Kotoutumisneuvonta Outokummussa
        name.sv: Integrationsrådgivning i Outokumpu
        name.en: Integration advice in Outokumpu
        summary.fi: Toivon ohjaaja päivystää Outokummussa: neuvontaa ilman ajanvarausta.
        summary.sv: Toivos handledare har jour i Outokumpu: rådgivning utan tidsbokning.
        summary.en: A Toivo counsellor visits Outokumpu: advice without an appointment.
        how_to_join.fi: Tule paikalle päivystysaikana.
        how_to_join.sv: Kom under jourtiden.
        how_to_join.en: Come during the drop-in hours.
        schedule_text.fi: Kerran kuussa klo 10–14, seuraavat päivät kalenterissa.
        schedule_text.sv: En gång i månaden kl. 10–14, nästa datum i kalendern.
        schedule_text.en: Once a month 10–14; the next dates are listed.
        """
        + FREE,
        GUIDANCE,
        EARLY,
        ("everyone",),
        ("fi", "en", "ru"),
        ("309",),
        DROP_IN,
        times=(on_day(6, "10:00", "14:00"), on_day(34, "10:00", "14:00")),
        places=("toivo:outokumpu",),
        contact=TOIVO,
    ),
    Entry(
        "toivo",
        """
        name.fi: Darinkielinen naisten ryhmä (suunnitteilla)
        name.en: Women's group in Dari (being planned)
        name.prs: گروه زنان به زبان دری (در حال برنامه‌ریزی)
        summary.fi: Viikoittainen ryhmä naisille arjen asioista. Ryhmälle etsitään darinkielistä ohjaajaa.
        summary.en: A weekly group for women on everyday matters. A Dari-speaking leader is being sought.
        summary.prs: دیدار هفته‌وار برای زنان: گفتگو درباره زندگی روزمره در فنلاند.
        """,
        OTHER,
        EARLY,
        ("women",),
        ("prs", "fi"),
        JOENSUU,
        RECURRING,
        times=(weekly(4, "10:00", "12:00"),),
        contact=TOIVO,
        status="draft",
    ),
    # Joensuu Region Employment Area
    Entry(
        "joensuun-seudun-tyollisyysalue",
        """
        name.fi: Työnhakijan osaamisen ja kotoutumisen palvelutarpeen arviointi ja kotoutumissuunnitelma
        name.sv: Bedömning av kompetens och integrationsbehov samt integrationsplan för arbetssökande
        name.en: Assessment and integration plan for jobseekers
        summary.fi: Työttömille työnhakijoille tehtävä arviointi ja kotoutumissuunnitelma, tarvittaessa monialaisesti Siun soten kanssa.
        summary.sv: Bedömning och integrationsplan för arbetslösa arbetssökande, vid behov sektorsövergripande med Siun sote.
        summary.en: The assessment and integration plan for unemployed jobseekers, multi-professionally with Siun sote when needed.
        how_to_join.fi: Ilmoittaudu työnhakijaksi Työmarkkinatorilla; sinuun otetaan yhteyttä.
        how_to_join.sv: Anmäl dig som arbetssökande på Jobbmarknaden; du blir kontaktad.
        how_to_join.en: Register as a jobseeker on the Job Market Finland service; you will be contacted.
        """
        + FREE,
        ASSESSMENT,
        EARLY,
        ("jobseekers",),
        ("fi", "sv", "en"),
        JOENSUU_REGION,
        APPOINTMENT,
        contact=TYO,
    ),
    Entry(
        "joensuun-seudun-tyollisyysalue",
        """
        name.fi: Työvalmennus maahan muuttaneille
        name.sv: Arbetsträning för inflyttade
        name.en: Job coaching for immigrants
        summary.fi: Valmentaja auttaa löytämään työ- tai harjoittelupaikan ja tukee alussa työpaikalla.
        summary.sv: En coach hjälper dig att hitta ett jobb eller en praktikplats och stöder dig i början på arbetsplatsen.
        summary.en: A coach helps you find a job or work placement and supports you at the start of the job.
        how_to_join.fi: Kysy omalta asiantuntijaltasi.
        how_to_join.sv: Fråga din egen expert.
        how_to_join.en: Ask your own employment expert.
        schedule_text.fi: Ryhmätapaaminen tiistaisin klo 14.30–16.
        schedule_text.sv: Gruppträff tisdagar kl. 14.30–16.
        schedule_text.en: Group meeting on Tuesdays 14.30–16.
        """
        + FREE,
        LANGUAGE,
        EARLY,
        ("jobseekers",),
        ("fi", "en"),
        JOENSUU,
        RECURRING,
        times=(weekly(1, "14:30", "16:00"),),
        contact=TYO,
    ),
    # Siun sote, the wellbeing county
    Entry(
        "siun-sote",
        """
        name.fi: Maahan muuttaneen terveystarkastus
        name.sv: Hälsoundersökning för inflyttade
        name.en: Health check for newcomers
        name.fi-x-plain: Terveystarkastus, kun olet muuttanut Suomeen
        summary.fi: Terveydenhoitajan tarkastus, rokotusten tarkistus ja tarvittaessa ohjaus lääkärille.
        summary.sv: Undersökning hos hälsovårdare, kontroll av vaccinationer och vid behov remiss till läkare.
        summary.en: A check with a public health nurse, vaccination review and referral to a doctor when needed.
        summary.fi-x-plain: Hoitaja tarkistaa terveytesi ja rokotuksesi. Tarkastus on maksuton.
        """
        + INTERPRETER
        + FREE,
        OTHER,
        EARLY,
        ("quota_refugees", "adults", "families"),
        ("fi", "en"),
        JOENSUU,
        APPOINTMENT,
        places=("siun-sote:keskussairaala",),
        contact=Contact("Terveydenhoitaja", "terveystarkastus@siunsote.example", "013 555 0301"),
    ),
    Entry(
        "siun-sote",
        """
        name.fi: Maahan muuttaneiden sosiaalityö
        name.sv: Socialt arbete för inflyttade
        name.en: Social work with immigrants
        summary.fi: Tukea toimeentuloon, asumiseen, lastensuojeluun ja elämänhallintaan; mukana monialaisessa arvioinnissa ja suunnitelmassa.
        summary.sv: Stöd med utkomst, boende, barnskydd och livshantering; deltar i den sektorsövergripande bedömningen och planen.
        summary.en: Support with income, housing, child welfare and coping; takes part in the multi-professional assessment and plan.
        """
        + INTERPRETER
        + FREE,
        GUIDANCE,
        EARLY,
        ("adults", "families"),
        ("fi", "en"),
        JOENSUU_REGION,
        APPOINTMENT,
        contact=SIUN,
    ),
    # Riveria
    Entry(
        "riveria",
        """
        name.fi: Kotoutumiskoulutus
        name.sv: Integrationsutbildning
        name.en: Integration training
        summary.fi: Suomen kielen ja yhteiskunta- ja työelämätaitojen koulutus työnhakijoille; päättyy kielitaidon päättötestaukseen.
        summary.sv: Utbildning i finska och samhälls- och arbetslivsfärdigheter för arbetssökande; avslutas med ett slutligt språktest.
        summary.en: Finnish and civic and working-life skills for jobseekers, ending with the final language test.
        how_to_join.fi: Haku työllisyysalueen kautta.
        how_to_join.sv: Ansökan via sysselsättningsområdet.
        how_to_join.en: Apply through the employment area.
        schedule_text.fi: Ma–pe klo 8.15–14.
        schedule_text.sv: Mån–fre kl. 8.15–14.
        schedule_text.en: Mon–Fri 8.15–14.
        """
        + FREE,
        TRAINING,
        EARLY,
        ("jobseekers",),
        ("fi",),
        JOENSUU,
        RECURRING,
        times=tuple(weekly(day, "08:15", "14:00") for day in range(5)),
        places=("riveria:lansikatu",),
        contact=RIVERIA,
        starts_in_days=28,
        ends_in_days=310,
    ),
    Entry(
        "riveria",
        """
        name.fi: Luku- ja kirjoitustaidon koulutus
        name.sv: Utbildning i läs- och skrivfärdighet
        name.en: Literacy training
        summary.fi: Aikuisille, jotka opettelevat lukemaan ja kirjoittamaan tai latinalaiset kirjaimet.
        summary.sv: För vuxna som lär sig läsa och skriva eller det latinska alfabetet.
        summary.en: For adults learning to read and write or learning the Latin alphabet.
        how_to_join.fi: Kotoutumisohjaaja tai työllisyysalueen asiantuntija ohjaa koulutukseen.
        how_to_join.sv: Integrationshandledaren eller sysselsättningsexperten hänvisar till utbildningen.
        how_to_join.en: Your counsellor or employment expert refers you to the training.
        schedule_text.fi: Ma–to klo 8.15–12.15.
        schedule_text.sv: Mån–tors kl. 8.15–12.15.
        schedule_text.en: Mon–Thu 8.15–12.15.
        """
        + FREE,
        LANGUAGE,
        EARLY,
        ("literacy",),
        ("fi",),
        JOENSUU,
        RECURRING,
        times=tuple(weekly(day, "08:15", "12:15") for day in range(4)),
        places=("riveria:lansikatu",),
        contact=RIVERIA,
    ),
    Entry(
        "riveria",
        """
        name.fi: Tutkintokoulutukseen valmentava koulutus (TUVA) maahan muuttaneille nuorille
        name.sv: Handledande utbildning för examensutbildning (Hux) för unga inflyttade
        name.en: Preparatory education for upper secondary studies (TUVA) for young immigrants
        summary.fi: Nuorille, jotka tarvitsevat suomen kieltä ja opiskelutaitoja ennen ammatillisia opintoja; Joensuussa ja Outokummussa.
        summary.sv: För unga som behöver finska och studiefärdigheter före yrkesstudier; i Joensuu och Outokumpu.
        summary.en: For young people who need Finnish and study skills before vocational studies; in Joensuu and Outokumpu.
        how_to_join.fi: Haku yhteishaussa tai jatkuvassa haussa; opinto-ohjaaja neuvoo.
        how_to_join.sv: Ansökan i den gemensamma ansökan eller den kontinuerliga ansökan; studiehandledaren hjälper.
        how_to_join.en: Apply in the joint application or continuous application; the study counsellor helps.
        """
        + FREE,
        LANGUAGE,
        EARLY,
        ("youth", "students"),
        ("fi",),
        ("167", "309"),
        RECURRING,
        times=tuple(weekly(day, "08:15", "14:00") for day in range(5)),
        places=("riveria:lansikatu",),
        contact=RIVERIA,
    ),
)
