"""German, French, Spanish, Italian, Portuguese, Polish and Dutch: language choice, word lists,
fixtures.

* Language choice (``newsclean.text.language``): the caller's ``lang=`` wins, then the text when the
  detector is sure of it, then the HTML page's declared language.
* Word lists: each language's clutter lines are caught when the document is in that language,
  and its near misses (prose that mentions a newsletter, an advertisement, a related report)
  stay in the body.
* Fixtures in ``fixtures/text/<lang>/``: the hand-written must-keep / must-drop snippets and
  metadata of ``expectations.json``, and the invariants that every English fixture keeps
  (``tests/helpers/accounting.py``: every line accounted for, order kept, idempotence, determinism).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import newsclean
from helpers import accounting
from helpers.expectations import contains, published_matches, report
from helpers.paths import ROOT
from newsclean.detect.registry import CLUTTER_DETECTORS
from newsclean.text.language import choose, detect, primary
from newsclean.detect.wordlists import read_list, read_sections

LANGS = ("de", "fr", "es", "it", "pt", "pl", "nl")
FIXTURE_DIR = ROOT / "fixtures" / "text"
FIXTURES = sorted(p for lang in LANGS for p in (FIXTURE_DIR / lang).glob("*.txt"))
EXPECT = {lang: json.loads((FIXTURE_DIR / lang / "expectations.json").read_text(encoding="utf-8"))
          for lang in LANGS}


def _ids(paths: list[Path]) -> list[str]:
    return [f"{p.parent.name}/{p.name}" for p in paths]


def _expect(path: Path) -> dict:
    return EXPECT[path.parent.name][path.name]


def _in_body(body: str, snippet: str) -> bool:
    """A label of one or two words ("Anzeige") is in the body when it is a paragraph there: the
    fixtures also use the word in a sentence that stays."""
    if len(snippet.split()) > 2:
        return contains(body, snippet)
    return any(contains(paragraph, snippet) and len(paragraph.split()) <= 2 for paragraph in body.split("\n"))


# ---------------------------------------------------------------------------------------------
# Language choice

SHORT = {  # one ordinary news sentence or two per language
    "en": "The council said on Tuesday that the bridge would stay closed until the autumn, "
          "and that the cost of the repairs had risen by a third since the work began.",
    "de": "Der Landkreis hat am Dienstag mitgeteilt, dass die Brücke bis zum Herbst gesperrt "
          "bleibt und die Kosten der Sanierung um ein Drittel gestiegen sind.",
    "fr": "La mairie a annoncé mardi que le pont resterait fermé jusqu'à l'automne et que le coût "
          "des travaux avait augmenté d'un tiers depuis le début du chantier.",
    "es": "El ayuntamiento anunció el martes que el puente seguirá cerrado hasta el otoño y que el "
          "coste de las obras ha subido un tercio desde que comenzaron los trabajos.",
    "it": "Il comune ha annunciato martedì che il ponte resterà chiuso fino all'autunno e che il "
          "costo dei lavori è aumentato di un terzo da quando sono iniziati.",
    "pt": "A prefeitura anunciou na terça-feira que a ponte ficará fechada até o outono e que o "
          "custo das obras subiu um terço desde o início dos trabalhos.",
    "pl": "Starostwo poinformowało we wtorek, że most będzie zamknięty do jesieni, a koszt "
          "remontu wzrósł o jedną trzecią, odkąd rozpoczęły się prace.",
    "nl": "De gemeente heeft dinsdag bekendgemaakt dat de brug tot de herfst dicht blijft en dat "
          "de kosten van de reparatie met een derde zijn gestegen sinds het werk begon.",
}


@pytest.mark.parametrize("lang", sorted(SHORT))
def test_detect_a_news_sentence(lang: str) -> None:
    assert detect(SHORT[lang]) == lang


@pytest.mark.parametrize("text", [
    "",
    "Sign up",
    "Anzeige",
    "Most nad řekou zůstane uzavřený až do podzimu, oznámil v úterý krajský úřad a dodal, že "
    "náklady na opravu vzrostly o třetinu.",  # Czech: no word lists, so no language
    "市政府周二表示，这座桥将关闭到秋天，维修费用自开工以来增加了三分之一。",
])
def test_detect_is_none_when_unsure_or_unsupported(text: str) -> None:
    assert detect(text) is None


def test_english_clutter_around_a_german_story_does_not_make_it_english() -> None:
    text = "Sign up for our newsletter\n\n" + SHORT["de"] + "\n\n" + SHORT["de"] + "\n\nShare this article"
    assert detect(text) == "de"


def test_choose_caller_then_text_then_page() -> None:
    assert choose("fr", "de", SHORT["de"]) == "fr"  # the caller wins
    assert choose(None, "en", SHORT["de"]) == "de"  # mixed signals: the text wins
    assert choose(None, "de", "Anzeige") == "de"  # the text says nothing: the page
    assert choose(None, "de-AT", "") == "de"
    assert choose(None, None, "Anzeige") is None


def test_primary_subtag() -> None:
    assert primary("de-AT") == "de" and primary("pt_BR") == "pt" and primary(None) is None


def test_text_input_gets_its_language_and_its_word_lists() -> None:
    text = f"{SHORT['de']}\n\nAnzeige\n\n{SHORT['de']}"
    article = newsclean.clean(text)
    assert article.language == "de"
    assert "Anzeige" not in article.body
    assert [r.detector for r in article.removed] == ["advertisement"]


def test_callers_lang_wins_over_the_text() -> None:
    text = f"{SHORT['de']}\n\nAnzeige\n\n{SHORT['de']}"
    article = newsclean.clean(text, lang="en")
    assert article.language == "en"
    assert "Anzeige" in article.body  # English lists only: the German label stays


def test_region_tag_from_the_caller_loads_the_language() -> None:
    article = newsclean.clean(f"{SHORT['de']}\n\nAnzeige\n\n{SHORT['de']}", lang="de-AT")
    assert article.language == "de-AT"
    assert "Anzeige" not in article.body


def _page(lang: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<!doctype html><html lang="{lang}"><head><title>Brücke bleibt gesperrt</title></head>'
            f"<body><article><h1>Brücke bleibt gesperrt</h1>{body}</article></body></html>")


def test_html_declared_english_but_written_in_german_is_german() -> None:
    paragraphs = [SHORT["de"], "Lesen Sie auch: Pendler klagen über Umwege", SHORT["de"] + " Ende."]
    article = newsclean.clean(_page("en", paragraphs))
    assert article.language == "de"
    assert "Lesen Sie auch: Pendler" not in article.body


def test_html_declared_language_when_the_text_is_too_short() -> None:
    article = newsclean.clean(_page("de", ["Die Brücke bleibt zu.", "Anzeige", "Bis Oktober."]))
    assert article.language == "de"


# ---------------------------------------------------------------------------------------------
# Word-list files


@pytest.mark.parametrize("lang", LANGS)
def test_every_language_has_every_list(lang: str) -> None:
    for info in CLUTTER_DETECTORS:
        sections = read_sections(f"{lang}/clutter/{info.name}.txt")
        assert any(k in sections for k in ("line", "label", "sentence")), f"{lang}: {info.name}"
        assert sections.get("cue"), f"{lang}: {info.name} has no [cue] words"
    for name in ("voice.txt", "captions.txt", "tags.txt", "stopwords.txt", "dates.txt", "byline.txt"):
        assert read_list(f"{lang}/{name}"), f"{lang}/{name}"


# ---------------------------------------------------------------------------------------------
# Clutter lines and near misses, inserted into each language's own clean story

# (text, category) to drop; near misses (category None) must stay whole.
CASES: dict[str, list[tuple[str, str | None]]] = {
    "de": [
        ("Anzeige", "advertisement"),
        ("Newsletter abonnieren", "newsletter-plug"),
        ("Lesen Sie auch: Stadtrat streitet über Parkgebühren", "related-link"),
        ("Das könnte Sie auch interessieren", "related-link"),
        ("Wir verwenden Cookies, um Ihnen das beste Nutzererlebnis zu bieten.", "cookie-notice"),
        ("Dieser Artikel ist nur für Abonnenten verfügbar.", "paywall-notice"),
        ("Unterstützen Sie unabhängigen Journalismus mit einer Spende.", "donation-appeal"),
        ("Jetzt die Lahntal-App herunterladen", "app-promo"),
        ("Die Anzeige der Stadtwerke in der Zeitung kündigte höhere Preise an.", None),
        ("Der Newsletter des Vereins erreicht nach eigenen Angaben 4000 Leser.", None),
        ("Lesen Sie auch den Bericht der Kommission, der im Mai erschien.", None),
        ("Die Bürger teilen die Sorge des Bürgermeisters über die Kosten.", None),
    ],
    "fr": [
        ("Publicité", "advertisement"),
        ("Inscrivez-vous à notre newsletter", "newsletter-plug"),
        ("Lire aussi : Le conseil municipal vote le budget", "related-link"),
        ("Nous utilisons des cookies pour améliorer votre expérience.", "cookie-notice"),
        ("Cet article est réservé aux abonnés.", "paywall-notice"),
        ("Soutenez le journalisme indépendant : faites un don.", "donation-appeal"),
        ("Tous droits réservés", "copyright-footer"),
        ("Une publicité pour la mairie a été diffusée à la télévision en janvier.", None),
        ("La newsletter de l'association compte 3 000 abonnés, selon sa présidente.", None),
        ("Lire aussi le rapport de la commission, publié en mai, qui critique le projet.", None),
    ],
    "es": [
        ("Publicidad", "advertisement"),
        ("Suscríbete a nuestro boletín", "newsletter-plug"),
        ("VEA TAMBIÉN: El gobierno aprueba el presupuesto", "related-link"),
        ("NOTAS RELACIONADAS", "related-link"),
        ("Lea también: El alcalde dimite tras la polémica", "related-link"),
        ("Utilizamos cookies para mejorar tu experiencia.", "cookie-notice"),
        ("Este artículo es exclusivo para suscriptores.", "paywall-notice"),
        ("Un anuncio del ministerio en la prensa pidió a los vecinos que ahorraran agua.", None),
        ("El boletín oficial publicó el martes la nueva normativa sobre riego.", None),
        ("Lea también el informe de la comisión, que se publicó en mayo.", None),
    ],
    "it": [
        ("Pubblicità", "advertisement"),
        ("Iscriviti alla newsletter", "newsletter-plug"),
        ("Leggi anche: Il sindaco presenta il nuovo piano", "related-link"),
        ("Utilizziamo i cookie per migliorare la tua esperienza.", "cookie-notice"),
        ("Questo articolo è riservato agli abbonati.", "paywall-notice"),
        ("© Riproduzione riservata", "copyright-footer"),
        ("Una pubblicità del comune è apparsa sui giornali locali a gennaio.", None),
        ("La newsletter dell'associazione ha raggiunto 5.000 iscritti.", None),
        ("Leggi anche il rapporto della commissione, che è stato pubblicato a maggio.", None),
    ],
    "pt": [
        ("Publicidade", "advertisement"),
        ("Assine a nossa newsletter", "newsletter-plug"),
        ("Leia também: Prefeito anuncia novo plano de obras", "related-link"),
        ("Utilizamos cookies para melhorar a sua experiência.", "cookie-notice"),
        ("Este conteúdo é exclusivo para assinantes.", "paywall-notice"),
        ("Todos os direitos reservados.", "copyright-footer"),
        ("Um anúncio da prefeitura nos jornais pediu paciência aos moradores.", None),
        ("A newsletter da associação já tem 5 mil assinantes, segundo a direção.", None),
        ("Leia também o relatório da comissão, que foi publicado em maio.", None),
    ],
    "pl": [
        ("Reklama", "advertisement"),
        ("Zapisz się do newslettera", "newsletter-plug"),
        ("Czytaj także: Burmistrz przedstawia nowy plan", "related-link"),
        ("Używamy plików cookie, aby poprawić działanie serwisu.", "cookie-notice"),
        ("Ten artykuł jest dostępny tylko dla subskrybentów.", "paywall-notice"),
        ("Wszelkie prawa zastrzeżone.", "copyright-footer"),
        ("Reklama w lokalnej telewizji kosztowała miasto 20 tysięcy złotych.", None),
        ("Newsletter stowarzyszenia trafia do pięciu tysięcy mieszkańców.", None),
        ("Czytaj także raport komisji, który opublikowano w maju.", None),
    ],
    "nl": [
        ("Advertentie", "advertisement"),
        ("Meld je aan voor de nieuwsbrief", "newsletter-plug"),
        ("Lees ook: Gemeente presenteert nieuw plan", "related-link"),
        ("Wij gebruiken cookies om de website te verbeteren.", "cookie-notice"),
        ("Dit artikel is alleen voor abonnees.", "paywall-notice"),
        ("Alle rechten voorbehouden.", "copyright-footer"),
        ("Een advertentie van de gemeente in de krant kondigde de werkzaamheden aan.", None),
        ("De nieuwsbrief van de vereniging gaat naar vijfduizend leden.", None),
        ("Lees ook het rapport van de commissie, dat in mei verscheen.", None),
    ],
}
CASE_PARAMS = [(lang, text, cat) for lang, cases in CASES.items() for text, cat in cases]


def _story(lang: str) -> list[str]:
    """The language's fixture sentences that must stay: a clean story in that language."""
    (expect,) = EXPECT[lang].values()
    return [s for s in expect["must_keep"] if s.endswith(".")]


