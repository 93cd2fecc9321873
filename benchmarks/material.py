"""Sentence-level material for the synthetic corpora of :mod:`benchmarks.generate`.

Everything here was written for the benchmarks: workplace talk in Danish and
English about eight themes (budget, IT system, reorganisation, citizens and
customers, meetings, workload, project deadlines, social life), with
evaluative phrases of both signs so sentiment varies. Names are common first
and family names combined at random; addresses use the reserved
``example.dk`` / ``example.org`` domains. No text, name or address is taken
from any real archive.

A sentence is a template with slots: ``{n}`` and ``{m}`` (nouns of the turn's
theme), ``{vp}`` (an evaluative verb phrase, positive or negative), ``{day}``
(a time), ``{who}`` (a first name). Predicative adjectives are avoided in the
Danish templates so gender agreement never goes wrong.
"""

from __future__ import annotations

THEMES = ("budget", "system", "reorg", "citizens", "meetings", "workload", "project", "social")

NOUNS: dict[str, dict[str, tuple[str, ...]]] = {
    "da": {
        "budget": ("budgettet", "regnskabet", "besparelserne", "bevillingen", "prognosen", "udgifterne",
                   "indkøbsaftalen", "kvartalstallene", "merforbruget", "puljemidlerne"),
        "system": ("det nye system", "platformen", "integrationen", "opdateringen", "login-løsningen",
                   "databasen", "sagsbehandlingssystemet", "supporten", "migreringen", "testmiljøet"),
        "reorg": ("omstruktureringen", "den nye ledelse", "organisationsdiagrammet", "teamstrukturen",
                  "forandringsprocessen", "sammenlægningen", "direktionens udspil", "de nye roller",
                  "høringssvaret", "strategien"),
        "citizens": ("borgerne", "henvendelserne", "ventetiden", "klagerne", "telefonkøen", "selvbetjeningen",
                     "borgerservice", "brugerundersøgelsen", "svarbrevene", "åbningstiderne"),
        "meetings": ("mødet", "dagsordenen", "referatet", "workshoppen", "kalenderen", "personalemødet",
                     "opfølgningen", "mødelokalet", "temadagen", "styregruppemødet"),
        "workload": ("arbejdspresset", "trivslen", "sygefraværet", "stemningen", "hjemmearbejdet",
                     "overarbejdet", "APV'en", "travlheden", "sparringen", "fleksordningen"),
        "project": ("projektet", "tidsplanen", "deadlinen", "rapporten", "leverancen", "milepælen",
                    "projektplanen", "evalueringen", "pilotforsøget", "statusnotatet"),
        "social": ("julefrokosten", "kaffemaskinen", "fredagsbaren", "kagen", "sommerfesten", "frokostordningen",
                   "fødselsdagen", "cykelholdet", "afskedsreceptionen", "madpakkerne"),
    },
    "en": {
        "budget": ("the budget", "the accounts", "the savings", "the grant", "the forecast", "the costs",
                   "the purchasing deal", "the quarterly figures", "the overspend", "the pooled funds"),
        "system": ("the new system", "the platform", "the integration", "the update", "the login solution",
                   "the database", "the case system", "the helpdesk", "the migration", "the test environment"),
        "reorg": ("the restructuring", "the new management", "the org chart", "the team structure",
                  "the change process", "the merger", "the board's proposal", "the new roles",
                  "the consultation response", "the strategy"),
        "citizens": ("the citizens", "the enquiries", "the waiting time", "the complaints", "the phone queue",
                     "the self-service site", "the service desk", "the user survey", "the reply letters",
                     "the opening hours"),
        "meetings": ("the meeting", "the agenda", "the minutes", "the workshop", "the calendar", "the staff meeting",
                     "the follow-up", "the meeting room", "the away day", "the steering group meeting"),
        "workload": ("the workload", "the wellbeing survey", "the sick leave", "the mood in the team",
                     "working from home", "the overtime", "the workplace assessment", "the rush",
                     "the peer support", "the flexitime scheme"),
        "project": ("the project", "the timeline", "the deadline", "the report", "the delivery", "the milestone",
                    "the project plan", "the evaluation", "the pilot", "the status memo"),
        "social": ("the Christmas lunch", "the coffee machine", "the Friday bar", "the cake", "the summer party",
                   "the lunch scheme", "the birthday", "the cycling team", "the farewell reception",
                   "the packed lunches"),
    },
}

