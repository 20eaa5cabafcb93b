#!/usr/bin/env python3
"""Blind DE/EN evaluation set for the Mignuti Chatbot PII redactor.

Written WITHOUT looking at the redactor implementation or its tuning data.
Standard library only, deterministic (fixed seed).

Output: blind_de_en.jsonl next to this script, one JSON object per line:
    {"text": ..., "lang": "de"|"en", "spans": [{"type", "start", "end"}, ...]}
Offsets are Python string indices (Unicode code points), end exclusive.

Labelling conventions used here (documented so reviewers can judge them):
  * PERSON spans cover the name only; honorifics and titles (Herr, Frau,
    Herrn, Mr, Mrs, Ms, Dr., Prof.) and greeting words stay outside.
  * ADDRESS spans run from the street (or house number in UK/US forms) to the
    city / US ZIP, including an embedded line break when the address is
    written on two lines.
  * SECRET for passwords covers only the password itself, not the cue.
  * URL is only used for URLs carrying credentials or tokens; the whole URL
    is one span. Plain URLs appear unlabelled.
  * DATE is only used for dates tied to a person (birth dates etc.).
  * Company names, cities without street, postal codes alone, order /
    invoice / customer / tracking numbers, prices, EANs, versions, serials
    are never labelled.
  * PASSPORT (German): "C" + 8 characters from the ICAO alphabet used on
    German documents, followed in ~60 % of cases by the ICAO 7-3-1 check digit
    (MRZ form). Other passports (AT/CH/PL/IT/TR/US/UK forms) always appear
    with an explicit cue.
  * DE_TAX_NUMBER values follow the per-state layouts and the 13-digit ELSTER
    layout; state-specific check digits are NOT computed (random digits).
"""
import base64
import collections
import datetime
import ipaddress
import json
import os
import random
import re
import string
import sys

SEED = 20240917
rng = random.Random(SEED)

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "blind_de_en.jsonl")

# ---------------------------------------------------------------------------
# Checksum helpers
# ---------------------------------------------------------------------------

def digits(n):
    return "".join(rng.choice(string.digits) for _ in range(n))


def luhn_check_digit(payload):
    total = 0
    for i, ch in enumerate(reversed(payload)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def luhn_valid(num):
    num = re.sub(r"\D", "", num)
    return len(num) > 1 and luhn_check_digit(num[:-1]) == num[-1]


def iso7064_mod11_10(ds):
    product = 10
    for ch in ds:
        s = (int(ch) + product) % 10
        if s == 0:
            s = 10
        product = (s * 2) % 11
    check = 11 - product
    return 0 if check == 10 else check


def taxid_valid(s):
    s = re.sub(r"\s", "", s)
    if len(s) != 11 or not s.isdigit() or s[0] == "0":
        return False
    c = collections.Counter(s[:10])
    multi = [d for d, v in c.items() if v > 1]
    if len(multi) != 1:
        return False
    n = c[multi[0]]
    if n not in (2, 3):
        return False
    if n == 3 and multi[0] * 3 in s[:10]:
        return False
    return iso7064_mod11_10(s[:10]) == int(s[10])


def icao_value(ch):
    return int(ch) if ch.isdigit() else ord(ch) - 55


def icao_check(s):
    w = (7, 3, 1)
    return str(sum(icao_value(c) * w[i % 3] for i, c in enumerate(s)) % 10)


def cross(n):
    return sum(int(c) for c in str(n))


def svnr_check(area, dob6, letter, serial):
    ds = area + dob6 + "%02d" % (ord(letter) - 64) + serial
    w = (2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1)
    return str(sum(cross(int(d) * wi) for d, wi in zip(ds, w)) % 10)


def kvnr_check(letter, eight):
    ds = "%02d" % (ord(letter) - 64) + eight
    return str(sum(cross(int(d) * (1 if i % 2 == 0 else 2)) for i, d in enumerate(ds)) % 10)


def iban_num(s):
    return int("".join(str(int(ch, 36)) for ch in s))


def iban_valid(iban):
    s = iban.replace(" ", "")
    return iban_num(s[4:] + s[:4]) % 97 == 1


def ean13_check(d12):
    s = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(d12))
    return str((10 - s % 10) % 10)


# self-tests against published examples
assert iso7064_mod11_10("8609574271") == 9            # 86095742719
assert icao_check("T22000129") == "3"                  # Mustermann ID card
assert svnr_check("15", "070649", "C", "10") == "3"    # 15070649C103
assert kvnr_check("A", "12345678") == "0"              # A123456780
assert iban_valid("DE89 3704 0044 0532 0130 00")
assert luhn_valid("4111111111111111")

# ---------------------------------------------------------------------------
# Name / place data
# ---------------------------------------------------------------------------
F, M = "f", "m"
FIRST = {
    "de": [("Anna", F), ("Lena", F), ("Jonas", M), ("Lukas", M), ("Felix", M), ("Sophie", F),
           ("Marie", F), ("Paul", M), ("Maximilian", M), ("Katharina", F), ("Julia", F),
           ("Tobias", M), ("Sebastian", M), ("Sabine", F), ("Jürgen", M), ("Uwe", M),
           ("Birgit", F), ("Jörg", M), ("Günther", M), ("Ursula", F), ("Christoph", M),
           ("Björn", M), ("Maike", F), ("Frauke", F), ("Jens", M), ("Dörte", F),
           ("Anna-Lena", F), ("Karl-Heinz", M), ("Marie-Luise", F), ("Hannes", M),
           ("Verena", F), ("Florian", M), ("Theresa", F), ("Matthias", M), ("Lea", F),
           ("Reto", M), ("Urs", M), ("Corinne", F), ("Kathrin", F), ("Alois", M)],
    "tr": [("Mehmet", M), ("Ayşe", F), ("Emre", M), ("Elif", F), ("Can", M), ("Zeynep", F),
           ("Murat", M), ("Fatma", F), ("Yusuf", M), ("Deniz", F), ("Hülya", F), ("Cem", M),
           ("Gökhan", M), ("Büşra", F)],
    "pl": [("Katarzyna", F), ("Piotr", M), ("Tomasz", M), ("Agnieszka", F), ("Łukasz", M),
           ("Małgorzata", F), ("Paweł", M), ("Magdalena", F), ("Wojciech", M), ("Zofia", F)],
    "it": [("Giulia", F), ("Marco", M), ("Alessandro", M), ("Francesca", F), ("Luca", M),
           ("Chiara", F), ("Giuseppe", M), ("Matteo", M), ("Valentina", F)],
    "ar": [("Ahmed", M), ("Fatima", F), ("Omar", M), ("Layla", F), ("Khalid", M),
           ("Mariam", F), ("Yasmin", F), ("Hassan", M), ("Nour", F), ("Karim", M)],
    "vi": [("Minh", M), ("Linh", F), ("Thanh", M), ("Huong", F), ("Duc", M), ("Mai", F),
           ("Quang", M), ("Thu", F)],
    "other": [("Anastasia", F), ("Dmitri", M), ("Ivana", F), ("Milan", M), ("Sven", M),
              ("Lars", M), ("Elena", F), ("Nikola", M), ("Jelena", F), ("Aleksandar", M)],
    "en": [("James", M), ("Emily", F), ("Oliver", M), ("Charlotte", F), ("Sarah", F),
           ("Michael", M), ("Daniel", M), ("Rachel", F), ("Hannah", F), ("Tom", M),
           ("Priya", F), ("Liam", M)],
}
LAST = {
    "de": ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
           "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf",
           "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hartmann",
           "Lange", "Werner", "Krause", "Lehmann", "Köhler", "Maier", "Huber", "Gruber",
           "Pichler", "Steiner", "Moser", "Brunner", "Keller", "Baumgartner", "Frei",
           "Gerber", "Lüthi", "Weißenborn", "Großmann", "Müller-Lüdenscheidt",
           "von Thadden", "Oßwald"],
    "tr": ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Özdemir", "Aydın",
           "Arslan", "Doğan", "Yıldız", "Korkmaz"],
    "pl": ["Kowalski", "Nowak", "Wiśniewska", "Wójcik", "Kamińska", "Lewandowski",
           "Zieliński", "Szymańska", "Dąbrowski"],
    "it": ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo",
           "Ricci", "De Luca"],
    "ar": ["Al-Hassan", "Haddad", "Mansour", "Khalil", "Saleh", "Abdullah", "El-Amin",
           "Nasser", "Hamdan"],
    "vi": ["Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu", "Dang"],
    "other": ["Petrović", "Novak", "Ivanova", "van der Berg", "Jovanović", "Andersson",
              "Horvat"],
    "en": ["Smith", "Johnson", "Brown", "Taylor", "Clarke", "O'Brien", "Walker", "Patel",
           "Hughes"],
}
ORIGINS_DE = (["de"] * 9 + ["tr"] * 3 + ["pl"] * 2 + ["it"] * 2 + ["ar"] * 2 + ["vi"] * 1
              + ["other"] * 1)
ORIGINS_EN = ORIGINS_DE + ["en"] * 6

TRANSLIT = str.maketrans({
    "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue",
    "ı": "i", "ş": "s", "ç": "c", "ğ": "g", "Ş": "S", "Ç": "C", "İ": "I",
    "ł": "l", "Ł": "L", "ś": "s", "ń": "n", "ż": "z", "ź": "z", "ó": "o", "ą": "a",
    "ę": "e", "ć": "c", "Ś": "S", "ć": "c", "'": "", " ": "", "-": "-",
})
BASE_LETTER = {"Ä": "A", "Ö": "O", "Ü": "U", "Ş": "S", "Ç": "C", "Ł": "L", "Ś": "S",
               "Ż": "Z", "İ": "I"}

MAIL_DOMAINS = ["gmail.com", "web.de", "gmx.de", "gmx.at", "t-online.de", "outlook.com",
                "yahoo.de", "posteo.de", "icloud.com", "bluewin.ch", "hotmail.com",
                "protonmail.com", "mueller-bau.de", "kanzlei-weber.de", "praxis-koch.de",
                "acme-logistik.ch", "firma-schulz.at", "mail.uni-koeln.de", "aon.at",
                "freenet.de", "gmx.ch", "outlook.de"]

DE_MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
             "September", "Oktober", "November", "Dezember"]
EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]

DE_STREETS = ["Hauptstraße", "Bahnhofstraße", "Goethestraße", "Schillerstraße", "Lindenallee",
              "Am Markt", "Kirchweg", "Gartenstraße", "Friedrichstraße", "Königsallee",
              "Mühlenweg", "Rosenweg", "Berliner Straße", "Schloßstraße", "Große Bleichen",
              "Kastanienallee", "Im Winkel", "An der Alster", "Zum Sportplatz",
              "Weißdornweg", "Karl-Marx-Straße", "Ludwigstraße", "Sonnenstraße",
              "Wilhelm-Leuschner-Straße", "Holzgasse", "Auf dem Kamp", "Dorfstraße",
              "Theodor-Heuss-Ring", "Eichendorffstraße", "Grüner Weg"]
DE_CITIES = [("10115", "Berlin"), ("12043", "Berlin"), ("80331", "München"), ("81669", "München"),
             ("20095", "Hamburg"), ("22765", "Hamburg"), ("50667", "Köln"),
             ("60311", "Frankfurt am Main"), ("70173", "Stuttgart"), ("40210", "Düsseldorf"),
             ("04109", "Leipzig"), ("01067", "Dresden"), ("90402", "Nürnberg"),
             ("28195", "Bremen"), ("30159", "Hannover"), ("44135", "Dortmund"),
             ("45127", "Essen"), ("68159", "Mannheim"), ("76133", "Karlsruhe"),
             ("79098", "Freiburg im Breisgau"), ("93047", "Regensburg"), ("86150", "Augsburg"),
             ("53111", "Bonn"), ("48143", "Münster"), ("24103", "Kiel"), ("18055", "Rostock"),
             ("99084", "Erfurt"), ("06108", "Halle (Saale)"), ("39104", "Magdeburg"),
             ("14467", "Potsdam"), ("55116", "Mainz"), ("65183", "Wiesbaden"),
             ("66111", "Saarbrücken"), ("97070", "Würzburg"), ("89073", "Ulm"),
             ("33602", "Bielefeld"), ("37073", "Göttingen"), ("23552", "Lübeck"),
             ("83022", "Rosenheim"), ("91054", "Erlangen")]