@pytest.mark.parametrize("lang,text,category", CASE_PARAMS,
                         ids=[f"{lang}-{'drop' if c else 'keep'}-{t[:30]}" for lang, t, c in CASE_PARAMS])
def test_clutter_and_near_misses(lang: str, text: str, category: str | None) -> None:
    story = _story(lang)
    middle = len(story) // 2
    article = newsclean.clean("\n\n".join(story[:middle] + [text] + story[middle:]))
    assert article.language == lang
    for sentence in story:
        assert contains(article.body, sentence), f"story lost: {sentence!r}{report(article)}"
    if category is None:
        assert contains(article.body, text), f"near miss removed{report(article)}"
        assert not article.removed, report(article)
    else:
        assert not _in_body(article.body, text), f"clutter kept{report(article)}"
        assert {r.category for r in article.removed} == {category}, report(article)


# ---------------------------------------------------------------------------------------------
# Fixtures: hand-written expectations


def test_every_language_has_fixtures_with_expectations() -> None:
    for lang in LANGS:
        names = sorted(p.name for p in (FIXTURE_DIR / lang).glob("*.txt"))
        assert names and sorted(EXPECT[lang]) == names, lang


@pytest.mark.parametrize("path", FIXTURES, ids=_ids(FIXTURES))
def test_fixture_snippets(path: Path) -> None:
    article = newsclean.clean_file(path)
    exp = _expect(path)
    lost = [s for s in exp["must_keep"] if not contains(article.body, s)]
    kept = [s for s in exp["must_drop"] if _in_body(article.body, s)]
    unexplained = [s for s, category in exp["must_drop"].items()
                   if not any(contains(r.text, s) and r.category == category for r in article.removed)]
    assert not (lost or kept or unexplained), \
        f"lost {lost}, kept {kept}, in no removal of its category {unexplained}{report(article)}"