VP: dict[str, dict[str, tuple[str, ...]]] = {
    "da": {
        "pos": ("ser rigtig godt ud", "fungerer fint nu", "er gået over al forventning", "giver god mening",
                "er blevet meget bedre", "glæder mig", "kører som smurt", "har løftet hele afdelingen",
                "fortjener ros", "er et skridt i den rigtige retning"),
        "neg": ("giver os store problemer", "skaber frustration i teamet", "halter bagefter", "bekymrer mig",
                "driller stadig", "er en kilde til stress", "koster alt for meget tid", "er gået helt i stå",
                "skuffer mig ærligt talt", "trækker tænder ud"),
        "neu": ("er på dagsordenen", "bliver drøftet i næste uge", "er sendt til høring", "ligger hos ledelsen",
                "skal afklares", "følger planen", "er under opdatering", "bliver gennemgået",
                "afventer en beslutning", "er flyttet til næste kvartal"),
    },
    "en": {
        "pos": ("looks really good", "works fine now", "went better than expected", "makes good sense",
                "has improved a lot", "makes me happy", "runs smoothly", "has lifted the whole department",
                "deserves praise", "is a step in the right direction"),
        "neg": ("is causing us big problems", "frustrates the team", "is falling behind", "worries me",
                "still keeps failing", "is a source of stress", "takes far too much time", "has stalled completely",
                "is honestly disappointing", "is like pulling teeth"),
        "neu": ("is on the agenda", "will be discussed next week", "has been sent out for consultation",
                "is with management", "needs to be clarified", "is following the plan", "is being updated",
                "is being reviewed", "is awaiting a decision", "has been moved to next quarter"),
    },
}

DAYS: dict[str, tuple[str, ...]] = {
    "da": ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "næste uge", "månedens udgang", "jul",
           "sommerferien", "i morgen", "senest torsdag", "efter påske"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "next week", "the end of the month",
           "Christmas", "the summer holidays", "tomorrow", "Thursday at the latest", "Easter"),
}

SENTENCES: dict[str, tuple[str, ...]] = {
    "da": (
        "Jeg tænker, at vi skal se på {n} inden {day}.",
        "Har nogen styr på {n}?",
        "{N} {vp}, synes jeg.",
        "Kan vi tage {n} op på mødet {day}?",
        "Jeg er enig i, at {n} {vp}.",
        "Lige en hurtig opdatering: {n} {vp}.",
        "Vi mangler stadig en beslutning om {n}.",
        "Hvem har ansvaret for {n} fremover?",
        "Det er vigtigt, at vi får {n} på plads før {day}.",
        "Jeg har talt med {who} om {n}, og det hænger sammen med {m}.",
        "Jeg vender tilbage, når jeg ved mere om {n}.",
        "Min oplevelse er, at {n} {vp}, men {m} {vp2}.",
        "Set fra borgernes side {vp} {n} ikke nødvendigvis.",
        "Kan du sende mig det seneste om {n}, {who}?",
        "Jeg forstår godt bekymringen, men {n} {vp}.",
        "Skal vi ikke lave en fælles plan for {n} og {m}?",
        "Jeg synes ærligt talt, at vi bruger for meget tid på {n}.",
        "Tak for en god snak om {n} i går.",
        "Hvis {n} {vp}, må vi tage fat i {m} igen.",
        "Der er kommet nye tal på {n}, og de peger i samme retning som {m}.",
        "Vi prøvede noget lignende med {m} sidste år, og det lærte os meget.",
        "Jeg er ikke sikker på, at {n} er det vigtigste lige nu.",
        "Hvad siger I andre til {n}?",
        "Vores team har drøftet {n}, og vi er delte.",
        "Jeg foreslår, at {who} og jeg tager {n} på os.",
        "Det er fint med mig.",
        "Helt enig!",
        "Godt spørgsmål.",
        "Det lyder fornuftigt.",
        "Tak for opdateringen.",
        "Jeg kigger på det i morgen.",
        "Super, det gør vi.",
        "Nej, det tror jeg ikke holder.",
    ),
    "en": (
        "I think we should look at {n} before {day}.",
        "Does anyone have an overview of {n}?",
        "{N} {vp}, in my view.",
        "Can we raise {n} at the meeting on {day}?",
        "I agree that {n} {vp}.",
        "A quick update: {n} {vp}.",
        "We still need a decision on {n}.",
        "Who is responsible for {n} from now on?",
        "It matters that we settle {n} before {day}.",
        "I talked to {who} about {n}, and it ties in with {m}.",
        "I will get back to you when I know more about {n}.",
        "My sense is that {n} {vp}, but {m} {vp2}.",
        "From the citizens' point of view, {n} {vp}.",
        "Could you send me the latest on {n}, {who}?",
        "I understand the concern, but {n} {vp}.",
        "Shall we make a joint plan for {n} and {m}?",
        "Honestly, I think we spend too much time on {n}.",
        "Thanks for a good talk about {n} yesterday.",
        "If {n} {vp}, we need to revisit {m}.",
        "There are new figures on {n}, and they point the same way as {m}.",
        "We tried something similar with {m} last year and learned a lot.",
        "I am not sure {n} is the most important thing right now.",
        "What do the rest of you think about {n}?",
        "Our team discussed {n}, and we are divided.",
        "I suggest that {who} and I take on {n}.",
        "Fine by me.",
        "Totally agree!",
        "Good question.",
        "That sounds sensible.",
        "Thanks for the update.",
        "I will look at it tomorrow.",
        "Great, let's do that.",
        "No, I don't think that will work.",
    ),
}