AT_STREETS = ["Mariahilfer Straße", "Herrengasse", "Getreidegasse", "Landstraßer Hauptstraße",
              "Maria-Theresien-Straße", "Linzer Gasse", "Annenstraße", "Wiener Straße",
              "Am Markt", "Schönbrunner Straße", "Favoritenstraße", "Museumstraße"]
AT_CITIES = [("1010", "Wien"), ("1060", "Wien"), ("1100", "Wien"), ("1150", "Wien"),
             ("8010", "Graz"), ("4020", "Linz"), ("5020", "Salzburg"), ("6020", "Innsbruck"),
             ("9020", "Klagenfurt"), ("3100", "St. Pölten"), ("6900", "Bregenz"),
             ("7000", "Eisenstadt"), ("4600", "Wels")]
CH_STREETS = ["Bahnhofstrasse", "Seestrasse", "Dorfstrasse", "Marktgasse", "Kramgasse",
              "Limmatquai", "Hauptstrasse", "Kirchweg", "Badenerstrasse", "Spitalgasse",
              "Rue du Rhône", "Via Nassa", "Zürcherstrasse"]
CH_CITIES = [("8001", "Zürich"), ("8004", "Zürich"), ("3011", "Bern"), ("4051", "Basel"),
             ("1201", "Genève"), ("1003", "Lausanne"), ("6003", "Luzern"),
             ("9000", "St. Gallen"), ("8400", "Winterthur"), ("6900", "Lugano"),
             ("5400", "Baden"), ("7000", "Chur")]
UK_STREETS = ["Baker Street", "Victoria Road", "High Street", "Church Lane", "Station Road",
              "Queen's Road", "Oxford Road", "King Street", "Park Avenue", "Mill Lane",
              "Elm Grove", "Castle Street"]
UK_CITIES = [("London", ["NW1", "SW3", "E14", "N7", "SE10", "W2"]),
             ("Manchester", ["M1", "M14", "M20"]), ("Birmingham", ["B1", "B15"]),
             ("Leeds", ["LS1", "LS6"]), ("Edinburgh", ["EH1", "EH3"]),
             ("Bristol", ["BS1", "BS8"]), ("Glasgow", ["G2", "G12"]),
             ("Cambridge", ["CB1", "CB2"])]
US_STREETS = ["Main Street", "Oak Avenue", "Maple Drive", "Market Street", "Elm Street",
              "Sunset Boulevard", "Pine Street", "Lakeview Road", "Amphitheatre Parkway",
              "Fifth Avenue", "Cedar Lane", "Washington Avenue"]
US_CITIES = [("Austin", "TX", "787"), ("Seattle", "WA", "981"), ("Chicago", "IL", "606"),
             ("Boston", "MA", "021"), ("Denver", "CO", "802"), ("San Francisco", "CA", "941"),
             ("Mountain View", "CA", "940"), ("New York", "NY", "100"),
             ("Portland", "OR", "972"), ("Atlanta", "GA", "303")]

COMPANIES = ["Müller Logistik GmbH", "Schneider & Partner", "Kaya Bau GmbH",
             "Nordlicht Versicherung AG", "Brunner Elektro AG", "Alpenblick Hotels GmbH",
             "Rossi Feinkost", "Haddad Consulting", "Stadtwerke Weißenfels",
             "Bäckerei Schulz", "TaskFlow", "Grünwerk Solar GmbH", "Huber & Söhne KG",
             "Pixelhafen UG", "Nguyen Trading e.K.", "Lüthi Treuhand AG",
             "Brightside Analytics Ltd", "Kowalski IT Services", "Möbelhaus Sonnenschein"]
CITIES = ["Berlin", "München", "Hamburg", "Köln", "Wien", "Graz", "Zürich", "Basel",
          "Leipzig", "Stuttgart", "Innsbruck", "Düsseldorf", "Nürnberg", "Bern", "Linz"]
PRODUCTS = ["Philips Hue Bridge", "Bosch Serie 6 WAW28440", "Miele Complete C3",
            "Samsung Galaxy S24", "Dyson V15 Detect", "Sonos Era 100",
            "Lenovo ThinkPad X1 Carbon", "Tchibo Cafissimo", "Fritz!Box 7590 AX",
            "Vorwerk Thermomix TM6", "Apple AirPods Pro", "Garmin Forerunner 265",
            "DeLonghi Magnifica S", "Kindle Paperwhite", "Canon EOS R50",
            "Brita Marella XL", "Logitech MX Master 3S", "Tado Smart Thermostat"]
BANKS = ["Sparkasse", "Volksbank", "ING", "DKB", "Commerzbank", "N26", "Raiffeisen",
         "Erste Bank", "UBS", "PostFinance", "Comdirect"]

# ---------------------------------------------------------------------------
# PII value generators
# ---------------------------------------------------------------------------

class Persona:
    def __init__(self, lang, flags=""):
        origin = rng.choice(ORIGINS_EN if lang == "en" else ORIGINS_DE)
        while True:
            self.first, self.gender = rng.choice(FIRST[origin])
            if ("m" not in flags or self.gender == M) and ("f" not in flags or self.gender == F):
                break
        lorigin = origin if rng.random() < 0.8 else rng.choice(ORIGINS_DE)
        self.last = rng.choice(LAST[lorigin])
        if "c" in flags:      # child
            start, end = datetime.date(2008, 1, 1), datetime.date(2022, 12, 31)
        elif "o" in flags:    # older relative
            start, end = datetime.date(1935, 1, 1), datetime.date(1960, 12, 31)
        else:
            start, end = datetime.date(1945, 1, 1), datetime.date(2006, 12, 31)
        self.dob = datetime.date.fromordinal(rng.randint(start.toordinal(), end.toordinal()))


def gen_email(ctx, variant, p):
    if variant == "rand" or (variant is None and rng.random() < 0.25):
        local = rng.choice(["info", "buchhaltung", "kontakt", "office", "sunny", "kater.karlo",
                            "dragonfly", "hausverwaltung", "team.einkauf", "rechnungen"])
        local += rng.choice(["", str(rng.randint(1, 99)), "." + str(rng.randint(1970, 2005))])
        return local + "@" + rng.choice(MAIL_DOMAINS)
    f = p.first.translate(TRANSLIT).lower()
    l = p.last.translate(TRANSLIT).lower()
    style = rng.randrange(7)
    if style == 0:
        local = f + "." + l
    elif style == 1:
        local = f[0] + "." + l
    elif style == 2:
        local = f + l + str(p.dob.year % 100).zfill(2)
    elif style == 3:
        local = f + "_" + l
    elif style == 4:
        local = f + "." + l + "+shop"
    elif style == 5:
        local = l + "." + f[0]
    else:
        local = f + str(rng.randint(1, 999))
    dom = rng.choice(MAIL_DOMAINS)
    if rng.random() < 0.15:
        local = local.capitalize()
    return local + "@" + dom


def _sub(n_digits):
    return digits(n_digits)


def phone_de_mobile():
    pre = rng.choice(["1511", "1512", "1516", "1520", "1522", "1573", "1577", "1590",
                      "160", "162", "170", "171", "172", "173", "175", "176", "177",
                      "178", "179"])
    sub = str(rng.randint(1, 9)) + _sub(6 if len(pre) == 4 else rng.choice([6, 7]))
    f = rng.randrange(9)
    if f == 0:
        return "0%s %s" % (pre, sub)
    if f == 1:
        return "0%s-%s" % (pre, sub)
    if f == 2:
        return "0%s/%s" % (pre, sub)
    if f == 3:
        return "+49 %s %s" % (pre, sub)
    if f == 4:
        return "+49 (0)%s %s" % (pre, sub)
    if f == 5:
        return "+49%s%s" % (pre, sub)
    if f == 6:
        return "0049 %s %s" % (pre, sub)
    if f == 7 and len(sub) == 8:
        return "0%s %s %s" % (pre, sub[:4], sub[4:])
    return "(0%s) %s" % (pre, sub)


def phone_de_landline():
    area = rng.choice(["30", "40", "89", "221", "69", "711", "211", "341", "351", "911",
                       "421", "511", "6221", "7621", "8031", "228", "761"])
    n = 10 - len(area) + rng.choice([-1, 0, 0])
    sub = str(rng.randint(2, 9)) + _sub(n - 1)
    f = rng.randrange(9)
    if f == 0:
        return "0%s %s" % (area, sub)
    if f == 1:
        return "0%s/%s" % (area, sub)
    if f == 2:
        return "0%s-%s" % (area, sub)
    if f == 3:
        return "(0%s) %s" % (area, sub)
    if f == 4:
        return "+49 %s %s" % (area, sub)
    if f == 5:
        return "+49 (0)%s %s" % (area, sub)
    if f == 6:
        return "+49 %s %s-%s" % (area, sub[:-2], sub[-2:])
    if f == 7:
        return "+49-%s-%s" % (area, sub)
    return "0049%s%s" % (area, sub)


def phone_at():
    if rng.random() < 0.65:
        pre = rng.choice(["650", "660", "664", "676", "680", "681", "688", "699"])
        sub = str(rng.randint(1, 9)) + _sub(rng.choice([6, 6, 7]))
    else:
        pre = rng.choice(["1", "316", "732", "662", "512"])
        sub = str(rng.randint(2, 9)) + _sub(6 if pre == "1" else 5)
    f = rng.randrange(8)
    if f == 0:
        return "+43 %s %s" % (pre, sub)
    if f == 1:
        return "0%s %s" % (pre, sub)
    if f == 2:
        return "0%s/%s" % (pre, sub)
    if f == 3:
        return "+43 (0)%s %s %s %s" % (pre, sub[:3], sub[3:5], sub[5:])
    if f == 4:
        return "+43%s%s" % (pre, sub)
    if f == 5:
        return "0043 %s %s" % (pre, sub)
    if f == 6:
        return "+43 %s %s %s" % (pre, sub[:3], sub[3:])
    return "0%s-%s" % (pre, sub)


def phone_ch():
    pre = rng.choice(["76", "77", "78", "79", "79", "44", "31", "61", "22", "21", "41", "71"])
    sub = str(rng.randint(2, 9)) + _sub(6)
    grp = "%s %s %s" % (sub[:3], sub[3:5], sub[5:])
    f = rng.randrange(7)
    if f == 0:
        return "+41 %s %s" % (pre, grp)
    if f == 1:
        return "0%s %s" % (pre, grp)
    if f == 2:
        return "0041%s%s" % (pre, sub)
    if f == 3:
        return "+41%s%s" % (pre, sub)
    if f == 4:
        return "+41 (0)%s %s" % (pre, grp)
    if f == 5:
        return "0041 %s %s" % (pre, grp)
    return "0%s/%s" % (pre, sub)


def phone_intl():
    f = rng.randrange(3)
    if f == 0:
        return "+44 7%s %s" % (_sub(3), _sub(6))
    if f == 1:
        return "+44 20 %s %s" % (_sub(4), _sub(4))
    return "+1 (%s) 555-%s" % (rng.choice(["415", "212", "617", "312"]), _sub(4))


def gen_phone(ctx, variant, p):
    table = {"de_mobile": phone_de_mobile, "de_landline": phone_de_landline, "at": phone_at,
             "ch": phone_ch, "intl": phone_intl}
    if variant == "de":
        variant = rng.choice(["de_mobile", "de_landline"])
    if variant is None:
        opts = ["de_mobile"] * 7 + ["de_landline"] * 5 + ["at"] * 4 + ["ch"] * 4
        if ctx.lang == "en":
            opts += ["intl"] * 2
        variant = rng.choice(opts)
    return table[variant]()