@pytest.mark.parametrize("path", FIXTURES, ids=_ids(FIXTURES))
def test_fixture_metadata(path: Path) -> None:
    article = newsclean.clean_file(path)
    exp = _expect(path)
    assert article.language == exp["language"]
    assert article.title == exp["title"]
    assert list(article.authors) == exp["authors"]
    assert published_matches(article, exp["published"]), article.published_iso


@pytest.mark.parametrize("path", FIXTURES, ids=_ids(FIXTURES))
def test_fixture_needs_its_language(path: Path) -> None:
    """With English lists only, the language's clutter stays: the lists are what catch it."""
    english = newsclean.clean_file(path, lang="en")
    kept = [s for s in _expect(path)["must_drop"] if _in_body(english.body, s)]
    assert kept, "every must-drop snippet is caught by English lists alone"


# ---------------------------------------------------------------------------------------------
# Fixtures: the invariants of tests/test_invariants.py (tests/helpers/accounting.py), on these files too


@pytest.mark.parametrize("path", FIXTURES, ids=_ids(FIXTURES))
def test_fixture_every_line_is_in_body_or_removed(path: Path) -> None:
    accounting.file_every_line_is_in_body_or_removed(path)


@pytest.mark.parametrize("path", FIXTURES, ids=_ids(FIXTURES))
def test_fixture_body_keeps_input_order(path: Path) -> None:
    accounting.file_body_keeps_input_order(path)


@pytest.mark.parametrize("path", FIXTURES, ids=_ids(FIXTURES))
def test_fixture_cleaning_a_clean_body_removes_nothing(path: Path) -> None:
    accounting.file_cleaning_a_clean_body_removes_nothing(path)
    body = newsclean.clean_file(path).body
    assert newsclean.clean(body, kind="markdown").language == _expect(path)["language"]


@pytest.mark.parametrize("path", FIXTURES, ids=_ids(FIXTURES))
def test_fixture_same_input_same_output(path: Path) -> None:
    accounting.file_same_input_same_output(path)
