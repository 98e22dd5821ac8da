"""Kokkola's demo entries: the city's integration services, the employment area, Soite and the
city's library and leisure services (the seed's programme, parts 1-7)."""

from __future__ import annotations

from kotopolku.catalog.demo_entries import (
    APPOINTMENT,
    ASSESSMENT,
    CIVIC,
    DROP_IN,
    EARLY,
    GUIDANCE,
    LANGUAGE,
    OPEN,
    OTHER,
    PLAN,
    RECURRING,
    TRAINING,
    Contact,
    Entry,
    weekly,
)
from kotopolku.orgs.demo import KESKI_POHJANMAA, KOKKOLA

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
KOTO = Contact("Kotoutumisohjaaja", "kotoutumispalvelut@kokkola.example", "06 555 0100")
WELCOME = Contact("Welcome Office -neuvoja", "welcomeoffice@kokkola.example", "06 555 0101")
TYO = Contact("Työllisyysasiantuntija", "kotoutuminen@kp-tyollisyysalue.example", "06 555 0200")
SOITE = Contact("Sosiaaliohjaaja", "maahanmuuttajat@soite.example", "06 555 0300")
LIB = Contact("Kirjastonhoitaja", "kirjasto@kokkola.example", "06 555 0400")

ENTRIES: tuple[Entry, ...] = (
    Entry(
        "kokkola-kotoutumispalvelut",
        """
        name.fi: Welcome Office – neuvonta ja ohjaus maahan muuttaneille
        name.sv: Welcome Office – rådgivning och handledning för inflyttade
        name.en: Welcome Office – advice and guidance for immigrants
        name.fi-x-plain: Welcome Office – neuvontaa maahan muuttaneille
        name.ar: مكتب الترحيب – معلومات وإرشاد للمهاجرين
        name.ru: Welcome Office – консультации для иммигрантов
        name.uk: Welcome Office – консультації для іммігрантів
        summary.fi: Kaupungin tieto-, neuvonta- ja ohjauspalvelu kaikille maahan muuttaneille maahantulon syystä riippumatta, pääkirjastolla.
        summary.sv: Stadens informations-, rådgivnings- och handledningstjänst för alla inflyttade oavsett orsak till inflyttningen, på huvudbiblioteket.
        summary.en: The city's information, advice and guidance service for all immigrants whatever their reason for moving, at the main library.
        summary.fi-x-plain: Saat neuvoja arjen asioihin. Voit tulla ilman ajanvarausta.
        summary.ar: معلومات وإرشاد لجميع المهاجرين في كوكولا، بدون موعد أو بموعد مسبق.
        summary.ru: Информация и консультации для всех переехавших в Кокколу, без записи или по записи.
        summary.uk: Інформація та консультації для всіх, хто переїхав до Кокколи, без запису або за записом.
        description.fi: Welcome Office neuvoo esimerkiksi asumisessa, Kela- ja verotusasioissa, kielikursseissa, työnhaussa ja harrastuksissa sekä ohjaa oikeaan palveluun. Kiintiöpakolaiset, kansainvälistä suojelua saaneet ja kotikunnan saaneet tilapäistä suojelua saavat ohjausta koko kotoutumisohjelman ajan. Tarvittaessa neuvontaa on myös työllisyysalueen toimipisteessä.
        description.sv: Welcome Office ger råd om till exempel boende, FPA- och skatteärenden, språkkurser, jobbsökning och fritid och hänvisar till rätt tjänst. Kvotflyktingar, personer med internationellt skydd och personer med tillfälligt skydd som fått hemkommun får handledning under hela integrationsprogrammet.
        description.en: The Welcome Office advises on housing, Kela and tax matters, language courses, job seeking and leisure, and guides you to the right service. Quota refugees, people granted international protection and temporary-protection holders with a municipality of residence get guidance throughout the integration programme.
        description.fi-x-plain: Voit kysyä esimerkiksi asunnosta, Kelasta, veroista ja suomen kielen kursseista. Neuvoja auttaa sinua löytämään oikean palvelun.
        how_to_join.fi: Tule paikalle aukioloaikana tai varaa aika puhelimitse. Palvelu on maksuton.
        how_to_join.sv: Kom under öppettiderna eller boka tid per telefon. Tjänsten är avgiftsfri.
        how_to_join.en: Drop in during opening hours or book a time by phone. The service is free.
        how_to_join.fi-x-plain: Tule kirjastoon, kun Welcome Office on auki. Voit myös soittaa ja varata ajan.
        schedule_text.fi: Ma ja to klo 10–15, ke klo 12–16. Muina aikoina ajanvarauksella.
        schedule_text.sv: Mån och tors kl. 10–15, ons kl. 12–16. Andra tider enligt överenskommelse.
        schedule_text.en: Mon and Thu 10–15, Wed 12–16. Other times by appointment.
        """
        + FREE,
        GUIDANCE,
        EARLY,
        ("everyone",),
        ("fi", "sv", "en", "ru", "uk", "ar"),
        KOKKOLA,
        DROP_IN,
        times=(
            weekly(0, "10:00", "15:00"),
            weekly(2, "12:00", "16:00"),
            weekly(3, "10:00", "15:00"),
        ),
        places=("kokkola-kotoutumispalvelut:paakirjasto",),
        contact=WELCOME,
    ),
    Entry(
        "kokkola-kotoutumispalvelut",
        """
        name.fi: Osaamisen ja kotoutumisen palvelutarpeen arviointi työvoiman ulkopuolella oleville
        name.sv: Bedömning av kompetens och integrationsbehov för personer utanför arbetskraften
        name.en: Assessment of skills and integration needs for people outside the labour force
        name.fi-x-plain: Alkuhaastattelu: mitä osaat ja mitä palveluja tarvitset
        summary.fi: Virkailija selvittää kanssasi kielitaitosi, koulutuksesi, työkokemuksesi ja palvelutarpeesi. Tarvittaessa arviointi tehdään monialaisesti yhdessä Soiten kanssa.
        summary.sv: En tjänsteinnehavare utreder tillsammans med dig dina språkkunskaper, utbildning, arbetserfarenhet och servicebehov. Vid behov görs bedömningen sektorsövergripande med Soite.
        summary.en: An official goes through your language skills, education, work experience and service needs with you. When needed, the assessment is multi-professional together with Soite.
        summary.fi-x-plain: Keskustelemme siitä, mitä osaat ja millaista apua tarvitset.
        description.fi: Arviointi on tarkoitettu esimerkiksi kotona lapsia hoitaville, kansainvälistä suojelua saaneille ja muille, jotka eivät ole työnhakijoina. Työttömät työnhakijat saavat arvioinnin Keski-Pohjanmaan työllisyysalueelta. Alkuhaastattelun tekee aina virkasuhteinen työntekijä.
        description.sv: Bedömningen är avsedd till exempel för föräldrar som sköter barn hemma, personer med internationellt skydd och andra som inte är arbetssökande. Arbetslösa arbetssökande får bedömningen av sysselsättningsområdet.
        description.en: The assessment is for example for parents caring for children at home, people granted international protection and others who are not jobseekers. Unemployed jobseekers are assessed by the Central Ostrobothnia Employment Area.
        """
        + INTERPRETER
        + FREE,
        ASSESSMENT,
        EARLY,
        ("adults", "parents_at_home", "quota_refugees"),
        ("fi", "sv", "en"),
        KOKKOLA,
        APPOINTMENT,
        places=("kokkola-kotoutumispalvelut:sivistyskeskus",),
        contact=KOTO,
        reviewed_days_ago=230,
    ),
    Entry(
        "kokkola-kotoutumispalvelut",
        """
        name.fi: Kotoutumissuunnitelma työvoiman ulkopuolella oleville
        name.sv: Integrationsplan för personer utanför arbetskraften
        name.en: Integration plan for people outside the labour force
        summary.fi: Arvioinnin pohjalta laaditaan tarvittaessa kotoutumissuunnitelma, johon kirjataan tavoitteet ja palvelut, kuten kieliopinnot ja järjestötoiminta.
        summary.sv: Utgående från bedömningen görs vid behov en integrationsplan med mål och tjänster, till exempel språkstudier och föreningsverksamhet.
        summary.en: Based on the assessment, an integration plan is drawn up when needed, recording your goals and services such as language studies and NGO activities.
        description.fi: Suunnitelma tehdään viimeistään kolmen vuoden kuluessa ensimmäisestä oleskeluluvasta. Ensimmäinen suunnitelma tehdään enintään vuodeksi, ja sen toteutumista seurataan yhdessä. Monialainen suunnitelma tehdään yhdessä Soiten kanssa.
        description.sv: Planen görs senast tre år efter det första uppehållstillståndet. Den första planen görs för högst ett år och följs upp tillsammans.
        description.en: The plan is made within three years of the first residence permit. The first plan covers at most one year and is followed up together with you.
        """
        + INTERPRETER
        + FREE,
        PLAN,
        EARLY,
        ("adults", "parents_at_home"),
        ("fi", "sv", "en"),
        KOKKOLA,
        APPOINTMENT,
        places=("kokkola-kotoutumispalvelut:sivistyskeskus",),
        contact=KOTO,
    ),
    Entry(
        "kokkola-kotoutumispalvelut",
        """
        name.fi: Monikielinen yhteiskuntaorientaatio
        name.sv: Flerspråkig samhällsorientering
        name.en: Multilingual civic orientation
        name.ru: Многоязычная ориентация в обществе
        name.uk: Багатомовна орієнтація в суспільстві
        name.fa: آشنایی چندزبانه با جامعه
        name.ar: التوجيه المجتمعي متعدد اللغات
        summary.fi: Kurssi suomalaisesta yhteiskunnasta omalla äidinkielellä tai muulla hyvin osaamallasi kielellä.
        summary.sv: En kurs om det finländska samhället på ditt modersmål eller ett annat språk du kan väl.
        summary.en: A course on Finnish society in your mother tongue or another language you know well.
        summary.ru: Курс о жизни и обществе Финляндии на вашем родном языке.
        summary.uk: Курс про життя та суспільство Фінляндії рідною мовою.
        summary.fa: دوره‌ای درباره زندگی و جامعه فنلاند به زبان مادری شما.
        summary.ar: دورة عن الحياة والمجتمع في فنلندا بلغتك الأم.
        description.fi: Aiheina muun muassa oikeudet ja velvollisuudet, asuminen, terveyspalvelut, koulutus ja työelämä. Kurssi on keskusteleva, ja sen aikataulu sovitetaan kotoutumiskoulutusten kanssa. Kielet syksyllä: venäjä, ukraina, persia, arabia, englanti, swahili, thai ja viro. Kurssi järjestetään yhdessä työllisyysalueen ja naapurikaupunkien kanssa.
        description.sv: Teman är bland annat rättigheter och skyldigheter, boende, hälsovård, utbildning och arbetsliv. Kursen bygger på dialog och schemat anpassas till integrationsutbildningarna.
        description.en: Topics include rights and duties, housing, health services, education and working life. The course is built on dialogue and scheduled around integration training.
        how_to_join.fi: Kotoutumisohjaaja tai työllisyysalueen asiantuntija ilmoittaa sinut kurssille.
        how_to_join.sv: Din integrationshandledare eller sysselsättningsområdets expert anmäler dig till kursen.
        how_to_join.en: Your integration counsellor or employment expert enrols you on the course.
        schedule_text.fi: Ti ja to klo 9–12 kurssin ajan.
        schedule_text.sv: Tis och tors kl. 9–12 under kursen.
        schedule_text.en: Tue and Thu 9–12 during the course.
        """
        + FREE,
        CIVIC,
        EARLY,
        ("adults",),
        ("ru", "uk", "fa", "ar", "en", "sw", "th", "et"),
        KOKKOLA,
        RECURRING,
        times=(weekly(1, "09:00", "12:00"), weekly(3, "09:00", "12:00")),
        places=("kokkola-kotoutumispalvelut:sivistyskeskus",),
        contact=KOTO,
        starts_in_days=14,
        ends_in_days=120,
    ),
    Entry(
        "kokkola-kotoutumispalvelut",
        """
        name.fi: Kotoutumisohjaus kiintiöpakolaisille ja kansainvälistä suojelua saaneille
        name.sv: Integrationshandledning för kvotflyktingar och personer med internationellt skydd
        name.en: Integration counselling for quota refugees and people granted international protection
        summary.fi: Oma ohjaaja tukee arjen alkuun pääsemisessä, asunnon, koulun ja päivähoidon järjestämisessä sekä palveluihin ohjautumisessa.
        summary.sv: En egen handledare stöder i starten av vardagen, med bostad, skola och dagvård och med att hitta tjänster.
        summary.en: Your own counsellor helps you get started: housing, school and day care, and finding the services you need.
        description.fi: Ohjaus kestää koko kotoutumisohjelman ajan. Ohjaaja tekee yhteistyötä Soiten, koulujen ja järjestöjen kanssa ja ohjaa myös vapaaehtoistoimintaan, kuten SPR:n ystävätoimintaan.
        description.sv: Handledningen pågår under hela integrationsprogrammet i samarbete med Soite, skolor och organisationer.
        description.en: Counselling lasts throughout the integration programme, in cooperation with Soite, schools and NGOs.
        """
        + INTERPRETER
        + FREE,
        GUIDANCE,
        EARLY,
        ("quota_refugees", "families"),
        ("fi", "en", "ar", "fa"),
        KOKKOLA,
        APPOINTMENT,
        places=("kokkola-kotoutumispalvelut:sivistyskeskus",),
        contact=KOTO,
    ),
    Entry(
        "kokkola-kotoutumispalvelut",
        """
        name.fi: Somalinkielinen vanhempainryhmä (suunnitteilla)
        name.en: Parents' group in Somali (being planned)
        name.so: Kooxda waalidiinta ee af-Soomaaliga (qorshaysan)
        summary.fi: Vanhempien keskusteluryhmä koulusta, varhaiskasvatuksesta ja perheen arjesta Suomessa. Ryhmälle etsitään vetäjää.
        summary.en: A discussion group for parents on school, early childhood education and family life in Finland. A group leader is being sought.
        summary.so: Kulan waalidiinta ah oo looga hadlayo waxbarashada carruurta iyo nolosha qoyska ee Finland.
        """,
        OTHER,
        EARLY,
        ("parents_at_home", "families"),
        ("so", "fi"),
        KOKKOLA,
        RECURRING,
        times=(weekly(4, "10:00", "11:30"),),
        contact=KOTO,
        status="draft",
    ),
    # Central Ostrobothnia Employment Area
    Entry(
        "keski-pohjanmaan-tyollisyysalue",
        """
        name.fi: Työnhakijan osaamisen ja kotoutumisen palvelutarpeen arviointi ja kotoutumissuunnitelma
        name.sv: Bedömning av kompetens och integrationsbehov samt integrationsplan för arbetssökande
        name.en: Assessment and integration plan for jobseekers
        summary.fi: Työttömille työnhakijoille tehtävä arviointi ja kotoutumissuunnitelma, tarvittaessa monialaisesti Soiten kanssa.
        summary.sv: Bedömning och integrationsplan för arbetslösa arbetssökande, vid behov sektorsövergripande med Soite.
        summary.en: The assessment and integration plan for unemployed jobseekers, multi-professionally with Soite when needed.
        description.fi: Kun ilmoittaudut työnhakijaksi, työllisyysalue selvittää osaamisesi ja palvelutarpeesi ja laatii kanssasi kotoutumissuunnitelman. Suunnitelmaan kuuluu myös työnhakuvelvollisuus.
        description.sv: När du anmäler dig som arbetssökande utreder sysselsättningsområdet din kompetens och ditt servicebehov och gör upp en integrationsplan med dig.
        description.en: When you register as a jobseeker, the employment area goes through your skills and service needs and draws up an integration plan with you. The plan includes the obligation to seek work.
        how_to_join.fi: Ilmoittaudu työnhakijaksi Työmarkkinatorilla; sinuun otetaan yhteyttä.
        how_to_join.sv: Anmäl dig som arbetssökande på Jobbmarknaden; du blir kontaktad.
        how_to_join.en: Register as a jobseeker on the Job Market Finland service; you will be contacted.
        """
        + FREE,
        ASSESSMENT,
        EARLY,
        ("jobseekers",),
        ("fi", "sv", "en"),
        KESKI_POHJANMAA,
        APPOINTMENT,
        contact=TYO,
    ),
    Entry(
        "keski-pohjanmaan-tyollisyysalue",
        """
        name.fi: Kotoutumiskoulutukseen hakeutuminen
        name.sv: Att söka till integrationsutbildning
        name.en: Applying for integration training
        summary.fi: Työllisyysalue ohjaa työnhakijat kotoutumiskoulutukseen, joka päättyy kielitaidon päättötestaukseen.
        summary.sv: Sysselsättningsområdet hänvisar arbetssökande till integrationsutbildning som avslutas med ett slutligt språktest.
        summary.en: The employment area refers jobseekers to integration training, which ends with the final language test.
        description.fi: Kokkolassa kotoutumiskoulutusta järjestävät useat oppilaitokset. Asiantuntija selvittää kanssasi sopivan ryhmän lähtötasosi mukaan.
        description.sv: I Karleby ordnar flera läroanstalter integrationsutbildning. Experten hittar en lämplig grupp enligt din nivå.
        description.en: Several education providers run integration training in Kokkola. The expert finds a suitable group for your level.
        how_to_join.fi: Kysy omalta asiantuntijaltasi.
        how_to_join.sv: Fråga din egen expert.
        how_to_join.en: Ask your own employment expert.
        """
        + FREE,
        TRAINING,
        EARLY,
        ("jobseekers",),
        ("fi", "sv", "en"),
        KESKI_POHJANMAA,
        APPOINTMENT,
        contact=TYO,
    ),
    Entry(
        "keski-pohjanmaan-tyollisyysalue",
        """
        name.fi: Työnhakuklubi maahan muuttaneille
        name.sv: Jobbsökarklubb för inflyttade
        name.en: Job-search club for immigrants
        summary.fi: Ryhmä, jossa harjoitellaan CV:n tekoa, työhakemuksia ja työhaastatteluja selkeällä suomella ja englanniksi.
        summary.sv: En grupp där man övar cv, ansökningar och anställningsintervjuer på klar finska och engelska.
        summary.en: A group for practising CVs, applications and job interviews in clear Finnish and English.
        description.fi: Klubissa tutustutaan myös paikallisiin työnantajiin ja Työmarkkinatorin käyttöön.
        description.sv: I klubben bekantar man sig också med lokala arbetsgivare och Jobbmarknaden.
        description.en: The club also meets local employers and shows how to use the Job Market Finland service.
        how_to_join.fi: Ilmoittaudu asiantuntijallesi tai tule ensimmäiselle kerralle.
        how_to_join.sv: Anmäl dig till din expert eller kom till första träffen.
        how_to_join.en: Sign up with your expert or come to the first meeting.
        schedule_text.fi: Perjantaisin klo 14.30–16.30.
        schedule_text.sv: Fredagar kl. 14.30–16.30.
        schedule_text.en: Fridays 14.30–16.30.
        """
        + FREE,
        LANGUAGE,
        EARLY,
        ("jobseekers",),
        ("fi", "en"),
        KOKKOLA,
        RECURRING,
        times=(weekly(4, "14:30", "16:30"),),
        contact=TYO,
        reviewed_days_ago=210,
    ),
    # Soite, the wellbeing county
    Entry(
        "soite",
        """
        name.fi: Maahan muuttaneen terveystarkastus
        name.sv: Hälsoundersökning för inflyttade
        name.en: Health check for newcomers
        name.fi-x-plain: Terveystarkastus, kun olet muuttanut Suomeen
        summary.fi: Terveydenhoitajan tekemä terveystarkastus ja rokotusten tarkistus pian Kokkolaan muuton jälkeen.
        summary.sv: Hälsoundersökning och kontroll av vaccinationer hos en hälsovårdare snart efter flytten till Karleby.
        summary.en: A health check and vaccination review with a public health nurse soon after moving to Kokkola.
        summary.fi-x-plain: Hoitaja tarkistaa terveytesi ja rokotuksesi. Tarkastus on maksuton.
        description.fi: Tarkastus on tarkoitettu erityisesti kiintiöpakolaisille, kansainvälistä suojelua saaneille ja heidän perheilleen. Tarvittaessa ohjataan lääkärille, suun terveydenhuoltoon tai mielenterveyspalveluihin.
        description.sv: Undersökningen är särskilt avsedd för kvotflyktingar, personer med internationellt skydd och deras familjer.
        description.en: The check is especially for quota refugees, people granted international protection and their families. You are referred on to a doctor, dental care or mental-health services when needed.
        """
        + INTERPRETER
        + FREE,
        OTHER,
        EARLY,
        ("quota_refugees", "adults", "families"),
        ("fi", "sv", "en"),
        KOKKOLA,
        APPOINTMENT,
        places=("soite:keskussairaala",),
        contact=Contact("Terveydenhoitaja", "terveystarkastus@soite.example", "06 555 0301"),
    ),
    Entry(
        "soite",
        """
        name.fi: Maahan muuttaneiden sosiaaliohjaus ja sosiaalityö
        name.sv: Socialhandledning och socialt arbete för inflyttade
        name.en: Social guidance and social work for immigrants
        summary.fi: Tukea toimeentuloon, asumiseen, perheen arkeen ja elämänhallintaan; mukana monialaisessa arvioinnissa ja suunnitelmassa.
        summary.sv: Stöd med utkomst, boende, familjens vardag och livshantering; deltar i den sektorsövergripande bedömningen och planen.
        summary.en: Support with income, housing, family life and coping; takes part in the multi-professional assessment and plan.
        description.fi: Sosiaaliohjaaja neuvoo ehkäisevän ja täydentävän toimeentulotuen hakemisessa ja tekee yhteistyötä kaupungin kotoutumispalveluiden kanssa.
        description.sv: Socialhandledaren ger råd om förebyggande och kompletterande utkomststöd och samarbetar med stadens integrationstjänster.
        description.en: The social counsellor advises on preventive and supplementary social assistance and works with the city's integration services.
        """
        + INTERPRETER
        + FREE,
        GUIDANCE,
        EARLY,
        ("adults", "families"),
        ("fi", "sv", "en"),
        KESKI_POHJANMAA,
        APPOINTMENT,
        places=("soite:keskussairaala",),
        contact=SOITE,
    ),
    Entry(
        "soite",
        """
        name.fi: Perhekeskuksen avoin kohtaamispaikka
        name.sv: Familjecentrets öppna mötesplats
        name.en: Family centre open meeting place
        summary.fi: Lapsiperheiden avoin aamupäivä: leikkiä, kahvia ja perhetyöntekijän neuvoja ilman ajanvarausta.
        summary.sv: Öppen förmiddag för barnfamiljer: lek, kaffe och råd av en familjearbetare utan tidsbokning.
        summary.en: An open morning for families with children: play, coffee and advice from a family worker without booking.
        how_to_join.fi: Tule paikalle lapsen kanssa.
        how_to_join.sv: Kom med ditt barn.
        how_to_join.en: Just come with your child.
        schedule_text.fi: Tiistaisin klo 9.30–11.30.
        schedule_text.sv: Tisdagar kl. 9.30–11.30.
        schedule_text.en: Tuesdays 9.30–11.30.
        """
        + FREE,
        OTHER,
        OPEN,
        ("families", "children"),
        ("fi", "sv"),
        KOKKOLA,
        DROP_IN,
        times=(weekly(1, "09:30", "11:30"),),
        contact=Contact("Perhetyöntekijä", "perhekeskus@soite.example", "06 555 0302"),
    ),
    # City of Kokkola, library and leisure services
    Entry(
        "kokkolan-kirjasto-ja-vapaa-aika",
        """
        name.fi: Kielikahvila pääkirjastossa
        name.sv: Språkcafé på huvudbiblioteket
        name.en: Language café at the main library
        name.fi-x-plain: Kielikahvila: puhutaan suomea yhdessä
        summary.fi: Harjoittele suomen puhumista rennosti kahvikupin ääressä vapaaehtoisten kanssa.
        summary.sv: Öva att tala finska avslappnat över en kopp kaffe tillsammans med frivilliga.
        summary.en: Practise speaking Finnish in a relaxed way over coffee with volunteers.
        summary.fi-x-plain: Tule puhumaan suomea. Kaikki tasot ovat tervetulleita.
        description.fi: Kielikahvilassa keskustellaan arjen aiheista pienissä ryhmissä. Kaikki kielitasot ovat tervetulleita, alkeista alkaen.
        description.sv: På språkcaféet diskuterar man vardagliga ämnen i små grupper. Alla nivåer är välkomna.
        description.en: The café talks about everyday topics in small groups. All levels are welcome, beginners too.
        how_to_join.fi: Tule paikalle, ilmoittautumista ei tarvita.
        how_to_join.sv: Kom på plats, ingen anmälan behövs.
        how_to_join.en: Just come, no registration needed.
        schedule_text.fi: Tiistaisin klo 17–18.30.
        schedule_text.sv: Tisdagar kl. 17–18.30.
        schedule_text.en: Tuesdays 17–18.30.
        """
        + FREE,
        LANGUAGE,
        OPEN,
        ("adults",),
        ("fi",),
        KOKKOLA,
        RECURRING,
        times=(weekly(1, "17:00", "18:30"),),
        places=("kokkolan-kirjasto-ja-vapaa-aika:paakirjasto",),
        contact=LIB,
    ),
    Entry(
        "kokkolan-kirjasto-ja-vapaa-aika",
        """
        name.fi: Satutunti monella kielellä
        name.sv: Sagostund på många språk
        name.en: Story time in many languages
        name.uk: Казкова година різними мовами
        name.ar: ساعة الحكايات بلغات متعددة
        summary.fi: Satuja ja lauluja lapsille suomeksi, ruotsiksi, ukrainaksi ja arabiaksi vapaaehtoisten lukijoiden kanssa.
        summary.sv: Sagor och sånger för barn på finska, svenska, ukrainska och arabiska med frivilliga läsare.
        summary.en: Stories and songs for children in Finnish, Swedish, Ukrainian and Arabic with volunteer readers.
        summary.uk: Казки та пісні для дітей фінською, шведською, українською та арабською мовами.
        summary.ar: قصص وأغانٍ للأطفال بالفنلندية والسويدية والأوكرانية والعربية.
        how_to_join.fi: Tule lasten osastolle, ei ilmoittautumista.
        how_to_join.sv: Kom till barnavdelningen, ingen anmälan.
        how_to_join.en: Come to the children's department, no registration.
        schedule_text.fi: Lauantaisin klo 11–11.45.
        schedule_text.sv: Lördagar kl. 11–11.45.
        schedule_text.en: Saturdays 11–11.45.
        """
        + FREE,
        OTHER,
        OPEN,
        ("children", "families"),
        ("fi", "sv", "uk", "ar"),
        KOKKOLA,
        RECURRING,
        times=(weekly(5, "11:00", "11:45"),),
        places=("kokkolan-kirjasto-ja-vapaa-aika:paakirjasto",),
        contact=LIB,
    ),
    Entry(
        "kokkolan-kirjasto-ja-vapaa-aika",
        """
        name.fi: Digituki ja kirjastokortti
        name.sv: Digistöd och bibliotekskort
        name.en: Digital help and library card
        summary.fi: Apua sähköiseen asiointiin, pankkitunnuksiin ja Suomi.fi-palveluihin; kirjastokortti kaikille.
        summary.sv: Hjälp med e-tjänster, bankkoder och Suomi.fi; bibliotekskort för alla.
        summary.en: Help with e-services, online banking codes and Suomi.fi; a library card for everyone.
        description.fi: Kirjastosta löytyy myös selkokirjoja, kielikursseja ja aineistoa monilla kielillä. Harvinaisempien kielten aineistoa tilataan Monikielisestä kirjastosta.
        description.sv: Biblioteket har också lättlästa böcker, språkkurser och material på många språk.
        description.en: The library also has easy-to-read books, language courses and materials in many languages; rarer languages are ordered from the Multilingual Library.
        how_to_join.fi: Tule neuvontaan; ota mukaan henkilötodistus kirjastokorttia varten.
        how_to_join.sv: Kom till informationsdisken; ta med identitetsbevis för bibliotekskortet.
        how_to_join.en: Come to the info desk; bring an ID for the library card.
        schedule_text.fi: Digituki torstaisin klo 13–15.
        schedule_text.sv: Digistöd torsdagar kl. 13–15.
        schedule_text.en: Digital help on Thursdays 13–15.
        """
        + FREE,
        OTHER,
        OPEN,
        ("everyone",),
        ("fi", "sv", "en"),
        KOKKOLA,
        DROP_IN,
        times=(weekly(3, "13:00", "15:00"),),
        places=("kokkolan-kirjasto-ja-vapaa-aika:paakirjasto",),
        contact=LIB,
    ),
    Entry(
        "kokkolan-kirjasto-ja-vapaa-aika",
        """
        name.fi: Nuorisotilan avoimet illat
        name.sv: Ungdomsgårdens öppna kvällar
        name.en: Youth centre open evenings
        summary.fi: 13–17-vuotiaiden avoimet illat: pelejä, musiikkia, kokkailua ja nuoriso-ohjaajien tukea.
        summary.sv: Öppna kvällar för 13–17-åringar: spel, musik, matlagning och stöd av ungdomsledare.
        summary.en: Open evenings for 13–17-year-olds: games, music, cooking and support from youth workers.
        how_to_join.fi: Tule paikalle; ensimmäisellä kerralla täytetään yhteystietolomake.
        how_to_join.sv: Kom på plats; första gången fyller du i en kontaktblankett.
        how_to_join.en: Just come; on your first visit you fill in a contact form.
        schedule_text.fi: Maanantaisin ja keskiviikkoisin klo 15–20.
        schedule_text.sv: Måndagar och onsdagar kl. 15–20.
        schedule_text.en: Mondays and Wednesdays 15–20.
        """
        + FREE,
        OTHER,
        OPEN,
        ("youth",),
        ("fi", "sv"),
        KOKKOLA,
        RECURRING,
        times=(weekly(0, "15:00", "20:00"), weekly(2, "15:00", "20:00")),
        contact=Contact("Nuoriso-ohjaaja", "nuorisopalvelut@kokkola.example", "06 555 0410"),
    ),
    Entry(
        "kokkolan-kirjasto-ja-vapaa-aika",
        """
        name.fi: Naisten uintivuoro
        name.sv: Simtur för kvinnor
        name.en: Women-only swimming hours
        summary.fi: Uimahallin naisten vuoro; naisohjaaja ja mahdollisuus uimaopetukseen aloittelijoille.
        summary.sv: Simhallens tur för kvinnor; kvinnlig instruktör och simundervisning för nybörjare.
        summary.en: Women-only hours at the swimming hall with a female instructor and lessons for beginners.
        how_to_join.fi: Osta lippu uimahallin kassalta.
        how_to_join.sv: Köp biljett i simhallens kassa.
        how_to_join.en: Buy a ticket at the swimming hall.
        cost_text.fi: Kertalippu 5,50 €.
        cost_text.sv: Enkelbiljett 5,50 €.
        cost_text.en: Single ticket €5.50.
        schedule_text.fi: Sunnuntaisin klo 16–17.30.
        schedule_text.sv: Söndagar kl. 16–17.30.
        schedule_text.en: Sundays 16–17.30.
        """,
        OTHER,
        OPEN,
        ("women",),
        ("fi",),
        KOKKOLA,
        RECURRING,
        times=(weekly(6, "16:00", "17:30"),),
        contact=Contact("Liikuntaneuvoja", "liikunta@kokkola.example", "06 555 0420"),
        price="5.50",
    ),
)
