"""Dates and bylines in German, French, Spanish, Italian, Portuguese, Polish and Dutch: tables.

Each date row is (text, lang, expected ISO value with ``REFERENCE`` as "now", whether
``find_date`` takes the whole line as a timestamp). Each byline row is (text, authors, agencies)
for ``find_byline``; the near misses are lines of prose that must not be bylines or dates.
"""

from __future__ import annotations

import datetime as dt

import pytest

from newsclean import find_author_bio, find_byline, find_date, parse_date

REFERENCE = dt.datetime(2024, 3, 12, 12, 0)

DATES = [
    # German: labels, weekday, "Uhr", relative dates
    ("Aktualisiert am 12.03.2024, 14:05 Uhr", "de", "2024-03-12T14:05:00", True),
    ("Aktualisiert am 12.03.2024 um 14:05 Uhr", "de", "2024-03-12T14:05:00", True),
    ("Veröffentlicht am 12. März 2024", "de", "2024-03-12", True),
    ("Erschienen am 12.03.2024", "de", "2024-03-12", True),
    ("Di., 12.03.2024, 14:05 Uhr", "de", "2024-03-12T14:05:00", True),
    ("vor 3 Stunden", "de", "2024-03-12T09:00:00", True),
    ("Aktualisiert vor 30 Minuten", "de", "2024-03-12T11:30:00", True),
    ("vor einer Stunde", "de", "2024-03-12T11:00:00", True),
    # French
    ("Mis à jour le 12 mars 2024 à 10h30", "fr", "2024-03-12T10:30:00", True),
    ("Mise à jour le 12 mars 2024", "fr", "2024-03-12", True),
    ("Publié le 12 mars 2024 à 10h30, mis à jour à 11h45", "fr", "2024-03-12T10:30:00", True),
    ("Publié aujourd'hui à 10h30", "fr", "2024-03-12T10:30:00", True),
    ("il y a 3 heures", "fr", "2024-03-12T09:00:00", True),
    ("il y a 2 jours", "fr", "2024-03-10", True),
    # Spanish
    ("Actualizado: 12/03/2024 10:30 hs", "es", "2024-03-12T10:30:00", True),
    ("Actualizada el 12/03/2024 a las 10:30 horas", "es", "2024-03-12T10:30:00", True),
    ("Última actualización: 12 de marzo de 2024", "es", "2024-03-12", True),
    ("Martes, 12 de marzo de 2024", "es", "2024-03-12", True),
    ("hace 3 horas", "es", "2024-03-12T09:00:00", True),
    ("Actualizado hace 3 horas", "es", "2024-03-12T09:00:00", True),
    # Italian
    ("Aggiornato il 12 marzo 2024 alle 14:05", "it", "2024-03-12T14:05:00", True),
    ("Pubblicato il 12/03/2024 alle ore 14:05", "it", "2024-03-12T14:05:00", True),
    ("Martedì 12 marzo 2024", "it", "2024-03-12", True),
    ("Ultimo aggiornamento: 12 marzo 2024, 14:05", "it", "2024-03-12T14:05:00", True),
    ("3 ore fa", "it", "2024-03-12T09:00:00", True),
    ("2 giorni fa", "it", "2024-03-10", True),
    # Portuguese
    ("Publicado em 12 de março de 2024 às 14h05", "pt", "2024-03-12T14:05:00", True),
    ("Atualizado em 12/03/2024 14:05", "pt", "2024-03-12T14:05:00", True),
    ("Terça-feira, 12 de março de 2024", "pt", "2024-03-12", True),
    ("há 3 horas", "pt", "2024-03-12T09:00:00", True),
    ("3 horas atrás", "pt", "2024-03-12T09:00:00", True),
    # Polish
    ("12 marca 2024 r., godz. 14:05", "pl", "2024-03-12T14:05:00", True),
    ("Opublikowano: 12.03.2024, 14:05", "pl", "2024-03-12T14:05:00", True),
    ("Aktualizacja: 12 marca 2024, 14:05", "pl", "2024-03-12T14:05:00", True),
    ("wtorek, 12 marca 2024", "pl", "2024-03-12", True),
    ("3 godziny temu", "pl", "2024-03-12T09:00:00", True),
    # Dutch
    ("Gepubliceerd op 12 maart 2024 om 14:05", "nl", "2024-03-12T14:05:00", True),
    ("Bijgewerkt: 12-03-2024, 14:05", "nl", "2024-03-12T14:05:00", True),
    ("di 12 mrt 2024, 14:05", "nl", "2024-03-12T14:05:00", True),
    ("Laatst bijgewerkt op 12 maart 2024", "nl", "2024-03-12", True),
    ("3 uur geleden", "nl", "2024-03-12T09:00:00", True),
    # Numeric dates are day first in every one of these languages
    ("05/06/2023", "it", "2023-06-05", True),
    ("05/06/2023", "pt", "2023-06-05", True),
    ("05-06-2023", "nl", "2023-06-05", True),
]