IBAN_FMT = {  # n digits, a upper letters, c alnum
    "AD": "4n4n12c", "AT": "16n", "BE": "12n", "BG": "4a6n8c", "CH": "5n12c", "CY": "8n16c",
    "CZ": "20n", "DE": "18n", "DK": "14n", "EE": "16n", "ES": "20n", "FI": "14n",
    "FR": "10n11c2n", "GB": "4a14n", "GI": "4a15c", "GR": "7n16c", "HR": "17n", "HU": "24n",
    "IE": "4a14n", "IS": "22n", "IT": "1a10n12c", "LI": "5n12c", "LT": "16n", "LU": "3n13c",
    "LV": "4a13c", "MC": "10n11c2n", "MT": "4a5n18c", "NL": "4a10n", "NO": "11n", "PL": "24n",
    "PT": "21n", "RO": "4a16c", "SE": "20n", "SI": "15n", "SK": "20n", "SM": "1a10n12c",
    "VA": "18n",
}
IBAN_LEN = {"AD": 24, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22,
            "DK": 18, "EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GI": 23, "GR": 27,
            "HR": 21, "HU": 28, "IE": 22, "IS": 26, "IT": 27, "LI": 21, "LT": 20, "LU": 20,
            "LV": 21, "MC": 27, "MT": 31, "NL": 18, "NO": 15, "PL": 28, "PT": 25, "RO": 24,
            "SE": 24, "SI": 19, "SK": 24, "SM": 27, "VA": 22}
BANK_CODES = {"GB": ["NWBK", "BARC", "MIDL", "LOYD"], "IE": ["AIBK", "BOFI"],
              "NL": ["ABNA", "INGB", "RABO", "TRIO"], "BG": ["BNBG", "UNCR"],
              "GI": ["NWBK"], "LV": ["HABA", "PARX"], "MT": ["MALT", "VALL"],
              "RO": ["BTRL", "RNCB"]}


def bban_for(cc):
    out = []
    for cnt, kind in re.findall(r"(\d+)([nac])", IBAN_FMT[cc]):
        cnt = int(cnt)
        if kind == "n":
            out.append(digits(cnt))
        elif kind == "a":
            if cnt == 4 and cc in BANK_CODES:
                out.append(rng.choice(BANK_CODES[cc]))
            else:
                out.append("".join(rng.choice(string.ascii_uppercase) for _ in range(cnt)))
        else:
            alpha = string.digits if rng.random() < 0.8 else string.digits * 4 + string.ascii_uppercase
            out.append("".join(rng.choice(alpha) for _ in range(cnt)))
    bban = "".join(out)
    # national check digits where easy: BE (mod 97), FR/MC (RIB key), NL (11-proof)
    if cc == "BE":
        base = bban[:10]
        chk = int(base) % 97 or 97
        bban = base + "%02d" % chk
    elif cc in ("FR", "MC"):
        bban = bban[:10] + digits(11)
        bank, branch, acct = int(bban[:5]), int(bban[5:10]), int(bban[10:21])
        key = 97 - ((89 * bank + 15 * branch + 3 * acct) % 97)
        bban = bban[:21] + "%02d" % key
    elif cc == "NL":
        while True:
            acct = digits(10)
            if acct[0] != "0" and sum(int(d) * (10 - i) for i, d in enumerate(acct)) % 11 == 0:
                break
        bban = bban[:4] + acct
    return bban


def make_iban(cc):
    bban = bban_for(cc)
    chk = 98 - iban_num(bban + cc + "00") % 97
    iban = cc + "%02d" % chk + bban
    assert len(iban) == IBAN_LEN[cc], (cc, iban)
    assert iban_valid(iban)
    return iban


def gen_iban(ctx, variant, p):
    if variant is None:
        variant = rng.choice(["DE"] * 10 + ["AT"] * 4 + ["CH"] * 4 + ["any"] * 8)
    cc = rng.choice(sorted(IBAN_FMT)) if variant == "any" else variant
    iban = make_iban(cc)
    if rng.random() < 0.55:
        iban = " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))
    return iban


def make_card(brand):
    if brand == "visa":
        pre, n = "4", 16
    elif brand == "mc":
        pre, n = str(rng.randint(51, 55)), 16
    elif brand == "mc2":
        pre, n = str(rng.randint(2221, 2720)), 16
    elif brand == "amex":
        pre, n = rng.choice(["34", "37"]), 15
    elif brand == "discover":
        pre, n = rng.choice(["6011", "65", str(rng.randint(644, 649))]), 16
    elif brand == "jcb":
        pre, n = str(rng.randint(3528, 3589)), 16
    else:  # diners
        pre, n = rng.choice(["36", "38", str(rng.randint(300, 305))]), 14
    body = pre + digits(n - 1 - len(pre))
    num = body + luhn_check_digit(body)
    assert luhn_valid(num)
    return num


def gen_cc(ctx, variant, p):
    brand = variant or rng.choice(["visa"] * 5 + ["mc"] * 3 + ["mc2"] * 2 + ["amex"] * 2 +
                                  ["discover", "jcb", "diners"])
    num = make_card(brand)
    sep = rng.choice([" ", " ", "-", ""])
    if len(num) == 15:
        groups = [num[:4], num[4:10], num[10:]]
    elif len(num) == 14:
        groups = [num[:4], num[4:10], num[10:]]
    else:
        groups = [num[i:i + 4] for i in range(0, 16, 4)]
    return sep.join(groups)


def make_taxid():
    while True:
        if rng.random() < 0.8:
            pool = rng.sample(string.digits, 9)
            ds = pool + [rng.choice(pool)]
        else:
            pool = rng.sample(string.digits, 8)
            t = rng.choice(pool)
            ds = pool + [t, t]
        rng.shuffle(ds)
        s = "".join(ds)
        if s[0] == "0":
            continue
        cand = s + str(iso7064_mod11_10(s))
        if taxid_valid(cand):
            return cand


def gen_taxid(ctx, variant, p):
    t = make_taxid()
    if rng.random() < 0.35:
        return "%s %s %s %s" % (t[:2], t[2:5], t[5:8], t[8:])
    return t


def gen_taxnr(ctx, variant, p):
    state = rng.choice(["BW", "BY", "BE", "HB", "HH", "HE", "NI", "NW", "RP", "SH", "SN",
                        "TH", "ELSTER", "ELSTER"])
    if variant == "elster":
        state = "ELSTER"
    if state == "BW":
        return "%s/%s" % (digits(5), digits(5))
    if state in ("BY", "SN", "TH"):
        return "%s/%s/%s" % (str(rng.randint(101, 299)), digits(3), digits(5))
    if state in ("BE", "HH", "NI"):
        return "%02d/%s/%s" % (rng.randint(10, 99), digits(3), digits(5))
    if state in ("HB", "SH"):
        return "%02d %s %s" % (rng.randint(10, 99), digits(3), digits(5))
    if state == "HE":
        return "0%02d %s %s" % (rng.randint(10, 99), digits(3), digits(5))
    if state == "NW":
        return "%s/%s/%s" % (str(rng.randint(101, 399)), digits(4), digits(4))
    if state == "RP":
        return "%02d/%s/%s/%s" % (rng.randint(10, 99), digits(3), digits(4), digits(1))
    # 13-digit ELSTER form, e.g. Bayern 9FFF0BBBBBBBP, BW 28FF0BBBBBBBP, NRW 5FFF0BBBBBBBP
    head = rng.choice(["9" + str(rng.randint(101, 299)), "28" + digits(2),
                       "5" + str(rng.randint(101, 399)), "11" + digits(2), "26" + digits(2)])
    return head + "0" + digits(8)


def de_vat():
    while True:
        b = str(rng.randint(1, 9)) + digits(7)
        return "DE" + b + str(iso7064_mod11_10(b))


def at_vat():
    c = digits(7)
    s = 0
    for i, d in enumerate(c):
        v = int(d) * (1 if i % 2 == 0 else 2)
        s += cross(v)
    return "ATU" + c + str((10 - (s + 4) % 10) % 10)


def fr_vat():
    body = str(rng.randint(1, 9)) + digits(7)
    siren = body + luhn_check_digit(body)
    key = (12 + 3 * (int(siren) % 97)) % 97
    return "FR" + "%02d" % key + siren


def nl_vat():
    while True:
        b = digits(8)
        s = sum(int(d) * (9 - i) for i, d in enumerate(b)) % 11
        if s < 10 and b[0] != "0":
            return "NL" + b + str(s) + "B0" + str(rng.randint(1, 3))


def be_vat():
    b = rng.choice(["0", "1"]) + str(rng.randint(2, 9)) + digits(6)
    return "BE" + b + "%02d" % (97 - int(b) % 97)


def it_vat():
    b = digits(7) + rng.choice(["015", "058", "097", "021", "048", "072"])
    return "IT" + b + luhn_check_digit(b)


def pl_vat():
    while True:
        b = str(rng.randint(1, 9)) + digits(8)
        s = sum(int(d) * w for d, w in zip(b, (6, 5, 7, 2, 3, 4, 5, 6, 7))) % 11
        if s < 10:
            return "PL" + b + str(s)


def dk_vat():
    while True:
        b = str(rng.randint(1, 9)) + digits(6)
        s = sum(int(d) * w for d, w in zip(b, (2, 7, 6, 5, 4, 3, 2)))
        c = (-s) % 11
        if c < 10:
            return "DK" + b + str(c)


def lu_vat():
    b = str(rng.randint(1, 9)) + digits(5)
    return "LU" + b + "%02d" % (int(b) % 89)


def che_uid():
    while True:
        b = str(rng.randint(1, 9)) + digits(7)
        c = 11 - sum(int(d) * w for d, w in zip(b, (5, 4, 3, 2, 7, 6, 5, 4))) % 11
        if c == 11:
            c = 0
        if c < 10:
            s = b + str(c)
            return "CHE-%s.%s.%s" % (s[:3], s[3:6], s[6:])


def gen_vat(ctx, variant, p):
    table = {"DE": de_vat, "AT": at_vat, "FR": fr_vat, "NL": nl_vat, "BE": be_vat,
             "IT": it_vat, "PL": pl_vat, "DK": dk_vat, "LU": lu_vat, "CHE": che_uid}
    if variant is None:
        variant = rng.choice(["DE"] * 6 + ["AT"] * 3 + ["FR", "NL", "BE", "IT", "PL", "DK",
                                                        "LU", "CHE"])
    v = table[variant]()
    r = rng.random()
    if variant == "DE" and r < 0.3:
        v = "DE %s %s %s" % (v[2:5], v[5:8], v[8:])
    elif variant == "DE" and r < 0.45:
        v = "DE " + v[2:]
    elif variant == "AT" and r < 0.3:
        v = "ATU " + v[3:]
    elif variant == "FR" and r < 0.4:
        v = "FR %s %s %s %s" % (v[2:4], v[4:7], v[7:10], v[10:])
    elif variant == "BE" and r < 0.4:
        v = "BE %s.%s.%s" % (v[2:6], v[6:9], v[9:])
    return v


ID_ALPHA = "CFGHJKLMNPRTVWXYZ0123456789"
ID_LETTERS = "CFGHJKLMNPRTVWXYZ"


def make_idcard():
    s = rng.choice("LMNPRTVWXYZ") + "".join(rng.choice(ID_ALPHA) for _ in range(8))
    return s + icao_check(s)


def gen_idcard(ctx, variant, p):
    return make_idcard()


def gen_passport(ctx, variant, p):
    if variant is None:
        variant = "de" if rng.random() < 0.6 else "other"
    if variant == "de":
        s = "C" + "".join(rng.choice(ID_ALPHA) for _ in range(8))
        if rng.random() < 0.6:
            s += icao_check(s)
        return s
    kind = rng.randrange(6)
    if kind == 0:    # Austria
        return rng.choice("PU") + digits(7)
    if kind == 1:    # Switzerland
        return rng.choice("XSF") + digits(7)
    if kind == 2:    # Poland
        return rng.choice(["AB", "EZ", "EA", "ES"]) + digits(7)
    if kind == 3:    # Italy
        return rng.choice(["YA", "YB", "AA"]) + digits(7)
    if kind == 4:    # Turkey
        return "U" + digits(8)
    return str(rng.randint(1, 9)) + digits(8)  # US/UK 9 digits