SUBJECTS: dict[str, tuple[str, ...]] = {
    "da": ("Status på {n}", "Spørgsmål om {n}", "Møde om {n} {day}", "{N}", "Input til {n}", "Opfølgning: {n}",
           "Kort om {n}", "Vigtigt: {n}", "Forslag vedr. {n}"),
    "en": ("Status of {n}", "Question about {n}", "Meeting on {n} {day}", "{N}", "Input on {n}", "Follow-up: {n}",
           "Briefly on {n}", "Important: {n}", "Proposal re {n}"),
}

GREETINGS: dict[str, tuple[str, ...]] = {
    "da": ("Hej alle,", "Hej {who},", "Kære kolleger,", "Hej {who}", "Hej igen,", ""),
    "en": ("Hi all,", "Hi {who},", "Dear colleagues,", "Hello {who}", "Hi again,", ""),
}

CLOSINGS: dict[str, tuple[str, ...]] = {
    "da": ("Med venlig hilsen", "Mvh", "Venlig hilsen", "Hilsen"),
    "en": ("Best regards", "Kind regards", "Best", "Cheers"),
}

ATTRIBUTION: dict[str, str] = {
    "da": "Den {date} skrev {name} <{addr}>:",
    "en": "On {date}, {name} <{addr}> wrote:",
}

OUTLOOK: dict[str, tuple[str, str, str, str, str]] = {
    "da": ("-----Oprindelig meddelelse-----", "Fra", "Sendt", "Til", "Emne"),
    "en": ("-----Original Message-----", "From", "Sent", "To", "Subject"),
}

TITLES: dict[str, tuple[str, ...]] = {
    "da": ("Udviklingskonsulent", "Sagsbehandler", "Teamleder", "Afdelingschef", "Projektleder", "IT-koordinator",
           "Specialkonsulent", "Kontorfuldmægtig"),
    "en": ("Development Consultant", "Case Officer", "Team Lead", "Head of Department", "Project Manager",
           "IT Coordinator", "Senior Advisor", "Administrative Officer"),
}

UNITS = ("Borgerservice", "Økonomi", "Digitalisering", "HR", "Sekretariatet", "Teknik og Miljø", "Kultur",
         "Ældre og Sundhed")

FIRST = ("Anne", "Mette", "Hanne", "Lone", "Susanne", "Camilla", "Maria", "Louise", "Sofie", "Ida", "Emma",
         "Julie", "Karen", "Kirsten", "Lars", "Jens", "Peter", "Michael", "Søren", "Henrik", "Thomas", "Morten",
         "Martin", "Rasmus", "Jesper", "Niels", "Anders", "Christian", "Mads", "Frederik", "Sarah", "Laura",
         "Oliver", "James", "Emily", "David", "Hannah", "Daniel", "Ahmed", "Fatima", "Ali", "Zainab", "Piotr",
         "Agnieszka", "Bo", "Ib", "Aske", "Freja", "Nanna", "Troels")
LAST = ("Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen", "Rasmussen",
        "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Christiansen", "Poulsen", "Johansen",
        "Møller", "Mortensen", "Smith", "Brown", "Taylor", "Wilson", "Khan", "Nowak", "Holm", "Lund", "Dahl",
        "Berg", "Bach", "Krogh", "Vestergaard", "Kjær", "Mikkelsen")

CHAT_EXTRAS: dict[str, tuple[str, ...]] = {
    "da": ("haha", "👍", "tak!", "fedt", "ok", "på vej", "2 min", "ses", "godt gået", "øv"),
    "en": ("haha", "👍", "thanks!", "nice", "ok", "on my way", "2 min", "see you", "well done", "ugh"),
}