@pytest.mark.parametrize("text,lang,value,strict", DATES, ids=[f"{r[1]}:{r[0]}" for r in DATES])
def test_date_table(text: str, lang: str, value: str, strict: bool) -> None:
    found = parse_date(text, lang=lang, reference=REFERENCE)
    assert found.value is not None and found.value.isoformat() == value, found
    assert (find_date(text, lang=lang) is not None) == strict


NOT_DATES = [
    ("Am 12. März 2024 beschloss der Stadtrat, die Brücke zu sanieren.", "de"),
    ("Il y a 3 heures de route entre les deux villes.", "fr"),
    ("Hace 3 horas que los vecinos esperan el autobús.", "es"),
    ("Il 12 marzo 2024 il consiglio ha approvato il bilancio.", "it"),
    ("Em 12 de março de 2024 a prefeitura anunciou a obra.", "pt"),
    ("Od 12 marca 2024 most jest zamknięty.", "pl"),
    ("Op 12 maart 2024 besloot de raad de dijk te versterken.", "nl"),
    ("As of 5pm on September 25th the roads were closed.", "en"),
    ("As of 5pm on September 25th the roads were closed.", None),
]


@pytest.mark.parametrize("text,lang", NOT_DATES, ids=[f"{r[1]}:{r[0][:30]}" for r in NOT_DATES])
def test_prose_with_a_date_is_no_dateline(text: str, lang: str | None) -> None:
    assert find_date(text, lang=lang) is None


BYLINES = [
    ("Von Hans Müller und Eva Schmidt, dpa", "de", ["Hans Müller", "Eva Schmidt"], ["dpa"]),
    ("Par Claire Vasseur", "fr", ["Claire Vasseur"], []),
    ("Por María Esteban y Luis Ortega", "es", ["María Esteban", "Luis Ortega"], []),
    ("Di Giulia Ferraris", "it", ["Giulia Ferraris"], []),
    ("Di Mario Rossi e Giulia Bianchi", "it", ["Mario Rossi", "Giulia Bianchi"], []),
    ("A cura di Mario Rossi", "it", ["Mario Rossi"], []),
    ("Mario Rossi, ANSA", "it", ["Mario Rossi"], ["ANSA"]),
    ("Por Ana Carvalho e Pedro Lima", "pt", ["Ana Carvalho", "Pedro Lima"], []),
    ("Autor: Tomasz Zieliński", "pl", ["Tomasz Zieliński"], []),
    ("Tekst: Anna Nowak i Piotr Wiśniewski", "pl", ["Anna Nowak", "Piotr Wiśniewski"], []),
    ("Door Sanne de Graaf", "nl", ["Sanne de Graaf"], []),
    ("Door Jan de Vries en Anouk Bakker, ANP", "nl", ["Jan de Vries", "Anouk Bakker"], ["ANP"]),
]


@pytest.mark.parametrize("text,lang,authors,agencies", BYLINES, ids=[r[0] for r in BYLINES])
def test_byline_table(text: str, lang: str, authors: list[str], agencies: list[str]) -> None:
    found = find_byline(text, lang=lang)
    assert found is not None, text
    assert (found.authors, found.agencies) == (authors, agencies)


NOT_BYLINES = [
    "Di notte la temperatura è scesa sotto lo zero.",
    "Door de regen liep de kelder onder water.",
    "Por la mañana el tráfico volvió a la normalidad.",
    "Par ailleurs, la mairie a prolongé les travaux.",
    "Autor książki mieszka w Krakowie.",
    "Jane E. Doe said the talks had failed.",
]


@pytest.mark.parametrize("text", NOT_BYLINES)
def test_prose_is_no_byline(text: str) -> None:
    assert find_byline(text) is None


def test_english_middle_initial_is_not_a_conjunction() -> None:
    found = find_byline("By Jane E. Doe and John Roe")
    assert found is not None and found.authors == ["Jane E. Doe", "John Roe"]


@pytest.mark.parametrize("text,name", [
    ("Giulia Ferraris è giornalista e scrittrice.", "Giulia Ferraris"),
    ("Ana Carvalho é jornalista da editoria de cidades.", "Ana Carvalho"),
    ("Sanne de Graaf is verslaggever bij de regioredactie.", "Sanne de Graaf"),
    ("Tomasz Zieliński jest dziennikarzem działu regionalnego.", "Tomasz Zieliński"),
    ("Mario Rossi è un medico di Torino.", None),
    ("Anna Nowak jest lekarką w szpitalu powiatowym.", None),
])
def test_author_bio(text: str, name: str | None) -> None:
    assert find_author_bio(text) == name