SV_AREAS = ["12", "13", "15", "16", "17", "18", "19", "23", "24", "25", "26", "28", "29",
            "38", "39", "40", "42", "43", "44", "45", "46", "48", "49", "50", "51", "52",
            "53", "54", "55", "56", "58", "59", "60", "61", "62", "63", "64", "65", "66",
            "67", "68", "69", "70", "72", "73", "74", "75", "76", "77", "78", "79", "80",
            "81", "82", "89"]


def gen_svnr(ctx, variant, p):
    area = rng.choice(SV_AREAS)
    dob6 = p.dob.strftime("%d%m%y")
    letter = p.last.lstrip()[0].upper()
    letter = BASE_LETTER.get(letter, letter)
    serial = "%02d" % (rng.randint(0, 49) if p.gender == M else rng.randint(50, 99))
    chk = svnr_check(area, dob6, letter, serial)
    f = rng.randrange(4)
    if f == 0:
        return area + dob6 + letter + serial + chk
    if f == 1:
        return "%s %s %s %s%s" % (area, dob6, letter, serial, chk)
    if f == 2:
        return "%s %s %s%s%s" % (area, dob6, letter, serial, chk)
    return "%s %s %s %s %s" % (area, dob6, letter, serial, chk)


def gen_kvnr(ctx, variant, p):
    letter = rng.choice(string.ascii_uppercase)
    eight = digits(8)
    return letter + eight + kvnr_check(letter, eight)


def gen_ip(ctx, variant, p):
    if variant is None:
        variant = "v4" if rng.random() < 0.6 else "v6"
    if variant == "v4":
        first = rng.choice([84, 91, 178, 87, 93, 62, 217, 46, 188, 80, 79, 213, 5, 31, 192])
        if first == 192:
            return "192.168.%d.%d" % (rng.choice([0, 1, 2, 178]), rng.randint(2, 254))
        return "%d.%d.%d.%d" % (first, rng.randint(0, 255), rng.randint(0, 255),
                                rng.randint(1, 254))
    prefix = rng.choice([0x2a02810d, 0x200300e2, 0x200116b8, 0x2a0a4cc0, 0x2a01c22c])
    groups = [prefix >> 16, prefix & 0xFFFF]
    kind = rng.randrange(3)
    if kind == 0:
        groups += [rng.randint(0, 0xFFFF), 0, 0, 0, 0, rng.randint(1, 0xFFFF)]
    elif kind == 1:
        groups += [rng.randint(0, 0xFFFF) for _ in range(6)]
    else:
        groups += [rng.randint(0, 0xFFFF), rng.randint(0, 0xFFFF), 0, 0,
                   rng.randint(0, 0xFFFF), rng.randint(0, 0xFFFF)]
    val = 0
    for g in groups:
        val = (val << 16) | g
    addr = ipaddress.IPv6Address(val)
    r = rng.random()
    if r < 0.15:
        return addr.exploded
    if r < 0.25:
        return "fe80::%x:%x:%x:%x" % tuple(rng.randint(1, 0xFFFF) for _ in range(4))
    return addr.compressed


def fmt_date(d, style):
    if style == "de":
        return d.strftime("%d.%m.%Y")
    if style == "de_long":
        return "%d. %s %d" % (d.day, DE_MONTHS[d.month - 1], d.year)
    if style == "short":
        return "%d.%d.%02d" % (d.day, d.month, d.year % 100)
    if style == "de_nopad":
        return "%d.%d.%d" % (d.day, d.month, d.year)
    if style == "iso":
        return d.isoformat()
    if style == "en_us":
        return "%s %d, %d" % (EN_MONTHS[d.month - 1], d.day, d.year)
    if style == "en_uk":
        return "%d %s %d" % (d.day, EN_MONTHS[d.month - 1], d.year)
    if style == "en_slash":
        return d.strftime("%d/%m/%Y")
    if style == "en_ord":
        suf = "th" if 11 <= d.day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(d.day % 10, "th")
        return "%d%s %s %d" % (d.day, suf, EN_MONTHS[d.month - 1], d.year)
    raise ValueError(style)


def pick_date_style(ctx, variant):
    if variant in ("de", "de_long", "short", "de_nopad", "iso", "en_us", "en_uk",
                   "en_slash", "en_ord"):
        return variant
    if variant == "en" or (variant is None and ctx.lang == "en"):
        return rng.choice(["en_us", "en_us", "en_uk", "en_slash", "iso", "en_ord", "de"])
    return rng.choice(["de", "de", "de", "de_long", "de_long", "short", "de_nopad", "iso"])


def gen_dob(ctx, variant, p):
    return fmt_date(p.dob, pick_date_style(ctx, variant))


def gen_date(ctx, variant, p):
    start = datetime.date(2012, 1, 1).toordinal()
    end = datetime.date(2025, 6, 30).toordinal()
    d = datetime.date.fromordinal(rng.randint(start, end))
    return fmt_date(d, pick_date_style(ctx, variant))


def housenr():
    r = rng.random()
    n = rng.randint(1, 140)
    if r < 0.18:
        return "%d%s" % (n, rng.choice("ab"))
    if r < 0.24:
        return "%d-%d" % (n, n + 2)
    return str(n)


def abbreviate(street):
    if rng.random() < 0.2 and street.endswith("straße"):
        return street[:-6] + "str."
    if rng.random() < 0.2 and street.endswith("strasse"):
        return street[:-7] + "str."
    return street


def gen_addr(ctx, variant, p):
    if variant is None:
        if ctx.lang == "de":
            variant = rng.choice(["de"] * 6 + ["at"] * 2 + ["ch"] * 2 + ["de_nl"])
        else:
            variant = rng.choice(["de"] * 3 + ["at", "ch", "uk", "uk", "us", "us"])
    if variant == "dach":
        variant = rng.choice(["de", "de", "at", "ch"])
    nl = False
    if variant.endswith("_nl"):
        nl = True
        variant = variant[:-3]
    sep = "\n" if nl else ", "
    if variant == "de":
        plz, city = rng.choice(DE_CITIES)
        if rng.random() < 0.06:
            plz = "D-" + plz
        return "%s %s%s%s %s" % (abbreviate(rng.choice(DE_STREETS)), housenr(), sep, plz, city)
    if variant == "at":
        plz, city = rng.choice(AT_CITIES)
        nr = str(rng.randint(1, 120))
        if city == "Wien" and rng.random() < 0.6:
            nr += "/%d/%d" % (rng.randint(1, 9), rng.randint(1, 30))
        elif rng.random() < 0.2:
            nr += rng.choice("ab")
        return "%s %s%s%s %s" % (rng.choice(AT_STREETS), nr, sep, plz, city)
    if variant == "ch":
        plz, city = rng.choice(CH_CITIES)
        if rng.random() < 0.2:
            plz = "CH-" + plz
        return "%s %s%s%s %s" % (abbreviate(rng.choice(CH_STREETS)), housenr(), sep, plz, city)
    if variant == "uk":
        city, areas = rng.choice(UK_CITIES)
        pc = "%s %d%s" % (rng.choice(areas), rng.randint(1, 9),
                          "".join(rng.choice("ABDEFGHJLNPQRSTUWXYZ") for _ in range(2)))
        nr = str(rng.randint(1, 240)) + ("B" if rng.random() < 0.15 else "")
        return "%s %s%s%s %s" % (nr, rng.choice(UK_STREETS), sep, city, pc)
    # us
    city, st, z = rng.choice(US_CITIES)
    unit = ", Apt %d%s" % (rng.randint(1, 30), rng.choice("ABCD")) if rng.random() < 0.3 else ""
    return "%d %s%s%s%s, %s %s%s" % (rng.randint(1, 9999), rng.choice(US_STREETS), unit, sep,
                                      city, st, z, digits(2))


def b64url(b):
    return base64.urlsafe_b64encode(b).decode().rstrip("=")


ALNUM = string.ascii_letters + string.digits


def rand_alnum(n, alphabet=ALNUM):
    return "".join(rng.choice(alphabet) for _ in range(n))


def rand_hex(n):
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def gen_url(ctx, variant, p):
    kind = rng.randrange(7)
    user = p.first.translate(TRANSLIT).lower()[:1] + p.last.translate(TRANSLIT).lower()
    if kind == 0:
        return "https://%s:%s@%s/uploads/" % (user, rand_alnum(10),
                                             rng.choice(["ftp.druckerei-kaya.de",
                                                         "dav.cloud-buero.at",
                                                         "files.lagerpro.ch"]))
    if kind == 1:
        return "https://%s/reset-password?token=%s" % (
            rng.choice(["app.taskflow.io", "mein.stadtwerke-weissenfels.de",
                        "portal.nordlicht-versicherung.de"]), rand_hex(rng.choice([32, 40, 48])))
    if kind == 2:
        return "https://api.lagerpro.ch/v2/orders?limit=50&api_key=%s" % rand_alnum(32)
    if kind == 3:
        return "https://shop.moebel-sonnenschein.de/account/login?user=%s&session_id=%s" % (
            user, rand_hex(32))
    if kind == 4:
        return "https://files.pixelhafen.de/export.csv?expires=%d&signature=%s&token=%s" % (
            rng.randint(1700000000, 1760000000), rand_hex(24), rand_alnum(28))
    if kind == 5:
        return "ftp://%s:%s@ftp.huber-soehne.at/rechnungen" % (user, rand_alnum(9))
    return "https://app.taskflow.io/oauth/callback?code=%s&access_token=%s" % (
        rand_alnum(20), rand_alnum(40, ALNUM + "-_"))


REAL_BICS = ["COBADEFFXXX", "DEUTDEFF", "INGDDEFFXXX", "BYLADEMMXXX", "GENODEM1GLS",
             "HYVEDEMMXXX", "SSKMDEMMXXX", "NTSBDEB1XXX", "PBNKDEFFXXX", "SOLADEST600",
             "BKAUATWWXXX", "RZOOAT2L", "GIBAATWWXXX", "OPSKATWW", "UBSWCHZH80A",
             "CRESCHZZ80A", "POFICHBEXXX", "ZKBKCHZZ80A", "RABONL2U", "BNPAFRPPXXX",
             "UNCRITMMXXX", "BPKOPLPW", "DRESDEFF100", "HELADEF1822"]


def gen_bic(ctx, variant, p):
    if rng.random() < 0.55:
        return rng.choice(REAL_BICS)
    bank = "".join(rng.choice(string.ascii_uppercase) for _ in range(4))
    cc = rng.choice(["DE", "DE", "AT", "CH", "FR", "NL", "IT", "LU"])
    loc = rng.choice(string.ascii_uppercase + "2345") + rng.choice(string.ascii_uppercase + "1")
    br = rng.choice(["", "XXX", digits(3)])
    return bank + cc + loc + br


PASSWORDS = ["Sommer2024", "Mausi#1987", "Schalke04!!x", "P@ssw0rt123", "Hund&Katze77",
             "Tr0ub4dor&3", "kaffeetasse42", "Bärchen2019", "Winter!Sonne9", "Qwertz123$",
             "MeinHaus1985", "Fenerbahce1907", "Liebe4ever", "geheim_123"]


def gen_pw(ctx, variant, p):
    if rng.random() < 0.6:
        return rng.choice(PASSWORDS)
    return rand_alnum(rng.randint(10, 14), ALNUM + "!?$%#")


def gen_secret(ctx, variant, p):
    if variant is None:
        variant = rng.choice(["openai", "openai", "gh", "aws", "slack", "jwt", "jwt", "stripe",
                              "hex"])
    if variant == "openai":
        if rng.random() < 0.5:
            return "sk-proj-" + rand_alnum(56, ALNUM + "-_")
        return "sk-" + rand_alnum(48)
    if variant == "gh":
        if rng.random() < 0.75:
            return "ghp_" + rand_alnum(36)
        return "github_pat_" + rand_alnum(22) + "_" + rand_alnum(59)
    if variant == "aws":
        return "AKIA" + rand_alnum(16, string.ascii_uppercase + "234567")
    if variant == "slack":
        return "xoxb-%s-%s-%s" % (digits(11), digits(13), rand_alnum(24))
    if variant == "stripe":
        return "sk_test_" + rand_alnum(24)
    if variant == "jwt":
        header = b64url(b'{"alg":"HS256","typ":"JWT"}')
        payload = b64url(json.dumps({"sub": "usr_" + rand_hex(8),
                                     "iat": rng.randint(1700000000, 1750000000),
                                     "scope": rng.choice(["read", "read write", "admin"])},
                                    separators=(",", ":")).encode())
        sig = b64url(bytes(rng.randrange(256) for _ in range(32)))
        return "%s.%s.%s" % (header, payload, sig)
    return rand_hex(rng.choice([40, 48, 64]))


