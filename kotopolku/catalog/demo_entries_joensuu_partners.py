"""The Joensuu region's demo entries by NGOs, the parish and the city's culture and leisure
services (the Red Cross seed's tray: early integration, immigrants as doers, open to all)."""

from __future__ import annotations

from kotopolku.catalog.demo_entries import (
    APPOINTMENT,
    DOERS,
    DROP_IN,
    EARLY,
    GUIDANCE,
    JOENSUU,
    LANGUAGE,
    ONE_OFF,
    OPEN,
    OTHER,
    RECURRING,
    Contact,
    Entry,
    on_day,
    weekly,
)

FREE = """
cost_text.fi: Maksuton.
cost_text.sv: Avgiftsfri.
cost_text.en: Free of charge.
"""
SPR = Contact("Vapaaehtoistoiminnan koordinaattori", "joensuu@spr-osasto.example", "013 555 0400")
SETLEMENTTI = Contact(
    "Toiminnanohjaaja", "kotoutuminen@setlementti-joensuu.example", "013 555 0500"
)
PARISH = Contact("Diakoniatyöntekijä", "diakonia@joensuunseurakunta.example", "013 555 0600")
LIBRARY = Contact("Kirjastonhoitaja", "kirjasto@joensuu.example", "013 555 0700")

ENTRIES: tuple[Entry, ...] = (
    # Finnish Red Cross, Joensuu branch (the NGO partner of the demo: ngo.spr)
    Entry(
        "spr-joensuu",
        """
        name.fi: Ystävätoiminta maahan muuttaneille
        name.sv: Vänverksamhet för inflyttade
        name.en: Friend activity for immigrants
        summary.fi: Koulutettu vapaaehtoinen ystävä tapaa sinua säännöllisesti: kotiseutuun tutustumista, kahvittelua ja suomen harjoittelua.
        summary.sv: En utbildad frivillig vän träffar dig regelbundet: bekanta dig med orten, kaffe och att öva finska.
        summary.en: A trained volunteer friend meets you regularly: getting to know the area, coffee and Finnish practice.
        description.fi: Ystävä auttaa tutustumaan uuteen kotipaikkaan, harrastuksiin ja liikkumiseen. Ystävät käyvät SPR:n peruskurssin ja sitoutuvat vaitioloon.
        description.sv: Vännen hjälper dig att lära känna den nya hemorten, fritidsaktiviteter och hur man tar sig fram. Vännerna går Röda Korsets grundkurs.
        description.en: Your friend helps you get to know your new home town, hobbies and getting around. Friends take the Red Cross basic course and keep what you tell them confidential.
        how_to_join.fi: Ota yhteyttä koordinaattoriin tai pyydä kotoutumisohjaajaa tekemään lähete.
        how_to_join.sv: Kontakta koordinatorn eller be din integrationshandledare göra en remiss.
        how_to_join.en: Contact the coordinator or ask your integration counsellor to refer you.
        schedule_text.fi: Tapaamisista sovitaan ystävän kanssa, yleensä kerran viikossa.
        schedule_text.sv: Träffarna avtalas med vännen, oftast en gång i veckan.
        schedule_text.en: You agree on meetings with your friend, usually once a week.
        """
        + FREE,
        OTHER,
        EARLY,
        ("adults", "seniors", "families"),
        ("fi", "en", "ru"),
        ("167", "276", "426"),
        APPOINTMENT,
        contact=SPR,
        proposal="""
        description.fi: Ystävä auttaa tutustumaan uuteen kotipaikkaan, harrastuksiin ja liikkumiseen. Ystävät käyvät SPR:n peruskurssin ja sitoutuvat vaitioloon. Uutta: ukrainaa puhuvat vapaaehtoiset ja perheystävät lapsiperheille.
        description.sv: Vännen hjälper dig att lära känna den nya hemorten, fritidsaktiviteter och hur man tar sig fram. Nytt: frivilliga som talar ukrainska och familjevänner för barnfamiljer.
        description.en: Your friend helps you get to know your new home town, hobbies and getting around. New: Ukrainian-speaking volunteers and family friends for families with children.
        description.uk: Друг допомагає познайомитися з новим містом, дозвіллям і транспортом. Нове: волонтери, які розмовляють українською, та друзі для родин з дітьми.
        schedule_text.fi: Tapaamisista sovitaan ystävän kanssa; perheystävät tapaavat myös viikonloppuisin.
        schedule_text.sv: Träffarna avtalas med vännen; familjevänner träffas också på veckoslut.
        schedule_text.en: You agree on meetings with your friend; family friends also meet at weekends.
        """,
        proposal_languages=("fi", "en", "ru", "uk"),
    ),
    Entry(
        "spr-joensuu",
        """
        name.fi: Kielikahvila Kansalaistalolla
        name.sv: Språkcafé i Medborgarhuset
        name.en: Language café at the Citizens' House
        summary.fi: Suomen puhumisen harjoittelua kahvin ääressä vapaaehtoisten kanssa; kaikki tasot tervetulleita.
        summary.sv: Öva att tala finska över en kopp kaffe med frivilliga; alla nivåer välkomna.
        summary.en: Practise spoken Finnish over coffee with volunteers; all levels welcome.
        how_to_join.fi: Tule paikalle, ei ilmoittautumista.
        how_to_join.sv: Kom på plats, ingen anmälan.
        how_to_join.en: Just come, no registration.
        schedule_text.fi: Torstaisin klo 17–19.
        schedule_text.sv: Torsdagar kl. 17–19.
        schedule_text.en: Thursdays 17–19.
        """
        + FREE,
        LANGUAGE,
        OPEN,
        ("adults",),
        ("fi",),
        JOENSUU,
        RECURRING,
        times=(weekly(3, "17:00", "19:00"),),
        places=("spr-joensuu:kansalaistalo",),
        contact=SPR,
    ),
    Entry(
        "spr-joensuu",
        """
        name.fi: Läksykerho
        name.sv: Läxklubb
        name.en: Homework club
        summary.fi: Vapaaehtoiset auttavat koululaisia läksyissä ja suomen kielessä; välipala tarjolla.
        summary.sv: Frivilliga hjälper skolbarn med läxor och finska; mellanmål serveras.
        summary.en: Volunteers help schoolchildren with homework and Finnish; a snack is served.
        how_to_join.fi: Tule paikalle; huoltaja täyttää yhteystietolomakkeen ensimmäisellä kerralla.
        how_to_join.sv: Kom på plats; vårdnadshavaren fyller i en kontaktblankett första gången.
        how_to_join.en: Just come; a parent fills in a contact form on the first visit.
        schedule_text.fi: Tiistaisin klo 15–17 Joensuussa ja Liperissä.
        schedule_text.sv: Tisdagar kl. 15–17 i Joensuu och Liperi.
        schedule_text.en: Tuesdays 15–17 in Joensuu and Liperi.
        """
        + FREE,
        OTHER,
        OPEN,
        ("children", "youth"),
        ("fi", "en"),
        ("167", "426"),
        RECURRING,
        times=(weekly(1, "15:00", "17:00"),),
        places=("spr-joensuu:kansalaistalo",),
        contact=SPR,
    ),
    Entry(
        "spr-joensuu",
        """
        name.fi: Ensiapukurssi maahan muuttaneille
        name.sv: Första hjälpen-kurs för inflyttade
        name.en: First-aid course for immigrants
        name.ar: دورة الإسعافات الأولية للقادمين الجدد
        summary.fi: Ensiavun perusteet ja hätänumero 112 selkeällä suomella, englanniksi ja arabiaksi.
        summary.sv: Grunderna i första hjälpen och nödnumret 112 på klar finska, engelska och arabiska.
        summary.en: First-aid basics and the emergency number 112 in clear Finnish, English and Arabic.
        summary.ar: تعلّم أساسيات الإسعافات الأولية ورقم الطوارئ 112.
        how_to_join.fi: Ilmoittaudu koordinaattorille, mahtuu 16 osallistujaa.
        how_to_join.sv: Anmäl dig till koordinatorn, 16 platser.
        how_to_join.en: Sign up with the coordinator; 16 places.
        """
        + FREE,
        OTHER,
        OPEN,
        ("everyone",),
        ("fi", "en", "ar"),
        JOENSUU,
        ONE_OFF,
        times=(on_day(12, "17:00", "20:00"),),
        places=("spr-joensuu:kansalaistalo",),
        contact=SPR,
    ),
    # Joensuun Setlementti
    Entry(
        "joensuun-setlementti",
        """
        name.fi: Naisten suomen keskusteluryhmä
        name.sv: Samtalsgrupp i finska för kvinnor
        name.en: Finnish conversation group for women
        summary.fi: Naisten oma ryhmä suomen puhumisen harjoitteluun arjen aiheista; lastenhoito järjestetty.
        summary.sv: Kvinnornas egen grupp för att öva att tala finska om vardagliga ämnen; barnpassning ordnad.
        summary.en: A women-only group for practising spoken Finnish on everyday topics, with childcare.
        how_to_join.fi: Tule paikalle tai ilmoittaudu toiminnanohjaajalle.
        how_to_join.sv: Kom på plats eller anmäl dig till verksamhetsledaren.
        how_to_join.en: Just come or sign up with the activity leader.
        schedule_text.fi: Keskiviikkoisin klo 10–11.30.
        schedule_text.sv: Onsdagar kl. 10–11.30.
        schedule_text.en: Wednesdays 10–11.30.
        """
        + FREE,
        LANGUAGE,
        EARLY,
        ("women",),
        ("fi",),
        JOENSUU,
        RECURRING,
        times=(weekly(2, "10:00", "11:30"),),
        places=("joensuun-setlementti:kansalaistalo",),
        contact=SETLEMENTTI,
    ),
    Entry(
        "joensuun-setlementti",
        """
        name.fi: Asumisneuvonta ja arjen taidot
        name.sv: Boenderådgivning och vardagsfärdigheter
        name.en: Housing advice and everyday skills
        name.so: La-talinta guriyeynta iyo nolol maalmeedka
        name.ru: Консультации по жилью и бытовым вопросам
        summary.fi: Neuvontaa vuokrasopimuksesta, laskuista, jätteiden lajittelusta, saunasta ja paloturvallisuudesta.
        summary.sv: Rådgivning om hyresavtal, räkningar, sopsortering, bastu och brandsäkerhet.
        summary.en: Advice on tenancy agreements, bills, waste sorting, the sauna and fire safety.
        summary.so: Caawimaad ku saabsan kirada, qandaraaska guriga, qashinka iyo badbaadada dabka.
        summary.ru: Консультации о договоре аренды, счетах, сортировке мусора и пожарной безопасности.
        how_to_join.fi: Varaa aika toiminnanohjaajalta; tarvittaessa kotikäynti.
        how_to_join.sv: Boka tid hos verksamhetsledaren; vid behov hembesök.
        how_to_join.en: Book a time with the activity leader; home visits when needed.
        """
        + FREE,
        GUIDANCE,
        EARLY,
        ("adults", "families"),
        ("fi", "en", "ru", "ar", "so"),
        ("167", "276", "426"),
        APPOINTMENT,
        contact=SETLEMENTTI,
    ),
    Entry(
        "joensuun-setlementti",
        """
        name.fi: Monikulttuurinen nuorten ilta
        name.sv: Mångkulturell ungdomskväll
        name.en: Multicultural youth evening
        summary.fi: 13–20-vuotiaiden ilta: pelejä, musiikkia, ruuanlaittoa ja retkiä paikallisten nuorten kanssa.
        summary.sv: Kväll för 13–20-åringar: spel, musik, matlagning och utflykter med lokala unga.
        summary.en: An evening for 13–20-year-olds: games, music, cooking and outings with local young people.
        how_to_join.fi: Tule paikalle, voit tuoda kaverin.
        how_to_join.sv: Kom på plats, du kan ta med en kompis.
        how_to_join.en: Just come, you can bring a friend.
        schedule_text.fi: Perjantaisin klo 17–20 Joensuussa, kerran kuussa Kontiolahdella.
        schedule_text.sv: Fredagar kl. 17–20 i Joensuu, en gång i månaden i Kontiolahti.
        schedule_text.en: Fridays 17–20 in Joensuu, once a month in Kontiolahti.
        """
        + FREE,
        OTHER,
        OPEN,
        ("youth",),
        ("fi", "en"),
        ("167", "276"),
        RECURRING,
        times=(weekly(4, "17:00", "20:00"),),
        places=("joensuun-setlementti:kansalaistalo",),
        contact=SETLEMENTTI,
    ),
    Entry(
        "joensuun-setlementti",
        """
        name.fi: Maahan muuttaneet vapaaehtoisina
        name.sv: Inflyttade som frivilliga
        name.en: Immigrants as volunteers
        summary.fi: Tule vetämään kokkikerhoa, kädentaitoja tai liikuntaa: maahan muuttaneet tekijöinä ja opettajina.
        summary.sv: Led en matlagningsklubb, hantverk eller motion: inflyttade som aktörer och lärare.
        summary.en: Lead a cooking club, crafts or exercise: immigrants as doers and teachers.
        how_to_join.fi: Ota yhteyttä toiminnanohjaajaan.
        how_to_join.sv: Kontakta verksamhetsledaren.
        how_to_join.en: Contact the activity leader.
        """
        + FREE,
        OTHER,
        DOERS,
        ("adults",),
        ("fi", "en", "ru"),
        JOENSUU,
        APPOINTMENT,
        contact=SETLEMENTTI,
    ),
    # Joensuu parish
    Entry(
        "joensuun-seurakunta",
        """
        name.fi: Naisten suomen keskustelupiiri
        name.sv: Samtalscirkel i finska för kvinnor
        name.en: Finnish conversation circle for women
        summary.fi: Naisten keskustelupiiri suomen puhumisen harjoitteluun arjen aiheista; kahvia ja lastenhoito.
        summary.sv: Samtalscirkel för kvinnor för att öva att tala finska om vardagliga ämnen; kaffe och barnpassning.
        summary.en: A conversation circle for women practising spoken Finnish on everyday topics, with coffee and childcare.
        how_to_join.fi: Tule paikalle, ei ilmoittautumista.
        how_to_join.sv: Kom på plats, ingen anmälan.
        how_to_join.en: Just come, no registration.
        schedule_text.fi: Keskiviikkoisin klo 10.30–12.
        schedule_text.sv: Onsdagar kl. 10.30–12.
        schedule_text.en: Wednesdays 10.30–12.
        """
        + FREE,
        LANGUAGE,
        EARLY,
        ("women",),
        ("fi",),
        JOENSUU,
        RECURRING,
        times=(weekly(2, "10:30", "12:00"),),
        places=("joensuun-seurakunta:seurakuntakeskus",),
        contact=PARISH,
    ),
    Entry(
        "joensuun-seurakunta",
        """
        name.fi: Kansainvälinen perhekerho
        name.sv: Internationell familjeklubb
        name.en: International family club
        summary.fi: Lapsiperheiden aamupäivä: leikkiä, laulua ja tutustumista muihin perheisiin.
        summary.sv: Förmiddag för barnfamiljer: lek, sång och att lära känna andra familjer.
        summary.en: A morning for families with children: play, songs and meeting other families.
        how_to_join.fi: Tule paikalle lapsen kanssa.
        how_to_join.sv: Kom med ditt barn.
        how_to_join.en: Just come with your child.
        schedule_text.fi: Perjantaisin klo 10–12.
        schedule_text.sv: Fredagar kl. 10–12.
        schedule_text.en: Fridays 10–12.
        """
        + FREE,
        OTHER,
        OPEN,
        ("families", "children", "parents_at_home"),
        ("fi", "en"),
        JOENSUU,
        RECURRING,
        times=(weekly(4, "10:00", "12:00"),),
        places=("joensuun-seurakunta:seurakuntakeskus",),
        contact=PARISH,
    ),
    # City of Joensuu, culture and leisure services
    Entry(
        "joensuun-kulttuuri-ja-vapaa-aika",
        """
        name.fi: Kielikahvila pääkirjastossa
        name.sv: Språkcafé på huvudbiblioteket
        name.en: Language café at the main library
        name.fi-x-plain: Kielikahvila: puhutaan suomea yhdessä
        summary.fi: Suomen kielen keskustelua vapaaehtoisten kanssa kirjaston lehtisalissa.
        summary.sv: Samtal på finska med frivilliga i bibliotekets tidningssal.
        summary.en: Conversation in Finnish with volunteers in the library's newspaper room.
        summary.fi-x-plain: Tule puhumaan suomea. Kaikki tasot ovat tervetulleita.
        how_to_join.fi: Tule paikalle, ei ilmoittautumista.
        how_to_join.sv: Kom på plats, ingen anmälan.
        how_to_join.en: Just come, no registration.
        schedule_text.fi: Maanantaisin klo 16.30–18.
        schedule_text.sv: Måndagar kl. 16.30–18.
        schedule_text.en: Mondays 16.30–18.
        """
        + FREE,
        LANGUAGE,
        OPEN,
        ("adults",),
        ("fi",),
        JOENSUU,
        RECURRING,
        times=(weekly(0, "16:30", "18:00"),),
        places=("joensuun-kulttuuri-ja-vapaa-aika:paakirjasto",),
        contact=LIBRARY,
    ),
    Entry(
        "joensuun-kulttuuri-ja-vapaa-aika",
        """
        name.fi: Monikielinen kirjasto ja kirjastokortti
        name.sv: Flerspråkigt bibliotek och bibliotekskort
        name.en: Multilingual library and library card
        summary.fi: Kirjastokortti kaikille; kirjoja, lehtiä ja elokuvia monilla kielillä, selkokirjoja ja kielikursseja.
        summary.sv: Bibliotekskort för alla; böcker, tidningar och filmer på många språk, lättlästa böcker och språkkurser.
        summary.en: A library card for everyone; books, magazines and films in many languages, easy-to-read books and language courses.
        how_to_join.fi: Tule asiakaspalveluun; ota mukaan henkilötodistus.
        how_to_join.sv: Kom till kundtjänsten; ta med identitetsbevis.
        how_to_join.en: Come to customer service; bring an ID.
        schedule_text.fi: Asiakaspalvelu ma–pe klo 10–19.
        schedule_text.sv: Kundtjänst mån–fre kl. 10–19.
        schedule_text.en: Customer service Mon–Fri 10–19.
        """
        + FREE,
        OTHER,
        OPEN,
        ("everyone",),
        ("fi", "sv", "en", "ru"),
        JOENSUU,
        DROP_IN,
        places=("joensuun-kulttuuri-ja-vapaa-aika:paakirjasto",),
        contact=LIBRARY,
        reviewed_days_ago=200,
    ),
    Entry(
        "joensuun-kulttuuri-ja-vapaa-aika",
        """
        name.fi: Nuorisotilan avoimet illat
        name.sv: Ungdomsgårdens öppna kvällar
        name.en: Youth centre open evenings
        summary.fi: Avoimet illat 13–17-vuotiaille: pelejä, bänditoimintaa ja nuoriso-ohjaajien tukea.
        summary.sv: Öppna kvällar för 13–17-åringar: spel, band och stöd av ungdomsledare.
        summary.en: Open evenings for 13–17-year-olds: games, band practice and support from youth workers.
        how_to_join.fi: Tule paikalle.
        how_to_join.sv: Kom på plats.
        how_to_join.en: Just come.
        schedule_text.fi: Ma ja ke klo 15–20.
        schedule_text.sv: Mån och ons kl. 15–20.
        schedule_text.en: Mon and Wed 15–20.
        """
        + FREE,
        OTHER,
        OPEN,
        ("youth",),
        ("fi", "en"),
        JOENSUU,
        RECURRING,
        times=(weekly(0, "15:00", "20:00"), weekly(2, "15:00", "20:00")),
        contact=Contact("Nuoriso-ohjaaja", "nuorisopalvelut@joensuu.example", "013 555 0710"),
    ),
    Entry(
        "joensuun-kulttuuri-ja-vapaa-aika",
        """
        name.fi: Matalan kynnyksen liikuntaryhmä naisille
        name.sv: Motionsgrupp med låg tröskel för kvinnor
        name.en: Easy-access exercise group for women
        summary.fi: Kuntosali- ja jumppavuoro naisille naisohjaajan kanssa; liikuntapassi maahan muuttaneille.
        summary.sv: Gym- och gympatur för kvinnor med kvinnlig instruktör; motionspass för inflyttade.
        summary.en: Gym and exercise hours for women with a female instructor; an exercise pass for immigrants.
        how_to_join.fi: Tule paikalle; ensimmäinen kerta on ilmainen.
        how_to_join.sv: Kom på plats; första gången är gratis.
        how_to_join.en: Just come; the first time is free.
        cost_text.fi: 3 € kerta, liikuntapassilla maksuton.
        cost_text.sv: 3 € per gång, avgiftsfritt med motionspass.
        cost_text.en: €3 a time, free with the exercise pass.
        schedule_text.fi: Sunnuntaisin klo 15–16.30.
        schedule_text.sv: Söndagar kl. 15–16.30.
        schedule_text.en: Sundays 15–16.30.
        """,
        OTHER,
        OPEN,
        ("women",),
        ("fi",),
        JOENSUU,
        RECURRING,
        times=(weekly(6, "15:00", "16:30"),),
        contact=Contact("Liikuntaneuvoja", "liikunta@joensuu.example", "013 555 0720"),
        price="3.00",
    ),
    Entry(
        "joensuun-kulttuuri-ja-vapaa-aika",
        """
        name.fi: Selkosuomen lukupiiri (suunnitteilla)
        name.sv: Läsecirkel på lättläst finska (planeras)
        name.en: Plain-Finnish reading circle (being planned)
        name.fi-x-plain: Luemme yhdessä helppoja kirjoja
        summary.fi: Luetaan selkokirjoja ja keskustellaan niistä. Aloitus keväällä.
        summary.sv: Vi läser lättlästa böcker och diskuterar dem. Start på våren.
        summary.en: Reading easy-to-read books and talking about them. Starts in spring.
        summary.fi-x-plain: Luemme helppoja kirjoja ja puhumme niistä.
        """,
        LANGUAGE,
        OPEN,
        ("adults",),
        ("fi", "fi-x-plain"),
        JOENSUU,
        DROP_IN,
        contact=LIBRARY,
        status="draft",
    ),
)
