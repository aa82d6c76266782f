"""How HTML metadata is chosen: dates by agreement (issue 16), authors people over publishers,
dates' roles in text input, and parser errors that must surface (issue 14)."""

from __future__ import annotations

import datetime as dt

import pytest

import newsclean
from newsclean.html.page import Candidate
from newsclean.html.people import choose_authors, is_handle
from newsclean.html.pubdate import choose_dates, url_date
from newsclean.normalize.dates import find_date

TODAY = dt.date(2026, 1, 1)


def _pub(value: str, source: str = "json-ld", key: str = "NewsArticle.datePublished") -> Candidate:
    return Candidate("published", value, source, key)


def _mod(value: str, source: str = "json-ld", key: str = "NewsArticle.dateModified") -> Candidate:
    return Candidate("modified", value, source, key)


def _choose(published: list[Candidate], modified: list[Candidate] = (), **kw):
    return choose_dates(list(published), list(modified), today=TODAY, **kw)


# --- dates ---------------------------------------------------------------------------------

def test_utc_timestamp_takes_the_day_the_page_shows_in_the_page_zone() -> None:
    choice = _choose([_pub("2020-02-25T02:25:54Z"), _pub("2020-02-24", "html", "visible date (header text)")],
                     [_mod("2020-02-25T09:10:00-05:00", "opengraph", "article:modified_time")])
    assert choice.published == dt.datetime(2020, 2, 24, 21, 25, 54, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    assert "agree on 2020-02-24" in choice.reason


def test_utc_timestamp_without_a_zone_on_the_page_gives_the_day_alone() -> None:
    choice = _choose([_pub("2020-02-25T02:25:54Z"), _pub("2020-02-24", "html", "visible date (header text)")])
    assert choice.published == dt.date(2020, 2, 24)


def test_utc_timestamp_alone_is_kept_as_written() -> None:
    assert _choose([_pub("2020-02-25T02:25:54Z")]).published == dt.datetime(2020, 2, 25, 2, 25, 54, tzinfo=dt.timezone.utc)


def test_the_country_of_the_domain_gives_the_zone() -> None:
    choice = _choose([_pub("2021-03-01T23:30:00Z"), _pub("2021-03-02", "html", "visible date (header text)")],
                     host="kurier.example.de")
    assert choice.published.isoformat() == "2021-03-02T00:30:00+01:00"


def test_two_sources_that_agree_beat_the_first_one() -> None:
    choice = _choose([_pub("2023-05-17"), _pub("2023-09-12T08:00:00+02:00", "opengraph", "article:published_time"),
                      _pub("2023-09-12", "url", "url path")])
    assert choice.published == dt.datetime(2023, 9, 12, 8, tzinfo=dt.timezone(dt.timedelta(hours=2)))


def test_original_publication_beats_a_republication_at_the_update() -> None:
    choice = _choose([_pub("2021-03-04T10:00:00+00:00"), _pub("2024-05-06T07:00:00+00:00", "opengraph", "article:published_time")],
                     [_mod("2024-05-06T07:00:00+00:00")])
    assert choice.published.date() == dt.date(2021, 3, 4)
    assert choice.updated.date() == dt.date(2024, 5, 6)


@pytest.mark.parametrize("value, why", [("2026-01-03", "in the future"), ("1970-01-01", "before 1990")])
def test_implausible_dates_are_rejected_with_the_reason(value: str, why: str) -> None:
    bad = _pub(value)
    choice = _choose([bad, _pub("2022-04-05", "opengraph", "article:published_time")])
    assert choice.published == dt.date(2022, 4, 5)
    assert choice.rejected[id(bad)] == why


def test_a_date_long_after_the_last_update_loses_to_one_before_it() -> None:
    late = _pub("2024-11-30")
    choice = _choose([late, _pub("2019-06-01", "html", "visible date (header text)")], [_mod("2020-01-10")])
    assert choice.published == dt.date(2019, 6, 1)
    assert "after the page's last update" in choice.rejected[id(late)]


def test_a_scheduled_post_after_its_last_edit_keeps_its_date() -> None:
    # Every source agrees: the CMS wrote dateModified when the draft was saved.
    choice = _choose([_pub("2025-03-12T08:00:00+00:00"), _pub("2025-03-12", "html", "visible date (header text)")],
                     [_mod("2025-03-03T15:01:45+00:00")])
    assert choice.published.date() == dt.date(2025, 3, 12)


def test_htmldate_answer_that_is_the_update_leaves_the_page_undated() -> None:
    gap = _pub("2024-01-15", "trafilatura", "htmldate")
    choice = _choose([gap], [_mod("2024-01-15T10:00:00+00:00", "opengraph", "article:modified_time")])
    assert choice.published is None
    assert "update" in choice.rejected[id(gap)]


def test_htmldate_fills_a_gap() -> None:
    assert _choose([_pub("2021-03-03", "trafilatura", "htmldate")]).published == dt.date(2021, 3, 3)


def test_an_update_shown_alone_fills_both_fields_a_structured_one_does_not() -> None:
    shown = _choose([], [_mod("2024-05-06", "html", "visible update (header text)")])
    assert shown.published == shown.updated == dt.date(2024, 5, 6)
    assert _choose([], [_mod("2024-05-06")]).published is None


def test_an_ambiguous_numeric_date_takes_the_reading_another_source_gives() -> None:
    choice = _choose([_pub("03/10/2023", "meta", "date"), _pub("2023-10-03", "url", "url path")])
    assert choice.published == dt.date(2023, 10, 3)


@pytest.mark.parametrize("url, day", [
    ("https://ex.example/2025/12/18/a-story", "2025-12-18"),
    ("https://ex.example/blog/2023/october/03/wine", "2023-10-03"),
    ("https://ex.example/2025/13/18/x", None),
    ("https://ex.example/news/20251218-story", None),
    (None, None),
])
def test_url_dates(url: str | None, day: str | None) -> None:
    assert url_date(url) == day


# --- authors -------------------------------------------------------------------------------

def _authors(*cands: Candidate, sites: tuple[str, ...] = (), host: str | None = None, publisher: str | None = None):
    return choose_authors(list(cands), sites=list(sites), host=host, publisher=publisher)


def test_a_person_in_the_byline_beats_an_organisation_in_structured_data() -> None:
    choice = _authors(Candidate("author_orgs", ["Makronom"], "json-ld", "Article.author"),
                      Candidate("authors", ["Lena Vogt"], "html", "class=byline"), sites=("Makronom",))
    assert choice.authors == ["Lena Vogt"]
    assert choice.publisher == "Makronom" and choice.agencies == []


@pytest.mark.parametrize("name", ["mdr.de", "STERN.de", "Makronom", "IT Finanzmagazin /PP", "Linmouth Courier Newsroom",
                                  "Clemson News", "Acme Inc"])
def test_site_names_domains_and_corporate_names_are_not_people(name: str) -> None:
    choice = _authors(Candidate("authors", [name], "meta", "author"), Candidate("authors", ["Jo Park"], "text", "byline"),
                      sites=("Makronom", "IT Finanzmagazin", "The Linmouth Courier"), host="www.stern.de")
    assert choice.authors == ["Jo Park"]


def test_with_no_person_the_organisation_credited_is_the_author() -> None:
    choice = _authors(Candidate("authors", ["The Investopedia Team"], "json-ld", "Article.author"))
    assert choice.authors == ["The Investopedia Team"]


def test_a_wire_agency_beside_a_person_goes_to_agencies() -> None:
    choice = _authors(Candidate("authors", ["Jo Park", "Reuters"], "meta", "author"))
    assert choice.authors == ["Jo Park"] and choice.agencies == ["Reuters"]


@pytest.mark.parametrize("handle, shown, expected", [
    ("arianschlichenmayer", ["Arian Schlichenmayer"], "Arian Schlichenmayer"),
    ("christian.stadtfeld", ["Christian Stadtfeld"], "Christian Stadtfeld"),
    ("gabor_munier", ["Gábor Münier"], "Gábor Münier"),
    ("gabor_munier", [], "Gabor Munier"),  # nothing better on the page: words title-cased
    ("hayley.p", [], "hayley.p"),  # a user name stays as written
    ("user3080392", [], "user3080392"),
])
def test_handles_become_the_display_name_the_page_shows(handle: str, shown: list[str], expected: str) -> None:
    cands = [Candidate("authors", [handle], "json-ld", "Article.author")]
    if shown:
        cands.append(Candidate("author_links", shown, "html", "a[href*=author]"))
    assert _authors(*cands).authors == [expected]


@pytest.mark.parametrize("name, handle", [("jldugger", True), ("sara.r.peter", True), ("JosephF", True),
                                          ("Kev", False), ("Jane Doe", False), ("mdr.de", False), ("2024", False)])
def test_what_a_handle_is(name: str, handle: bool) -> None:
    assert is_handle(name) is handle


@pytest.mark.parametrize("byline, people", [
    ("By Anna Berg, Jonas Weber & Lea Roth", ["Anna Berg", "Jonas Weber", "Lea Roth"]),
    ("Ana García, Luis Pérez y Marta Ruiz", ["Ana García", "Luis Pérez", "Marta Ruiz"]),
    ("Anna Berg und Jonas Weber", ["Anna Berg", "Jonas Weber"]),
    ("By Jane Doe and John Roe, London", ["Jane Doe", "John Roe"]),
    ("Von Anna Berg und Jonas Weber, Berlin", ["Anna Berg", "Jonas Weber"]),
    ("Maria & Katerina", ["Maria", "Katerina"]),
])
def test_several_authors_in_page_order_without_the_place(byline: str, people: list[str]) -> None:
    assert _authors(Candidate("authors", [byline], "html", "class=byline")).authors == people


def test_a_visible_list_that_names_the_structured_author_and_more_wins() -> None:
    choice = _authors(Candidate("authors", ["Jane Doe"], "json-ld", "Article.author"),
                      Candidate("authors", ["Jane Doe", "John Roe"], "html", "class=byline"))
    assert choice.authors == ["Jane Doe", "John Roe"]


# --- text input: roles ---------------------------------------------------------------------

def test_date_labels_give_roles() -> None:
    found = find_date("Updated May 2, 2024 | Published May 1, 2024")
    assert (found.value, found.role, found.updated) == (dt.date(2024, 5, 1), "published", dt.date(2024, 5, 2))
    assert find_date("Mis à jour le 3 mars 2024", lang="fr").role == "updated"
    assert find_date("May 1, 2024").role is None


def test_text_input_keeps_published_and_updated_apart() -> None:
    text = ("Tram Line Opens\n\nBy Jane Doe\n\nUpdated 3:12 PM EDT, Sept 28, 2023\n\nPublished 9:00 AM EDT, Sept 27, 2023\n\n"
            "The first passengers boarded the new tram line on Saturday, five months later than planned, after years of work.\n")
    article = newsclean.clean(text, kind="text")
    assert article.published.isoformat() == "2023-09-27T09:00:00-04:00"
    assert article.updated.isoformat() == "2023-09-28T15:12:00-04:00"


def test_text_input_with_only_an_update_fills_both() -> None:
    text = ("By Jane Doe\n\nUpdated 3:12 PM EDT, Sept 28, 2023\n\n"
            "The first passengers boarded the new tram line on Saturday, five months later than planned, after years of work.\n")
    article = newsclean.clean(text, kind="text")
    assert article.published == article.updated
    assert article.to_dict()["updated"] == "2023-09-28T15:12:00-04:00"


# --- contract: parser errors surface on HTML input (issue 14) -------------------------------

PAGE = ("<html><head><meta name='author' content='Jo Park'><meta name='date' content='March 5, 2024'></head>"
        "<body><article><h1>Tram</h1><p>" + "The first passengers boarded the new tram line on Saturday. " * 6
        + "</p></article></body></html>")


def test_a_byline_parser_bug_is_not_swallowed(monkeypatch) -> None:
    def broken(*_args, **_kw):
        raise RuntimeError("byline parser bug")

    monkeypatch.setattr("newsclean.html.people.parse_byline", broken)
    with pytest.raises(RuntimeError, match="byline parser bug"):
        newsclean.clean(PAGE, kind="html")


def test_a_date_parser_bug_is_not_swallowed(monkeypatch) -> None:
    def broken(*_args, **_kw):
        raise RuntimeError("date parser bug")

    monkeypatch.setattr("newsclean.html.pubdate.parse_date_rules", broken)
    with pytest.raises(RuntimeError, match="date parser bug"):
        newsclean.clean(PAGE, kind="html")


def test_an_unparseable_date_is_no_date_not_an_error() -> None:
    page = PAGE.replace("March 5, 2024", "sometime last spring")
    article = newsclean.clean(page, kind="html")
    assert article.published is None
    [entry] = article.extra["metadata_sources"]["published"]
    assert entry["rejected"] == "not a date"