def gen_ssn(ctx, variant, p):
    while True:
        area = rng.randint(1, 899)
        if area != 666:
            break
    s = "%03d-%02d-%04d" % (area, rng.randint(1, 99), rng.randint(1, 9999))
    if rng.random() < 0.2:
        s = s.replace("-", " ")
    return s


def gen_first(ctx, variant, p):
    return p.first


def gen_last(ctx, variant, p):
    return p.last


def gen_full(ctx, variant, p):
    return p.first + " " + p.last


# ---------------------------------------------------------------------------
# Non-PII filler / look-alike generators (never labelled)
# ---------------------------------------------------------------------------

def safe_number(fn):
    """Retry until a digit-only look-alike does not pass card / tax-id checks."""
    while True:
        v = fn()
        d = re.sub(r"\D", "", v)
        if 12 <= len(d) <= 19 and luhn_valid(d):
            continue
        if len(d) == 11 and taxid_valid(d):
            continue
        return v


def f_order():
    k = rng.randrange(6)
    if k == 0:
        return "%s-%s-%s" % (digits(4), digits(4), digits(2))
    if k == 1:
        return "#A-%s" % digits(8)
    if k == 2:
        return "%s-%s-%s" % (digits(3), digits(7), digits(7))
    if k == 3:
        return "ORD-2024-%s" % digits(6)
    if k == 4:
        return "#%s" % digits(7)
    return "BE-%s" % digits(8)


def f_invoice():
    k = rng.randrange(4)
    if k == 0:
        return "RE-%d-%s" % (rng.choice([2023, 2024, 2025]), digits(6))
    if k == 1:
        return "INV-%d-%s" % (rng.choice([2024, 2025]), digits(5))
    if k == 2:
        return "R%d/%02d/%s" % (rng.choice([2024, 2025]), rng.randint(1, 12), digits(4))
    return "%d-%s" % (rng.choice([2024, 2025]), digits(5))


def f_cust():
    k = rng.randrange(3)
    if k == 0:
        return str(rng.randint(10000000, 19999999))
    if k == 1:
        return "K-%s" % digits(6)
    return "KD-%s" % digits(5)


def f_tracking():
    k = rng.randrange(3)
    if k == 0:
        return "00340434" + digits(12)
    if k == 1:
        return "1Z" + rand_alnum(6, string.ascii_uppercase + string.digits) + digits(10)
    return "JJD" + digits(18)


def f_price(ctx):
    k = rng.randrange(6)
    e, c = rng.randint(5, 2999), rng.choice([0, 90, 99, 49, 50])
    if k == 0:
        return "€ " + ("{:,}".format(e).replace(",", ".")) + ",%02d" % c
    if k == 1:
        return ("{:,}".format(e).replace(",", ".")) + ",%02d €" % c
    if k == 2:
        return "$%d.%02d" % (e, c)
    if k == 3:
        return "%d,%02d EUR" % (e, c)
    if k == 4:
        return "CHF %d.–" % e
    return "£%d.%02d" % (e, c)


def f_time(ctx):
    h, m = rng.randint(7, 19), rng.choice([0, 15, 30, 45])
    if ctx.lang == "de":
        return "%d:%02d Uhr" % (h, m)
    return rng.choice(["%d:%02d" % (h, m), "%d pm" % (h - 12 if h > 12 else h)])


def f_version():
    return rng.choice(["v%d.%d.%d" % (rng.randint(1, 5), rng.randint(0, 20), rng.randint(0, 9)),
                       "Version 10.0.%d" % rng.randint(19041, 22631),
                       "iOS %d.%d.%d" % (rng.randint(15, 18), rng.randint(0, 6), rng.randint(1, 3)),
                       "Android %d" % rng.randint(11, 15),
                       "Firmware %d.%02d" % (rng.randint(6, 8), rng.randint(1, 99))])


def f_serial(ctx):
    return rng.choice(["SN: %s-%s-%s" % (rand_alnum(4, string.ascii_uppercase + string.digits),
                                         digits(4), rand_alnum(2, string.ascii_uppercase)),
                       "S/N %s" % rand_alnum(10, string.ascii_uppercase + string.digits),
                       ("Seriennr. " if ctx.lang == "de" else "serial ")
                       + rand_alnum(8, "ABCDEFX0123456789")])


def f_ean():
    def mk():
        d12 = rng.choice(["400", "401", "402", "403", "404", "405", "406", "407", "408",
                          "409", "410", "426", "428", "440", "900", "760"]) + digits(9)
        return d12 + ean13_check(d12)
    return safe_number(mk)


def f_amount(ctx):
    if ctx.lang == "de":
        return rng.choice(["2.500 Euro", "150 Euro", "1.200 €", "10.000 Euro", "799 Euro",
                           "3.000 €"])
    return rng.choice(["$2,500", "150 euros", "€1,200", "$10,000", "499 euros"])


def f_quantity(ctx):
    if ctx.lang == "de":
        return rng.choice(["500 GB", "3 Lizenzen", "20 Nutzer", "50.000 API-Aufrufe"])
    return rng.choice(["500 GB", "3 seats", "20 users", "10,000 API calls", "2 TB"])


def f_plainurl():
    return rng.choice(["https://example.com/help", "https://www.moebel-sonnenschein.de/agb",
                       "https://status.taskflow.io", "https://docs.taskflow.io/api/v2#authentication",
                       "https://www.gruenwerk-solar.de/produkte?kategorie=speicher&seite=2",
                       "www.nordlicht-versicherung.de/schadenmeldung",
                       "https://shop.example.de/versand-und-lieferung"])


def f_year():
    return str(rng.randint(2012, 2024))


def f_duration(ctx):
    if ctx.lang == "de":
        return rng.choice(["14 Tage", "3 Monate", "zwei Wochen", "24 Monate", "ein Jahr",
                           "30 Tage"])
    return rng.choice(["14 days", "3 months", "two weeks", "24 months", "a year", "30 days"])


def f_ticket():
    return rng.choice(["#%s" % digits(5), "TCK-%s" % digits(6), "SUP-%s" % digits(4)])


def f_plz():
    return rng.choice(DE_CITIES + AT_CITIES)[0]


FILLERS = {
    "order": lambda c: safe_number(f_order), "invoice": lambda c: f_invoice(),
    "cust": lambda c: safe_number(f_cust), "tracking": lambda c: safe_number(f_tracking),
    "price": f_price, "time": f_time, "qty": f_quantity, "version": lambda c: f_version(),
    "serial": f_serial, "ean": lambda c: f_ean(), "amount": f_amount,
    "product": lambda c: rng.choice(PRODUCTS), "plainurl": lambda c: f_plainurl(),
    "year": lambda c: f_year(), "year_future": lambda c: str(rng.randint(2026, 2034)), "duration": f_duration, "company": lambda c: rng.choice(COMPANIES),
    "city": lambda c: rng.choice(CITIES), "ticket": lambda c: f_ticket(), "plz": lambda c: f_plz(),
    "bank": lambda c: rng.choice(BANKS),
}

PII_SLOTS = {
    "EMAIL": ("EMAIL", gen_email), "PHONE": ("PHONE", gen_phone), "IBAN": ("IBAN", gen_iban),
    "CC": ("CREDIT_CARD", gen_cc), "TAXID": ("DE_TAX_ID", gen_taxid),
    "TAXNR": ("DE_TAX_NUMBER", gen_taxnr), "VAT": ("VAT_ID", gen_vat),
    "IDCARD": ("DE_ID_CARD", gen_idcard), "PASS": ("PASSPORT", gen_passport),
    "SVNR": ("DE_SOCIAL_SECURITY", gen_svnr), "KVNR": ("DE_HEALTH_INSURANCE", gen_kvnr),
    "IP": ("IP_ADDRESS", gen_ip), "DOB": ("DATE", gen_dob), "DATE": ("DATE", gen_date),
    "FIRST": ("PERSON", gen_first), "LAST": ("PERSON", gen_last), "FULL": ("PERSON", gen_full),
    "ADDR": ("ADDRESS", gen_addr), "URL": ("URL", gen_url), "BIC": ("BIC", gen_bic),
    "SECRET": ("SECRET", gen_secret), "PW": ("SECRET", gen_pw), "SSN": ("US_SSN", gen_ssn),
}


# ---------------------------------------------------------------------------
# Message frames. Uppercase slots are PII (labelled), lowercase are fillers.
# {SLOT:variant#2} uses the second persona of the message.
# ---------------------------------------------------------------------------

