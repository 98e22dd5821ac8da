"""Kokkola's demo entries by education providers, the parish, NGOs, KOSEK and the reception
centre (the seed's programme, parts 4, 5 and 7)."""

from __future__ import annotations

from kotopolku.catalog.demo_entries import (
    APPOINTMENT,
    DOERS,
    DROP_IN,
    EARLY,
    GUIDANCE,
    LANGUAGE,
    ONE_OFF,
    OPEN,
    OTHER,
    RECURRING,
    TRAINING,
    Contact,
    Entry,
    on_day,
    weekly,
)
from kotopolku.orgs.demo import KOKKOLA

FREE = """
cost_text.fi: Maksuton.
cost_text.sv: Avgiftsfri.
cost_text.en: Free of charge.
"""
KSO = Contact("Opiston toimisto", "opisto@kokkola.example", "06 555 0500")
KPEDU = Contact("Opinto-ohjaaja", "kotoutuminen@kpedu.example", "06 555 0600")
PARISH = Contact("Diakoniatyöntekijä", "diakonia@kokkolanseurakunta.example", "06 555 0700")
SPR = Contact("Vapaaehtoistoiminnan koordinaattori", "kokkola@spr-osasto.example", "06 555 0800")
EHJA = Contact("Nuorisotyöntekijä", "nuoret@ehja.example", "06 555 0900")
KOSEK = Contact("Yritysneuvoja", "yritysneuvonta@kosek.example", "06 555 0950")