DE_PII = [
    # --- EMAIL / PHONE ---
    "Hallo, meine E-Mail-Adresse hat sich geändert. Die neue lautet {EMAIL}, bitte im Kundenkonto aktualisieren.",
    "Können Sie mir die Rechnung {invoice} bitte noch mal an {EMAIL} schicken? Die alte Mail finde ich nicht mehr.",
    "{EMAIL} – an diese Adresse bitte die Auftragsbestätigung.",
    "Ich bekomme keine Mails von euch. Ist bei euch wirklich {EMAIL} hinterlegt?",
    "Bitte alle Newsletter an „{EMAIL}“ abbestellen, danke.",
    "Meine alte Adresse ({EMAIL:rand}) gibt es nicht mehr, bitte nur noch {EMAIL} verwenden.",
    "Rufen Sie mich bitte zurück unter {PHONE}. Ich bin bis {time} im Büro.",
    "Meine Handynummer ist {PHONE:de_mobile}, am besten per WhatsApp.",
    "Telefon: {PHONE:de_landline}\nE-Mail: {EMAIL}",
    "Bitte keine Werbeanrufe mehr auf {PHONE}! Ich habe schon zweimal widersprochen.",
    "Der Techniker soll sich vorher kurz melden ({PHONE:at}), sonst bin ich nicht zuhause.",
    "Unter {PHONE:ch} erreichen Sie mich tagsüber, abends lieber per Mail an {EMAIL}.",
    "{PHONE:de_mobile} ist meine neue Nummer, die alte bitte löschen.",
    "Kannst du dem Paketdienst meine Nummer geben? {PHONE:at}",
    "Die SMS mit dem Code kommt nicht an. Hinterlegt ist doch {PHONE:de_mobile}, oder?",
    "Für Rückfragen: {herr} {LAST}, Tel. {PHONE:ch}",
    # --- names ---
    "Hallo, ich heiße {FULL} und habe eine Frage zu meiner Bestellung {order}.",
    "Guten Tag, mein Name ist {FULL}. Ich möchte meinen Vertrag zum nächstmöglichen Termin kündigen.",
    "Hi, ich bin {FIRST} 🙂 Kann ich die Lieferung auch an eine Packstation schicken lassen?",
    "Ich heiße {FIRST} und wollte fragen, ob ihr auch nach Österreich liefert.",
    "{sg} {LAST},\n\nvielen Dank für den Rückruf. Anbei wie besprochen die Unterlagen.\n\nMit freundlichen Grüßen\n{FULL#2}",
    "Hallo {FIRST}, danke für die schnelle Hilfe gestern! Jetzt klappt alles.",
    "Der Gutschein aus dem Newsletter funktioniert nicht. Könnt ihr mal schauen?\n\nLiebe Grüße\n{FIRST}",
    "Bitte stornieren Sie die Bestellung {order}, sie war ein Versehen.\n\nViele Grüße,\n{FULL}",
    "Ich bin {FIRST} von {company}, wir haben ein Problem mit der Schnittstelle.",
    "Rückruf bitte an {herrn} {LAST} unter {PHONE:de_landline}.",
    "Mein Ansprechpartner war {herr} Dr. {LAST}, der ist aber nicht mehr erreichbar.",
    "Können Sie mich bitte mit {herr} {LAST} aus der Buchhaltung verbinden?",
    "Die Lieferung ist für meine Kollegin {FULL#2f}, bitte an sie adressieren.",
    "{FULL} hier. Ich warte schon {duration} auf meine Erstattung.",
    "Ich schreibe im Auftrag meiner Mutter, {FULL#2fo}. Sie kommt mit dem Online-Portal nicht zurecht.",
    "Moin! Mein Name ist {LAST}, ich hab den Tarif gestern online abgeschlossen.",
    "Prof. Dr. {FULL} – so bitte auf der Rechnung, nicht nur der Nachname.",
    "Der Account läuft noch auf meinen Ex-Mann {FULL#2m}. Kann man den Inhaber ändern?",
    "Gruß aus {city}\n{FIRST}",
    "Mit freundlichen Grüßen\n\n{FULL}\nGeschäftsführer, {company}",
    # --- IBAN / BIC / cards ---
    "Sehr geehrte Damen und Herren,\n\nbitte buchen Sie die Beiträge ab sofort von meinem neuen Konto ab:\nIBAN: {IBAN:DE}\nBIC: {BIC}\n\nMit freundlichen Grüßen\n{FULL}",
    "Die Lastschrift ist zurückgegangen, weil ich die Bank gewechselt habe. Neue IBAN: {IBAN}",
    "Kann die Erstattung von {price} auf mein Konto {IBAN} gehen? Kontoinhaber ist {herr} {FULL}.",
    "{IBAN} ist meine neue Bankverbindung, bitte ab nächstem Monat verwenden.",
    "Ich habe bei der {bank} ein neues Konto (IBAN {IBAN:AT}, BIC {BIC}). Geht die Umstellung online?",
    "Überweisung ist raus, von {IBAN:CH} – wann wird die Zahlung verbucht?",
    "Das Geld bitte auf das Konto meiner Tochter: {IBAN:any}",
    "Ich wohne in Frankreich, mein Konto ist {IBAN:FR}. Nehmt ihr SEPA-Lastschrift von ausländischen Banken?",
    "Bei der Eingabe meiner IBAN ({IBAN:NL}) kommt immer „ungültig“.",
    "Ich habe mit der Karte {CC} bezahlt, aber der Betrag von {price} wurde zweimal abgebucht.",
    "Bitte löschen Sie meine Kreditkarte ({CC}) aus dem Kundenkonto!",
    "Zahlung mit Amex {CC:amex} wurde abgelehnt, obwohl die Karte gedeckt ist.",
    "Kreditkarte: {CC:mc2}\nBitte die monatliche Abbuchung darauf umstellen.",
    "Warum wird meine Mastercard {CC:mc} nicht akzeptiert? Bei anderen Shops geht sie.",
    "{CC:visa} – diese Karte ist abgelaufen, bitte nicht mehr belasten.",
    "Ich habe aus Versehen die Firmenkarte {CC} benutzt statt meiner privaten. Kann man das umbuchen?",
    "Meine Diners-Karte {CC:diners} und die JCB {CC:jcb} funktionieren beide nicht bei euch.",
    "BIC ist {BIC}, falls ihr den noch braucht.",
    # --- tax / VAT ---
    "Für die Lohnabrechnung brauchen Sie ja meine Steuer-ID – die ist {TAXID}.",
    "Steuerliche Identifikationsnummer: {TAXID}\nSteuernummer: {TAXNR}\nFinanzamt {city}",
    "Meine Steuer-IdNr. ({TAXID}) steht doch schon im Portal, warum wird sie noch mal abgefragt?",
    "{TAXID} ist meine Identifikationsnummer, die Steuernummer habe ich gerade nicht zur Hand.",
    "Bitte auf der Rechnung unsere Steuernummer {TAXNR} angeben, wir sind Kleinunternehmer.",
    "St.-Nr. {TAXNR}, Finanzamt {city} – reicht das für die Gutschrift?",
    "Unsere USt-IdNr. lautet {VAT:DE}, bitte auf der Rechnung {invoice} ergänzen.",
    "Rechnungsanschrift:\n{company}\n{ADDR:de_nl}\nUSt-ID: {VAT}",
    "Wir sitzen in Österreich, UID-Nummer {VAT:AT}. Können Sie netto ohne Umsatzsteuer abrechnen?",
    "Die Umsatzsteuer-ID {VAT} wurde beim Checkout als ungültig angezeigt.",
    "Reverse Charge bitte: unsere VAT-Nummer ist {VAT:FR}, Firmensitz Lyon.",
    "Unsere UID lautet {VAT:CHE}, wir sind in der Schweiz mehrwertsteuerpflichtig.",
    "Steuernummer für die Gewerbeanmeldung: {TAXNR}. USt-IdNr. ist beantragt.",
    # --- IDs ---
    "Ich habe die Online-Identifizierung abgebrochen. Meine Ausweisnummer ist {IDCARD}, reicht das?",
    "Beim Video-Ident wurde meine Personalausweisnummer ({IDCARD}) nicht akzeptiert.",
    "Personalausweis-Nr.: {IDCARD}\nGeburtsdatum: {DOB:de}",
    "Reisepassnummer: {PASS:de}",
    "Für die Buchung der Reise: Reisepass Nr. {PASS}, ausgestellt in {city}.",
    "Mein neuer Pass hat die Nummer {PASS:de}, der alte ist abgelaufen. Bitte im Profil ändern.",
    "Die Ausweisnummer {IDCARD} gehört zu meinem alten Perso, der neue kommt erst in {duration}.",
    "Ich habe nur einen polnischen Reisepass, Passnummer {PASS:other}. Geht das auch?",
    "Für das Visum brauche ich die Passnummer auf der Buchung: {PASS:de} (nicht die vom Perso).",
    "Name laut Reisepass: {FULL}, Passnummer {PASS}, gültig bis {year_future}.",
    # --- social / health ---
    "Die Rentenversicherungsnummer {SVNR} gehört meinem Mann, nicht mir. Bitte korrigieren.",
    "Für den Antrag: Sozialversicherungsnummer {SVNR}, Krankenversichertennummer {KVNR}.",
    "Meine Versichertennummer steht auf der Gesundheitskarte: {KVNR}",
    "Hallo, ich bin {FULL}, geboren am {DOB:de}, RV-Nummer {SVNR}. Ich brauche eine Bescheinigung.",
    "KVNR {KVNR} – bitte für die Erstattung der Brille verwenden.",
    "Neue Krankenkasse seit {year}, die Versichertennummer ist jetzt {KVNR}.",
    "SV-Nummer: {SVNR}\nSteuer-ID: {TAXID}\nKrankenkasse: TK",
    # --- IP ---
    "Seit heute früh werde ich gesperrt, meine IP ist {IP:v4}. Könnt ihr die freigeben?",
    "Im Admin-Log taucht die Adresse {IP:v6} auf. Ist das ein Angriff?",
    "Bitte {IP:v4} und {IP:v6} auf die Whitelist setzen, das sind unsere Büroanschlüsse.",
    "Mein Router hat die {IP:v4}, trotzdem erreiche ich das Webinterface nicht.",
    "Login-Versuche von {IP} – das war nicht ich!",
    # --- dates ---
    "Geburtsdatum: {DOB:de}",
    "Ich bin am {DOB:short} geboren, warum steht im Konto ein anderes Datum?",
    "Mein Geburtstag ist der {DOB:de_long}, im Formular steht aber der 1. Januar.",
    "Bitte das Geburtsdatum meines Sohnes {FIRST#2mc} nachtragen: {DOB:de#2}",
    "Mein Vater ist am {DATE:de} verstorben. Wie kann ich seinen Vertrag kündigen?",
    "Geb.-Datum {DOB:iso}, Name {FULL}",
    "Ich (geb. {DOB:de_nopad#1c}) möchte den Jugendtarif, bin ich noch berechtigt?",
    # --- addresses ---
    "Bitte die Lieferadresse ändern auf {ADDR:de}.",
    "Neue Anschrift:\n{ADDR:de_nl}",
    "Ich bin umgezogen und wohne jetzt in der {ADDR:de}.",
    "Liefert ihr auch nach {ADDR:at}? Im Shop kann ich nur Deutschland auswählen.",
    "Rechnungsadresse: {company}, {ADDR:ch}",
    "Das Paket ging an meine alte Adresse ({ADDR:de}) statt an die neue.",
    "{FULL}\n{ADDR:de_nl}\n\nBitte an diese Anschrift liefern.",
    "Ich bin ab {year} in Wien gemeldet: {ADDR:at}. Muss ich das irgendwo ändern?",
    "Lieferung bitte nicht an die Packstation, sondern an {ADDR}, Hinterhaus.",
    # --- URL / secrets ---
    "Der Link aus eurer Mail funktioniert nicht: {URL}",
    "Ich habe mich ausgesperrt. Mein Passwort ist {PW} – kann man das zurücksetzen?",
    "Unser API-Key {SECRET:openai} wird seit gestern mit Fehler 401 abgelehnt.",
    "AWS Access Key ID {SECRET:aws} – der Export in unseren S3-Bucket schlägt fehl.",
    "Hier der Token für den Zugriff: {SECRET:gh}",
    "Passwort: {PW}\nBenutzername ist meine Mailadresse {EMAIL}",
    "Hab das Passwort auf „{PW}“ geändert, komme aber trotzdem nicht rein.",
    "Der Slack-Bot meldet \"invalid_auth\", obwohl der Token {SECRET:slack} stimmt.",
    "Ist es sicher, den Webhook so einzubauen? {URL}",
    "Unser Stripe-Testschlüssel {SECRET:stripe} wird im Staging nicht akzeptiert.",
    "Im Header schicken wir Authorization: Bearer {SECRET:jwt} – trotzdem 403.",
    "Zugangsdaten für den FTP-Upload: {URL} (bitte nur intern weitergeben)",
    "Mein altes Passwort war {PW} und das neue wird abgelehnt, weil es zu ähnlich ist?",
    "API-Schlüssel: {SECRET:hex}",
    # --- US SSN in German ---
    "Ich habe früher in den USA gearbeitet, meine Social Security Number ist {SSN}. Brauchen Sie die für das Formular?",
    # --- multi-value / longer ---
    "Hallo,\nich möchte meine Daten aktualisieren:\nName: {FULL}\nAdresse: {ADDR:de}\nTelefon: {PHONE}\nE-Mail: {EMAIL}\nDanke!",
    "Guten Tag, ich bin {FULL} (Kundennr. {cust}). Bitte ab sofort per Lastschrift von {IBAN:DE} abbuchen.",
    "Schadenmeldung: Versicherungsnehmer {FULL}, geb. {DOB:de}, wohnhaft {ADDR:de}. Der Wasserschaden ist am Wochenende passiert.",
    "Ich bin {FIRST#1f}, mein Mann {FIRST#2m} und ich wollen den Partnertarif. Seine Mail: {EMAIL#2}",
    "Kontoinhaberin: {FULL#1f}\nIBAN: {IBAN}\nVerwendungszweck: {invoice}",
    "Für die Kreditprüfung: {FULL}, geboren {DOB:de_long}, Steuer-ID {TAXID}, Anschrift {ADDR:de}.",
    "Meine Daten für den Vertrag: {herr} {FULL}, {ADDR:ch}, {PHONE:ch}",
    "Hallo zusammen, bin {FIRST} vom Einkauf bei {company}. Neue Lieferanschrift ist {ADDR:de}, USt-IdNr. {VAT:DE}. Danke euch!",
    "Anbei die Daten für die Anmeldung:\n- Name: {FULL}\n- Geburtsdatum: {DOB}\n- Ausweisnr.: {IDCARD}\n- Handy: {PHONE:de_mobile}",
    "Können Sie die Mahnung zurücknehmen? Ich habe am Montag überwiesen, von {IBAN:DE}.\n\nGruß\n{FULL}",
    "Meine Kreditkarte {CC} wurde gesperrt. Bitte stattdessen {IBAN} belasten.",
    "Hier meine Bankdaten für die Auszahlung: {IBAN:DE} / {BIC}. Kontoinhaber: {FULL#1m}",
    "Falls die Auslandsüberweisung einen BIC braucht: {BIC}.",
    "Unter {URL} kann jeder unsere Rechnungen sehen, ist das so gewollt?",
    "In der Doku steht, man soll die Daten so abrufen: {URL} – ist das korrekt?",
    "Der Download-Link {URL} geht bei mir nicht, da kommt nur „403 Forbidden“.",
    "Die Krankenkasse hat mir eine neue Karte geschickt, Versichertennr. {KVNR}. Bitte im Profil ändern.",
    "Meine Tochter {FIRST#2fc} ist bei mir familienversichert, ihre Versichertennummer lautet {KVNR}.",
    "Ausweis verloren! Die Nummer war {IDCARD}. Muss ich das auch bei Ihnen melden?",
    "Perso-Nr. {IDCARD}, gültig bis {year_future}",
    "Die Steuernummer {TAXNR} ist die von meiner alten Firma, die neue lautet {TAXNR}.",
    "Steuernummer (13-stellig, ELSTER): {TAXNR:elster}",
    "Ich bin selbstständig: Steuernummer {TAXNR}, USt-IdNr. {VAT:DE}, Steuer-ID {TAXID}.",
    "Bitte prüfen Sie meine SV-Nummer {SVNR}, in der Lohnabrechnung steht eine andere.",
    "Meine Sozialversicherungsnummer: {SVNR} (steht auf dem Ausweis von der DRV)",
    "Bitte folgende Daten übernehmen: {FULL}, {ADDR:at}, Tel. {PHONE:at}, IBAN {IBAN:AT}.",
    "Hallo, hier {FIRST} – meine neue Handynummer ist {PHONE:de_mobile} und die Mail {EMAIL}.",
    "Vertragspartner: {company}, vertreten durch {herrn} {FULL}, {ADDR:de}, USt-IdNr. {VAT:DE}",
    "Die Zahlung per Kreditkarte ({CC:discover}) ist fehlgeschlagen, Bestellung {order}. Können Sie mir stattdessen die IBAN für Vorkasse schicken?",
    "Ich (IP {IP:v4}) bekomme bei jedem Login die Meldung „Passwort falsch“, obwohl ich {PW} eingebe.",
]

EN_PII = [
    # --- EMAIL / PHONE ---
    "Hi, I changed my email address to {EMAIL}. Can you update my account?",
    "Please send the invoice {invoice} to {EMAIL} instead of my work address.",
    "{EMAIL} is the right address, not the one on file.",
    "I never received the confirmation. Is it going to {EMAIL}?",
    "Please call me back on {PHONE}, I'm available until {time}.",
    "My mobile is {PHONE:de_mobile} (German number, I'm based in Munich).",
    "You can reach me at {PHONE:ch} or {EMAIL}.",
    "Phone: {PHONE:at}\nEmail: {EMAIL}",
    "The courier should call {PHONE:intl} before delivery.",
    "Please remove {PHONE} from your marketing list.",
    "Our office number changed to {PHONE:de_landline}, could you update it in the CRM?",
    # --- names ---
    "My name is {FULL} and I can't log into the dashboard.",
    "I'm {FIRST}, the account owner. Could you send the invoice {invoice} to {EMAIL} instead?",
    "This is {FULL} from {company}. We'd like to upgrade to the Business plan.",
    "Hi {FIRST}, thanks for your help yesterday!",
    "Hey, it's {FIRST} again. Any news on my ticket {ticket}?",
    "Dear {mr} {LAST},\nthank you for the quick reply. The issue is solved.\nBest regards,\n{FULL#2}",
    "Could you forward this to {mr} {LAST} in your billing team?",
    "The order was placed by my colleague {FULL#2}, but I'm the admin now.",
    "Please cancel my subscription.\n\nThanks,\n{FIRST}",
    "Best regards,\n{FULL}\nHead of Operations, {company}",
    "I'm writing on behalf of Dr. {FULL#2}, who is currently travelling.",
    "Hello, my name is {LAST}, {FIRST} {LAST}. I spoke to someone on the phone earlier.",
    "My husband {FIRST#2m} set up the account, but it should be in my name: {FULL#1f}.",
    "Kind regards,\n{FULL}",
    "Hi there, {FIRST} here 👋 quick question about the {product}.",
    "Cheers,\n{FIRST}",
    # --- banking ---
    "Refund to IBAN {IBAN} please (account holder: {FULL}).",
    "Please transfer the money to {IBAN:any} (BIC {BIC}).",
    "My new bank details: {IBAN:DE}, {bank}.",
    "I paid from {IBAN:GB} but the payment isn't showing up yet.",
    "Can I use an Austrian account for direct debit? IBAN is {IBAN:AT}.",
    "The IBAN {IBAN:CH} was rejected by your form, but it's a valid Swiss account.",
    "Why was my card {CC} declined? There's plenty of money on it.",
    "The payment with {CC:amex} failed three times.",
    "Please charge the remaining {price} to my Mastercard {CC:mc2}.",
    "I see two charges on card {CC:visa}, please refund one of them.",
    "Card number: {CC}\nPlease update it for the yearly renewal.",
    "Discover card {CC:discover} isn't listed as a payment option, is it supported?",
    "SWIFT/BIC: {BIC}",
    # --- tax / VAT ---
    "Our VAT ID is {VAT}; please add it to the invoice so we don't get charged German VAT.",
    "My German tax ID (Steuer-ID) is {TAXID} – do you need the Steuernummer too?",
    "Our Steuernummer is {TAXNR}, VAT ID {VAT:DE}.",
    "VAT number {VAT:NL} – we are a Dutch company, reverse charge applies.",
    "Please put {VAT:AT} on the invoice, that's our Austrian UID.",
    "The checkout says the VAT ID {VAT:BE} is invalid, but VIES confirms it.",
    "Tax identification number for the payroll: {TAXID}",
    "We're registered in Italy, partita IVA {VAT:IT}.",
    "Our Polish VAT number is {VAT:PL} and our Danish entity uses {VAT:DK}.",
    "For the contract: company tax number {TAXNR} (Finanzamt {city}).",
    # --- IDs ---
    "Passport number: {PASS}",
    "The verification asks for my ID card number. It's {IDCARD}, but it keeps saying invalid.",
    "My passport number is {PASS:other}, issued {DATE:en}.",
    "German Personalausweis no. {IDCARD} – is that accepted for the age check?",
    "I uploaded my passport ({PASS:de}) twice, the KYC still fails.",
    "Passport no. {PASS:other} – I'm a UK citizen living in Vienna.",
    "For the hotel booking: {FULL}, passport {PASS}, born {DOB:en}.",
    # --- social / health ---
    "My SSN is {SSN}, I need a W-9 form for my US income.",
    "Social Security number: {SSN}\nDate of birth: {DOB:en_us}",
    "Do you really need my SSN ({SSN}) to open a business account?",
    "I accidentally typed my social security number {SSN} into the address field, can you remove it?",
    "My Rentenversicherungsnummer is {SVNR} – sorry, the form is in German and I'm not sure which one you need.",
    "Health insurance number (KVNR): {KVNR}",
    "The insurer asked for my Krankenversichertennummer, it's {KVNR}. My employer's pension number is {SVNR}.",
    "German social security no. {SVNR}, tax ID {TAXID}.",
    # --- IP ---
    "Login fails from {IP}. Is that IP blocked?",
    "Please whitelist {IP:v4} for our API access.",
    "We see requests from {IP:v6} hitting our account, can you check?",
    "My IP address is {IP:v4}, if that helps with the debugging.",
    # --- dates ---
    "my date of birth is {DOB:en}",
    "I was born on {DOB:en} but the form says I'm under 18??",
    "DOB: {DOB:iso}",
    "My daughter {FIRST#2fc} was born on {DOB:en_uk#2}, can she be added to the family plan?",
    "The policyholder, my father, passed away on {DATE:en}. How do I close his account?",
    # --- addresses ---
    "Hello,\nplease ship to {ADDR:uk}.\nThanks,\n{FIRST}",
    "Billing address: {ADDR:us}",
    "We moved! New office: {ADDR:de}.",
    "Can you deliver to {ADDR:at}? The shop only lets me choose Germany.",
    "Shipping address:\n{ADDR:ch_nl}",
    "The package was sent to my old address ({ADDR:uk}) instead of {ADDR:de}.",
    "Please update my address to {ADDR}, effective next month.",
    "{FULL}\n{ADDR:us_nl}",
    # --- URL / secrets ---
    "Reset link: {URL} – it says expired.",
    "Here's my API key so you can check: {SECRET}",
    "I pasted my token by accident earlier: {SECRET:jwt}. Can you delete it?",
    "Our GitHub integration uses {SECRET:gh} and suddenly returns 401.",
    "my password is {PW} and it still says wrong credentials",
    "Is it OK to share the connection string? {URL}",
    "AWS key {SECRET:aws} was rotated yesterday, do I need to update it in your settings?",
    "OpenAI key for the integration: {SECRET:openai}",
    "The Slack token ({SECRET:slack}) stopped working after we reinstalled the app.",
    "Password: \"{PW}\" — please don't store it, I'll change it after the call.",
    "Webhook URL we configured: {URL}",
    "Bearer {SECRET:jwt}",
    # --- multi-value ---
    "Hi, I'd like to update my details:\nName: {FULL}\nAddress: {ADDR}\nPhone: {PHONE}\nEmail: {EMAIL}",
    "I'm {FULL}, customer {cust}. Please refund {price} to {IBAN} and confirm to {EMAIL}.",
    "Claim details: policyholder {FULL}, DOB {DOB:en}, address {ADDR:de}.",
    "Company: {company}\nContact: {FULL}\nVAT ID: {VAT}\nPhone: {PHONE}",
    "For the KYC: passport {PASS}, date of birth {DOB:en}, address {ADDR:uk}.",
    "This is {FIRST} from {company} – our admin account ({EMAIL}) is locked, last login was from {IP}.",
    "Please charge {CC} for the upgrade and send the receipt to {EMAIL}. Thanks, {FIRST}",
    "Payroll data for our new hire {FULL#2}: tax ID {TAXID}, social security {SVNR}, health insurance {KVNR}.",
    "For the bank transfer you'll need our BIC ({BIC}) and IBAN {IBAN}.",
    "BIC {BIC} belongs to my old bank, please don't use it anymore.",
    "The export link {URL} is visible to anyone who has it. Is that intended?",
    "Our integration calls {URL} every hour and gets 403.",
    "My German ID card number is {IDCARD}, valid until {year_future}.",
    "KVNR {KVNR} — please add it to my profile for the reimbursement.",
    "I think I mixed up my health insurance number, the correct one is {KVNR}.",
    "Our company tax number in Germany is {TAXNR}.",
    "My SSN {SSN} shows up in plain text on the PDF you sent me, please fix that.",
    "SSN: {SSN}, ITIN still pending.",
    "My German social insurance number (Sozialversicherungsnummer) is {SVNR}.",
    "Data for our freelancer {FULL#2}: Steuernummer {TAXNR}, IBAN {IBAN}, address {ADDR:de}.",
    "Contact person: {mr} {FULL}, {PHONE}, {EMAIL}",
    "Hey, {FIRST} here. New number is {PHONE:ch}, new address {ADDR:ch}.",
    "Hi! {FULL} here, born {DOB:en}, SSN {SSN}. I need my tax documents resent to {ADDR:us}.",
]