ENTRIES: tuple[Entry, ...] = (
    # Kokkolan seudun opisto (adult education centre)
    Entry(
        "kokkolan-seudun-opisto",
        """
        name.fi: Suomen kielen lyhytkurssi, alkeet 1
        name.sv: Kort kurs i finska, nybörjare 1
        name.en: Short course in Finnish, beginners 1
        summary.fi: Suomen kielen alkeiskurssi työvoiman ulkopuolella oleville aikuisille: arjen sanasto, tervehdykset ja asiointi.
        summary.sv: Nybörjarkurs i finska för vuxna utanför arbetskraften: vardagsord, hälsningar och ärenden.
        summary.en: A beginners' Finnish course for adults outside the labour force: everyday words, greetings and running errands.
        description.fi: Kurssi sopii myös niille, jotka eivät vielä pääse kotoutumiskoulutukseen. Opettajana suomi toisena kielenä -opettaja.
        description.sv: Kursen passar också dem som ännu inte kommit in på integrationsutbildning.
        description.en: The course also suits those who cannot yet start integration training. Taught by a teacher of Finnish as a second language.
        how_to_join.fi: Ilmoittaudu opiston verkkosivulla tai toimistossa. Kotoutumisohjaaja voi ilmoittaa sinut.
        how_to_join.sv: Anmäl dig på institutets webbplats eller kansli. Din integrationshandledare kan anmäla dig.
        how_to_join.en: Enrol on the college website or at its office. Your integration counsellor can enrol you.
        cost_text.fi: 40 € (kotoutumissuunnitelmassa oleville maksuton).
        cost_text.sv: 40 € (avgiftsfri för dem med integrationsplan).
        cost_text.en: €40 (free with an integration plan).
        schedule_text.fi: Ma ja ke klo 17.30–19, 10 viikkoa.
        schedule_text.sv: Mån och ons kl. 17.30–19, 10 veckor.
        schedule_text.en: Mon and Wed 17.30–19, 10 weeks.
        """,
        LANGUAGE,
        EARLY,
        ("adults", "parents_at_home"),
        ("fi",),
        KOKKOLA,
        RECURRING,
        times=(weekly(0, "17:30", "19:00"), weekly(2, "17:30", "19:00")),
        places=("kokkolan-seudun-opisto:opetustilat",),
        contact=KSO,
        price="40.00",
        starts_in_days=10,
        ends_in_days=80,
    ),
    Entry(
        "kokkolan-seudun-opisto",
        """
        name.fi: Ruotsin kielen lyhytkurssi maahan muuttaneille, alkeet
        name.sv: Svenska för inflyttade, kort kurs för nybörjare
        name.en: Short course in Swedish for immigrants, beginners
        summary.fi: Ruotsin alkeet kaksikielisessä Kokkolassa: arjen tilanteet, palvelut ja työelämän perussanasto.
        summary.sv: Grunderna i svenska i tvåspråkiga Karleby: vardagssituationer, service och arbetslivets grundord.
        summary.en: Basic Swedish for bilingual Kokkola: everyday situations, services and basic working-life vocabulary.
        how_to_join.fi: Ilmoittaudu opiston verkkosivulla tai toimistossa.
        how_to_join.sv: Anmäl dig på institutets webbplats eller kansli.
        how_to_join.en: Enrol on the college website or at its office.
        cost_text.fi: 40 €.
        cost_text.sv: 40 €.
        cost_text.en: €40.
        schedule_text.fi: Tiistaisin klo 17.30–19.
        schedule_text.sv: Tisdagar kl. 17.30–19.
        schedule_text.en: Tuesdays 17.30–19.
        """,
        LANGUAGE,
        EARLY,
        ("adults",),
        ("sv",),
        KOKKOLA,
        RECURRING,
        times=(weekly(1, "17:30", "19:00"),),
        places=("kokkolan-seudun-opisto:opetustilat",),
        contact=KSO,
        price="40.00",
        starts_in_days=10,
        ends_in_days=80,
    ),
    Entry(
        "kokkolan-seudun-opisto",
        """
        name.fi: Suomea päivisin kotona oleville vanhemmille
        name.sv: Finska på dagtid för föräldrar som är hemma
        name.en: Daytime Finnish for parents at home
        summary.fi: Päiväkurssi kotona lapsia hoitaville; lastenhoito järjestetään samassa talossa.
        summary.sv: Dagkurs för föräldrar som sköter barn hemma; barnpassning i samma hus.
        summary.en: A daytime course for parents caring for children at home, with childcare in the same building.
        how_to_join.fi: Kysy kotoutumisohjaajalta tai opiston toimistosta.
        how_to_join.sv: Fråga din integrationshandledare eller institutets kansli.
        how_to_join.en: Ask your integration counsellor or the college office.
        schedule_text.fi: Ti ja to klo 9.30–11.30.
        schedule_text.sv: Tis och tors kl. 9.30–11.30.
        schedule_text.en: Tue and Thu 9.30–11.30.
        """
        + FREE,
        LANGUAGE,
        EARLY,
        ("parents_at_home",),
        ("fi",),
        KOKKOLA,
        RECURRING,
        times=(weekly(1, "09:30", "11:30"), weekly(3, "09:30", "11:30")),
        places=("kokkolan-seudun-opisto:opetustilat",),
        contact=KSO,
    ),
    Entry(
        "kokkolan-seudun-opisto",
        """
        name.fi: Suomen kielen kesäkurssi
        name.sv: Sommarkurs i finska
        name.en: Summer course in Finnish
        summary.fi: Kesän tiivis keskustelukurssi. Kurssi on päättynyt.
        summary.sv: Intensiv samtalskurs på sommaren. Kursen har avslutats.
        summary.en: An intensive summer conversation course. The course has ended.
        """,
        LANGUAGE,
        EARLY,
        ("adults",),
        ("fi",),
        KOKKOLA,
        RECURRING,
        times=(weekly(0, "10:00", "12:00"), weekly(2, "10:00", "12:00")),
        contact=KSO,
        price="30.00",
        status="archived",
    ),
    # Kpedu
    Entry(
        "kpedu",
        """
        name.fi: Luku- ja kirjoitustaidon koulutus (Kälviä)
        name.sv: Utbildning i läs- och skrivfärdighet (Kelviå)
        name.en: Literacy training (Kälviä)
        name.ar: تدريب على القراءة والكتابة (كالفيا)
        name.fa: آموزش خواندن و نوشتن (کالویا)
        summary.fi: Koulutus aikuisille, jotka eivät osaa lukea tai kirjoittaa tai opettelevat latinalaisia kirjaimia.
        summary.sv: Utbildning för vuxna som inte kan läsa eller skriva eller som lär sig det latinska alfabetet.
        summary.en: Training for adults who cannot read or write, or who are learning the Latin alphabet.
        summary.ar: تدريب للكبار الذين لا يجيدون القراءة والكتابة أو يتعلمون الحروف اللاتينية.
        summary.fa: آموزش برای بزرگسالانی که خواندن و نوشتن نمی‌دانند یا الفبای لاتین را یاد می‌گیرند.
        description.fi: Opetus on suomeksi; ryhmässä on arabiaa ja persiaa puhuva kieliavustaja. Koulutuksen jälkeen voi jatkaa kotoutumiskoulutukseen.
        description.sv: Undervisningen är på finska med en språkassistent som talar arabiska och persiska.
        description.en: Teaching is in Finnish with a language assistant speaking Arabic and Persian. Afterwards you can continue to integration training.
        how_to_join.fi: Kotoutumisohjaaja tai työllisyysalueen asiantuntija ohjaa koulutukseen.
        how_to_join.sv: Integrationshandledaren eller sysselsättningsexperten hänvisar till utbildningen.
        how_to_join.en: Your integration counsellor or employment expert refers you to the training.
        schedule_text.fi: Ma–to klo 9–13.
        schedule_text.sv: Mån–tors kl. 9–13.
        schedule_text.en: Mon–Thu 9–13.
        """
        + FREE,
        LANGUAGE,
        EARLY,
        ("literacy", "adults"),
        ("fi", "ar", "fa"),
        KOKKOLA,
        RECURRING,
        times=tuple(weekly(day, "09:00", "13:00") for day in range(4)),
        places=("kpedu:kalvia",),
        contact=KPEDU,
    ),
    Entry(
        "kpedu",
        """
        name.fi: Kotoutumiskoulutus
        name.sv: Integrationsutbildning
        name.en: Integration training
        summary.fi: Opetushallituksen perusteiden mukainen kotoutumiskoulutus työnhakijoille: suomen kieli, yhteiskunta- ja työelämätaidot sekä työssäoppiminen.
        summary.sv: Integrationsutbildning enligt Utbildningsstyrelsens grunder för arbetssökande: finska, samhälls- och arbetslivsfärdigheter samt lärande i arbetet.
        summary.en: Integration training for jobseekers following the national core curriculum: Finnish, civic and working-life skills and on-the-job learning.
        description.fi: Koulutus päättyy kielitaidon päättötestaukseen. Opetus on lähiopetusta arkipäivisin.
        description.sv: Utbildningen avslutas med ett slutligt språktest. Närundervisning på vardagar.
        description.en: The training ends with the final language test. Classroom teaching on weekdays.
        how_to_join.fi: Haku työllisyysalueen kautta.
        how_to_join.sv: Ansökan via sysselsättningsområdet.
        how_to_join.en: Apply through the employment area.
        schedule_text.fi: Ma–pe klo 8.30–14.
        schedule_text.sv: Mån–fre kl. 8.30–14.
        schedule_text.en: Mon–Fri 8.30–14.
        """
        + FREE,
        TRAINING,
        EARLY,
        ("jobseekers",),
        ("fi",),
        KOKKOLA,
        RECURRING,
        times=tuple(weekly(day, "08:30", "14:00") for day in range(5)),
        contact=KPEDU,
        starts_in_days=21,
        ends_in_days=300,
    ),
    # Kokkolan suomalainen seurakunta (parish)
    Entry(
        "kokkolan-suomalainen-seurakunta",
        """
        name.fi: Suomi-piiri
        name.sv: Finskcirkeln
        name.en: Finnish circle
        name.fi-x-plain: Suomi-piiri: puhutaan suomea ja juodaan kahvia
        summary.fi: Keskusteluryhmä suomen kielen harjoitteluun arjen aiheista, mukana vapaaehtoisia.
        summary.sv: Samtalsgrupp för att öva finska kring vardagliga ämnen, med frivilliga.
        summary.en: A conversation group for practising Finnish on everyday topics, with volunteers.
        summary.fi-x-plain: Harjoittelemme suomea yhdessä. Ryhmä on kaikille avoin ja maksuton.
        description.fi: Piiri on avoin kaikille uskonnosta riippumatta. Kahvitarjoilu.
        description.sv: Cirkeln är öppen för alla oberoende av religion. Kaffeservering.
        description.en: The circle is open to everyone whatever their religion. Coffee is served.
        how_to_join.fi: Tule paikalle, ei ilmoittautumista.
        how_to_join.sv: Kom på plats, ingen anmälan.
        how_to_join.en: Just come, no registration.
        schedule_text.fi: Torstaisin klo 13–14.30.
        schedule_text.sv: Torsdagar kl. 13–14.30.
        schedule_text.en: Thursdays 13–14.30.
        """
        + FREE,
        LANGUAGE,
        EARLY,
        ("adults", "seniors"),
        ("fi",),
        KOKKOLA,
        RECURRING,
        times=(weekly(3, "13:00", "14:30"),),
        places=("kokkolan-suomalainen-seurakunta:seurakuntakeskus",),
        contact=PARISH,
    ),
    Entry(
        "kokkolan-suomalainen-seurakunta",
        """
        name.fi: Toisto-ryhmä: opitun suomen kertaus
        name.sv: Repetitionsgruppen: repetera finskan
        name.en: Repeat group: revising your Finnish
        summary.fi: Pienryhmä, jossa kerrataan kurssilla opittua suomea vapaaehtoisen opettajan kanssa.
        summary.sv: Liten grupp där man repeterar finskan från kursen med en frivillig lärare.
        summary.en: A small group revising what you learnt on your Finnish course with a volunteer teacher.
        how_to_join.fi: Ilmoittaudu diakoniatyöntekijälle.
        how_to_join.sv: Anmäl dig till diakoniarbetaren.
        how_to_join.en: Sign up with the deacon.
        schedule_text.fi: Tiistaisin klo 14–15.30.
        schedule_text.sv: Tisdagar kl. 14–15.30.
        schedule_text.en: Tuesdays 14–15.30.
        """
        + FREE,
        LANGUAGE,
        EARLY,
        ("adults",),
        ("fi",),
        KOKKOLA,
        RECURRING,
        times=(weekly(1, "14:00", "15:30"),),
        places=("kokkolan-suomalainen-seurakunta:seurakuntakeskus",),
        contact=PARISH,
    ),
    Entry(
        "kokkolan-suomalainen-seurakunta",
        """
        name.fi: Vapaaehtoiseksi seurakuntaan
        name.sv: Bli frivillig i församlingen
        name.en: Volunteer with the parish
        summary.fi: Maahan muuttaneet mukana tekijöinä: ruoka-avussa, leireillä, tapahtumissa ja kerhoissa.
        summary.sv: Inflyttade med som aktörer: i mathjälpen, på läger, i evenemang och klubbar.
        summary.en: Immigrants taking part as doers: food aid, camps, events and clubs.
        how_to_join.fi: Ota yhteyttä diakoniatyöntekijään.
        how_to_join.sv: Kontakta diakoniarbetaren.
        how_to_join.en: Contact the deacon.
        """
        + FREE,
        OTHER,
        DOERS,
        ("everyone",),
        ("fi", "sv", "en"),
        KOKKOLA,
        APPOINTMENT,
        contact=PARISH,
    ),
    # Finnish Red Cross, Kokkola branch
    Entry(
        "spr-kokkola",
        """
        name.fi: Ystävätoiminta maahan muuttaneille
        name.sv: Vänverksamhet för inflyttade
        name.en: Friend activity for immigrants
        summary.fi: Koulutettu vapaaehtoinen ystävä tapaa sinua säännöllisesti: ulkoilua, kahvittelua ja suomen harjoittelua.
        summary.sv: En utbildad frivillig vän träffar dig regelbundet: utevistelse, kaffe och att öva finska.
        summary.en: A trained volunteer friend meets you regularly: walks, coffee and Finnish practice.
        how_to_join.fi: Ota yhteyttä koordinaattoriin; sovitaan tutustumistapaaminen.
        how_to_join.sv: Kontakta koordinatorn; vi kommer överens om ett första möte.
        how_to_join.en: Contact the coordinator to arrange a first meeting.
        """
        + FREE,
        OTHER,
        EARLY,
        ("adults", "seniors"),
        ("fi", "sv", "en"),
        KOKKOLA,
        APPOINTMENT,
        contact=SPR,
    ),
    Entry(
        "spr-kokkola",
        """
        name.fi: Kielikahvila
        name.sv: Språkcafé
        name.en: Language café
        summary.fi: Rento kielikahvila, jossa harjoitellaan suomen puhumista vapaaehtoisten kanssa kahvin ääressä.
        summary.sv: Avslappnat språkcafé där man övar att tala finska med frivilliga över en kopp kaffe.
        summary.en: A relaxed language café for practising spoken Finnish with volunteers over coffee.
        description.fi: Keskustellaan pienissä ryhmissä arjen aiheista; kaikki kielitasot ovat tervetulleita.
        description.sv: Man diskuterar vardagliga ämnen i små grupper; alla nivåer är välkomna.
        description.en: Small groups talk about everyday topics; all levels are welcome.
        how_to_join.fi: Tule paikalle, ilmoittautumista ei tarvita.
        how_to_join.sv: Kom på plats, ingen anmälan behövs.
        how_to_join.en: Just come, no registration needed.
        schedule_text.fi: Tiistaisin klo 17.30–19.
        schedule_text.sv: Tisdagar kl. 17.30–19.
        schedule_text.en: Tuesdays 17.30–19.
        """
        + FREE,
        LANGUAGE,
        OPEN,
        ("adults",),
        ("fi",),
        KOKKOLA,
        RECURRING,
        times=(weekly(1, "17:30", "19:00"),),
        places=("spr-kokkola:toimitila",),
        contact=SPR,
    ),
    Entry(
        "spr-kokkola",
        """
        name.fi: Yhteisölähtöinen kotoutuminen: tule vapaaehtoiseksi
        name.sv: Gemenskapsbaserad integration: bli frivillig
        name.en: Community-based integration: become a volunteer
        name.uk: Інтеграція через громаду: станьте волонтером
        name.ar: الاندماج المجتمعي: كن متطوعًا
        summary.fi: Maahan muuttaneet vapaaehtoisina: ensiapuryhmä, kielikahvilan vetäjät ja tapahtumat omalla kielellä.
        summary.sv: Inflyttade som frivilliga: första hjälpen-grupp, ledare för språkcaféet och evenemang på det egna språket.
        summary.en: Immigrants as volunteers: first-aid group, language-café hosts and events in their own language.
        summary.uk: Іммігранти як волонтери: група першої допомоги, ведучі мовного кафе та заходи рідною мовою.
        summary.ar: المهاجرون متطوعون: مجموعة الإسعافات الأولية، وتنظيم مقهى اللغة، وفعاليات بلغتهم.
        how_to_join.fi: Tule uusien vapaaehtoisten iltaan tai ota yhteyttä koordinaattoriin.
        how_to_join.sv: Kom till kvällen för nya frivilliga eller kontakta koordinatorn.
        how_to_join.en: Come to the evening for new volunteers or contact the coordinator.
        """
        + FREE,
        OTHER,
        DOERS,
        ("adults",),
        ("fi", "en", "uk", "ar"),
        KOKKOLA,
        APPOINTMENT,
        contact=SPR,
    ),
    # Ehjä ry
    Entry(
        "ehja",
        """
        name.fi: Nuorten avoin ryhmätoiminta
        name.sv: Öppen gruppverksamhet för unga
        name.en: Open group activities for young people
        summary.fi: Avoin ryhmä 13–25-vuotiaille: yhdessäoloa, keskustelua, pelejä ja retkiä.
        summary.sv: Öppen grupp för 13–25-åringar: samvaro, samtal, spel och utflykter.
        summary.en: An open group for 13–25-year-olds: time together, talks, games and outings.
        how_to_join.fi: Tule paikalle; voit tuoda kaverin.
        how_to_join.sv: Kom på plats; du kan ta med en kompis.
        how_to_join.en: Just come; you can bring a friend.
        schedule_text.fi: Torstaisin klo 16–18.
        schedule_text.sv: Torsdagar kl. 16–18.
        schedule_text.en: Thursdays 16–18.
        """
        + FREE,
        OTHER,
        OPEN,
        ("youth",),
        ("fi", "en"),
        KOKKOLA,
        RECURRING,
        times=(weekly(3, "16:00", "18:00"),),
        places=("ehja:nuortentila",),
        contact=EHJA,
    ),
    Entry(
        "ehja",
        """
        name.fi: Kuule minua -hanke: tukea nuorelle
        name.sv: Projektet Hör mig: stöd för unga
        name.en: Hear Me project: support for young people
        summary.fi: Yksilöllistä tukea ja keskusteluapua nuorille, joilla on maahanmuuttotausta.
        summary.sv: Individuellt stöd och samtalshjälp för unga med invandrarbakgrund.
        summary.en: One-to-one support and someone to talk to for young people with a migrant background.
        how_to_join.fi: Ota yhteyttä nuorisotyöntekijään puhelimitse tai viestillä.
        how_to_join.sv: Kontakta ungdomsarbetaren per telefon eller meddelande.
        how_to_join.en: Contact the youth worker by phone or message.
        """
        + FREE,
        GUIDANCE,
        EARLY,
        ("youth",),
        ("fi", "en"),
        KOKKOLA,
        APPOINTMENT,
        contact=EHJA,
    ),
    Entry(
        "ehja",
        """
        name.fi: Kannustavat kokemukset: kokeile uutta harrastusta
        name.sv: Uppmuntrande upplevelser: prova en ny hobby
        name.en: Encouraging experiences: try a new hobby
        summary.fi: Nuorten kokeilupäivät: kiipeilyä, melontaa ja musiikkia yhdessä paikallisten seurojen kanssa.
        summary.sv: Prova-på-dagar för unga: klättring, paddling och musik med lokala föreningar.
        summary.en: Try-out days for young people: climbing, canoeing and music with local clubs.
        how_to_join.fi: Ilmoittaudu nuorisotyöntekijälle viimeistään kaksi päivää ennen.
        how_to_join.sv: Anmäl dig till ungdomsarbetaren senast två dagar innan.
        how_to_join.en: Sign up with the youth worker at least two days before.
        """
        + FREE,
        OTHER,
        DOERS,
        ("youth",),
        ("fi",),
        KOKKOLA,
        ONE_OFF,
        times=(on_day(9, "12:00", "15:00"), on_day(23, "12:00", "15:00")),
        contact=EHJA,
    ),
    # KOSEK, the regional development company
    Entry(
        "kosek",
        """
        name.fi: Yritysneuvonta maahan muuttaneille yrittäjille
        name.sv: Företagsrådgivning för inflyttade företagare
        name.en: Business advice for immigrant entrepreneurs
        summary.fi: Maksutonta neuvontaa yrityksen perustamisesta, liiketoimintasuunnitelmasta, rahoituksesta ja luvista.
        summary.sv: Avgiftsfri rådgivning om att grunda företag, affärsplan, finansiering och tillstånd.
        summary.en: Free advice on starting a business, the business plan, funding and permits.
        description.fi: KOSEK palvelee yrityksiä ja yrittämisestä kiinnostuneita Kokkolan ja Perhon alueella perustamisesta kasvuun ja omistajanvaihdokseen saakka.
        description.sv: KOSEK betjänar företag och blivande företagare i Karleby och Perho från start till tillväxt och ägarbyte.
        description.en: KOSEK serves businesses and would-be entrepreneurs in Kokkola and Perho from start-up to growth and change of ownership.
        how_to_join.fi: Varaa aika yritysneuvojalle.
        how_to_join.sv: Boka tid hos en företagsrådgivare.
        how_to_join.en: Book a meeting with a business adviser.
        """
        + FREE,
        LANGUAGE,
        OPEN,
        ("entrepreneurs",),
        ("fi", "sv", "en"),
        ("272", "584"),
        APPOINTMENT,
        contact=KOSEK,
        price="0",
    ),
    Entry(
        "kosek",
        """
        name.fi: Yrittäjäksi Suomessa -infotilaisuus
        name.sv: Bli företagare i Finland – infotillfälle
        name.en: Becoming an entrepreneur in Finland – info session
        summary.fi: Infotilaisuus yrittäjyydestä, yritysmuodoista ja verotuksesta englanniksi ja selkeällä suomella.
        summary.sv: Infotillfälle om företagande, företagsformer och beskattning på engelska och klar finska.
        summary.en: An info session on entrepreneurship, business forms and taxation in English and clear Finnish.
        how_to_join.fi: Ilmoittaudu sähköpostilla.
        how_to_join.sv: Anmäl dig per e-post.
        how_to_join.en: Register by e-mail.
        """
        + FREE,
        LANGUAGE,
        EARLY,
        ("entrepreneurs",),
        ("en", "fi"),
        ("272",),
        ONE_OFF,
        times=(on_day(16, "17:00", "19:00"),),
        contact=KOSEK,
    ),
    # Kotokunta reception centre
    Entry(
        "kotokunta",
        """
        name.fi: Avoin olohuone vastaanottokeskuksessa
        name.sv: Öppet vardagsrum på mottagningscentralen
        name.en: Open living room at the reception centre
        summary.fi: Turvapaikanhakijoiden ja paikallisten yhteinen ilta: lautapelejä, kieltä ja vapaaehtoisten tukea.
        summary.sv: En gemensam kväll för asylsökande och lokalbor: brädspel, språk och stöd av frivilliga.
        summary.en: A shared evening for asylum seekers and locals: board games, language and volunteer support.
        how_to_join.fi: Tule paikalle; vapaaehtoiseksi haluavat ilmoittautuvat ohjaajalle.
        how_to_join.sv: Kom på plats; den som vill bli frivillig anmäler sig till handledaren.
        how_to_join.en: Just come; if you want to volunteer, tell the instructor.
        schedule_text.fi: Torstaisin klo 17–19.
        schedule_text.sv: Torsdagar kl. 17–19.
        schedule_text.en: Thursdays 17–19.
        """
        + FREE,
        OTHER,
        EARLY,
        ("asylum_seekers",),
        ("fi", "en", "ar"),
        KOKKOLA,
        DROP_IN,
        times=(weekly(3, "17:00", "19:00"),),
        contact=Contact("Ohjaaja", "vastaanotto@kotokunta.example", "06 555 0990"),
    ),
)