DE_NEG = [
    "Wo bleibt meine Bestellung {order}? Laut Sendungsverfolgung ({tracking}) hängt sie seit 3 Tagen im Paketzentrum.",
    "Die Rechnung {invoice} über {price} wurde doppelt gebucht.",
    "Meine Kundennummer ist {cust}, ich möchte das Abo zum Monatsende kündigen.",
    "Funktioniert die App auch mit {version}?",
    "Ist der {product} noch lieferbar? Auf der Seite steht 2–3 Werktage.",
    "Gerät: {product}, {serial}. Nach dem Update auf {version} startet es nicht mehr.",
    "Der Artikel mit der EAN {ean} kostet im Shop {price}, in der Filiale mehr. Gilt Preisgarantie?",
    "Kann ich {amount} auch in Raten zahlen?",
    "Ich habe die FAQ unter {plainurl} gelesen, finde aber nichts zur Rückgabe.",
    "Liefert ihr auch in die PLZ {plz}?",
    "Ich komme morgen um {time} vorbei, um die Ware abzuholen. Hat die Filiale in {city} dann offen?",
    "Hallo,\nseit {year} bin ich Kunde, und jetzt das: Paket {tracking} wurde an die falsche Packstation geliefert.\nViele Grüße",
    "Sucht ihr noch die Extended Edition von Herr der Ringe auf Blu-ray? Ich würde sie vorbestellen.",
    "Gibt es die Dr. Oetker Ristorante Pizza auch glutenfrei?",
    "Ticket {ticket}: Fehlercode 0x80070005 bei der Installation von {version}.",
    "Mein Name ist auf der Rechnung falsch geschrieben, wie kann ich das ändern?",
    "Ich bin Stammkunde seit {year} und finde die neuen Versandkosten unverschämt.",
    "Wie lange dauert die Rückerstattung? Ich habe den {product} vor {duration} zurückgeschickt.",
    "Die Lieferung zur Bestellung {order} ist unvollständig, es fehlt das Netzteil.",
    "Hallo, ich habe eine Frage zur Widerrufsfrist: zählt die ab Lieferung oder ab Bestellung?",
    "Ist im Tarif Premium ({price} im Monat) auch die Auslandsreise-KV enthalten?",
    "Was kostet der Expressversand nach {city}?",
    "Ich hätte gerne eine Rechnung mit ausgewiesener MwSt. für die Bestellung {order}.",
    "Die Kundennummer {cust} taucht bei mir zweimal auf – habe ich zwei Konten?",
    "Bekomme ich auf den {product} noch Garantie? Gekauft {year}, Rechnung {invoice} liegt vor.",
    "Laut Aufkleber: {serial}. Das Gerät piept dreimal beim Start.",
    "Die Sendung {tracking} steht auf „Zustellung nicht möglich“. Was heißt das?",
    "Ich möchte {amount} in den ETF-Sparplan einzahlen, geht das auch einmalig?",
    "Laut {plainurl} gibt es einen Rabatt für Studierende. Wie bekomme ich den?",
    "Wir sind {company} und suchen eine Lösung für ca. 40 Mitarbeitende. Gibt es Mengenrabatt?",
    "Guten Tag,\n\nbitte senden Sie mir ein Angebot für 3 Lizenzen (Jahreslizenz).\n\nMit freundlichen Grüßen",
    "Die Firmware {version} hat mein Gerät lahmgelegt. Gibt es ein Downgrade?",
    "Mein Kind ist {duration} alt, ab wann darf es in die Familienversicherung?",
    "Die Bestellung {order} (EAN {ean}) kam beschädigt an. Schicke ich sie zurück oder entsorge ich sie?",
    "Zahle ich {price} oder {price} – im Warenkorb stehen zwei verschiedene Preise.",
    "Hallo! Wann kommt der {product} wieder rein? Ich warte seit {duration}.",
    "Öffnungszeiten der Hotline? Ich habe es um {time} versucht und niemand ging ran.",
    "Ist die Rechnung {invoice} schon bezahlt? Bei mir steht noch offen.",
    "Meine Karte endet auf {last4} – wurde damit schon abgebucht?",
    "Ich wohne in {city} und würde gerne eine Beratung vor Ort machen.",
    "Frage zum Datenschutz: Wo werden meine Daten gespeichert, in der EU?",
    "Ich bin Neukundin und würde gerne wissen, ob es einen Willkommensrabatt gibt.",
    "Liebe Grüße und danke für den tollen Service!",
]

EN_NEG = [
    "Where is my order {order}? Tracking {tracking} hasn't updated in a week.",
    "Invoice {invoice} shows {price} but the plan page says something else.",
    "Does the app support {version}?",
    "Is the {product} compatible with Apple HomeKit?",
    "I read {plainurl} but still can't find how to export my data.",
    "Customer number {cust} – please cancel the renewal for next year.",
    "What's the difference between the Pro and Business plans? We need {qty}.",
    "The item with EAN {ean} is out of stock. When will it be available again?",
    "Device {serial} stopped syncing after the update to {version}.",
    "Can I get a refund within {duration}? The product doesn't work as advertised.",
    "Our team ({company}) is evaluating your tool. Is there a trial for {duration}?",
    "Ticket {ticket} is still open, any update?",
    "My name is misspelled on the invoice, how can I fix it?",
    "I'm not sure which plan to choose, can you help?",
    "Do you ship to {city}? And how much is express delivery?",
    "The package {tracking} says delivered but I didn't get anything.",
    "Why was I charged {price} twice for order {order}?",
    "Can you send me the invoice for {order} as a PDF?",
    "We've been customers since {year} and the new pricing is a big jump.",
    "Is the API rate limit {qty} per month or per day? The docs at {plainurl} are unclear.",
    "Error 504 when uploading files larger than 2 GB. Running {version}.",
    "Hi team,\n\nquick question: is VAT included in {price}?\n\nThanks!",
    "My card ending in {last4} was charged, but the order {order} shows unpaid.",
    "What are your support hours? I tried calling at {time}.",
    "Is there an EU data center option? We're based in {city}.",
    "The {product} arrived with a broken screen, order {order}.",
    "Do I need to return the original packaging? It's been {duration}.",
    "Can I pay {amount} upfront for the whole year and get a discount?",
    "Invoice {invoice} and invoice {invoice} seem to be duplicates.",
    "How do I reset my password? The reset email never arrives.",
    "I'm interested in the {product}, is there a student discount?",
    "Thanks a lot, that solved it!\n\nBest regards",
    "Our accounting team needs invoices with reverse-charge notes from now on. Is that a setting?",
]


def f_last4():
    return digits(4)


FILLERS["last4"] = lambda c: f_last4()

SLOT_RE = re.compile(r"\{([A-Za-z_0-9]+)(?::([A-Za-z0-9_]+))?(?:#(\d)([mfco]*))?\}")


class Ctx:
    def __init__(self, lang, template):
        self.lang = lang
        flags = collections.defaultdict(str)
        for m in SLOT_RE.finditer(template):
            if m.group(3):
                flags[int(m.group(3))] += m.group(4) or ""
        self.personas = [Persona(lang, flags[1]), Persona(lang, flags[2])]


def honorific(kind, p):
    fem = p.gender == F
    if kind == "herr":
        return "Frau" if fem else "Herr"
    if kind == "herrn":
        return "Frau" if fem else "Herrn"
    if kind == "sg":
        return "Sehr geehrte Frau" if fem else "Sehr geehrter Herr"
    if kind == "mr":
        return rng.choice(["Ms", "Mrs", "Ms."]) if fem else rng.choice(["Mr", "Mr."])
    raise KeyError(kind)


def render(template, lang):
    ctx = Ctx(lang, template)
    text = ""
    spans = []
    pos = 0
    for m in SLOT_RE.finditer(template):
        text += template[pos:m.start()]
        name, variant, pidx = m.group(1), m.group(2), m.group(3)
        p = ctx.personas[int(pidx) - 1 if pidx else 0]
        if name in PII_SLOTS:
            typ, fn = PII_SLOTS[name]
            val = fn(ctx, variant, p)
            start = len(text)
            text += val
            spans.append({"type": typ, "start": start, "end": len(text), "_v": val})
        elif name in ("herr", "herrn", "sg", "mr"):
            text += honorific(name, p)
        else:
            text += FILLERS[name](ctx)
        pos = m.end()
    text += template[pos:]
    for s in spans:
        assert text[s["start"]:s["end"]] == s.pop("_v"), (template, s)
    return text, spans


# ---------------------------------------------------------------------------
# Validators used as a final self-check on every labelled value
# ---------------------------------------------------------------------------

def self_check(typ, v):
    if typ == "IBAN":
        assert iban_valid(v), v
    elif typ == "CREDIT_CARD":
        assert luhn_valid(v), v
    elif typ == "DE_TAX_ID":
        assert taxid_valid(v), v
    elif typ == "DE_ID_CARD":
        assert len(v) == 10 and all(c in ID_ALPHA for c in v[:9]) and icao_check(v[:9]) == v[9], v
    elif typ == "DE_SOCIAL_SECURITY":
        c = v.replace(" ", "")
        assert len(c) == 12 and svnr_check(c[:2], c[2:8], c[8], c[9:11]) == c[11], v
    elif typ == "DE_HEALTH_INSURANCE":
        assert len(v) == 10 and kvnr_check(v[0], v[1:9]) == v[9], v
    elif typ == "VAT_ID":
        c = v.replace(" ", "").replace(".", "")
        if c.startswith("DE"):
            assert iso7064_mod11_10(c[2:10]) == int(c[10]), v
    elif typ == "IP_ADDRESS":
        ipaddress.ip_address(v)
    elif typ == "PASSPORT" and v.startswith("C") and len(v) == 10:
        assert icao_check(v[:9]) == v[9], v


def main():
    targets = {("de", "pii"): 168, ("de", "neg"): 58, ("en", "pii"): 132, ("en", "neg"): 48}
    pools = {("de", "pii"): DE_PII, ("de", "neg"): DE_NEG, ("en", "pii"): EN_PII,
             ("en", "neg"): EN_NEG}
    for k, frames in pools.items():
        assert len(set(frames)) == len(frames), "duplicate frame in %s" % (k,)
    records = []
    seen = set()
    for key in [("de", "pii"), ("de", "neg"), ("en", "pii"), ("en", "neg")]:
        lang, kind = key
        frames = pools[key]
        order = list(frames)
        rng.shuffle(order)
        # every frame once, then further random passes until the target count is met
        # extra picks favour frames with several PII slots (aim: ~1/3 multi-value)
        multi_frames = [f for f in frames
                        if sum(1 for m in SLOT_RE.finditer(f) if m.group(1) in PII_SLOTS) >= 2]
        while len(order) < targets[key]:
            extra = list(multi_frames or frames)
            rng.shuffle(extra)
            order += extra
        order = order[:max(targets[key], len(frames))]
        for tpl in order:
            for _ in range(20):
                text, spans = render(tpl, lang)
                if text not in seen:
                    break
            if text in seen:
                continue
            seen.add(text)
            if kind == "pii":
                assert spans, tpl
            else:
                assert not spans, tpl
            for s in spans:
                self_check(s["type"], text[s["start"]:s["end"]])
            records.append({"text": text, "lang": lang, "spans": spans})
    rng.shuffle(records)
    with open(OUT, "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")

    # summary
    by_lang = collections.Counter(r["lang"] for r in records)
    by_type = collections.Counter(s["type"] for r in records for s in r["spans"])
    no_pii = sum(1 for r in records if not r["spans"])
    multi = sum(1 for r in records if len(r["spans"]) >= 2)
    print("wrote %d messages to %s" % (len(records), OUT))
    print("frames: de_pii=%d en_pii=%d de_neg=%d en_neg=%d (total %d)" % (
        len(DE_PII), len(EN_PII), len(DE_NEG), len(EN_NEG),
        len(DE_PII) + len(EN_PII) + len(DE_NEG) + len(EN_NEG)))
    print("messages per language:", dict(sorted(by_lang.items())))
    print("no-PII messages: %d (%.1f %%)" % (no_pii, 100.0 * no_pii / len(records)))
    print("messages with >=2 spans: %d (%.1f %% of PII messages)" % (
        multi, 100.0 * multi / (len(records) - no_pii)))
    print("spans per type (total %d):" % sum(by_type.values()))
    for t, n in sorted(by_type.items(), key=lambda x: (-x[1], x[0])):
        print("  %-20s %d" % (t, n))


if __name__ == "__main__":
    main()
