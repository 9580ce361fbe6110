"""Saved web pages as sites really write them: where the date, the site and the headline hide,
what is article and what is page, and markup that defeats a strict parser."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from searchapp.core.reading import Article, Rules, read_articles

STORY = (
    "<p>The regional water board approved a plan on Tuesday to replace the ageing pumping "
    "station at the northern reservoir, after two failures during last winter's cold spell "
    "left several villages without running water for days.</p>"
    "<p>Engineers told the board the new station would cost about four million and take two "
    "years to build. Residents who spoke at the meeting asked for temporary tanks in the "
    "meantime, and the board said it would consider the request next month.</p>"
    "<p>The plan still needs the approval of the provincial government, which is expected "
    "to review it before the summer recess.</p>"
)


def page(head: str = "", body: str = "", *, lang: str = "en") -> str:
    """A news page: `head` inside <head>, and the article's story inside `body`'s {story}."""
    article = body or "<article><h1>Water board approves new pumping station</h1>{story}</article>"
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">{head}</head>'
        f"<body>{article.format(story=STORY)}</body></html>"
    )


def read_page(tmp_path: Path, rules: Rules, html: str | bytes, name: str = "page.html") -> Article:
    path = tmp_path / name
    path.write_bytes(html.encode("utf-8") if isinstance(html, str) else html)
    articles = read_articles(path, rules).articles
    assert len(articles) == 1
    return articles[0]


# --- Dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "head",
    [
        '<meta property="article:published" content="2021-03-09">',
        '<meta name="pdate" content="20210309">',
        '<meta name="sailthru.date" content="2021-03-09 08:15:00">',
        '<meta itemprop="datePublished" content="2021-03-09T08:15:00+01:00">',
        '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": '
        '[{"@type": "NewsArticle", "dateCreated": "2021-03-09T08:15:00+01:00"}]}</script>',
        # JSON-LD with a type the site made up still counts.
        '<script type="text/x-ld+json">{"datePublished": "2021-03-09"}</script>',
    ],
)
def test_a_page_date_declared_in_any_of_the_usual_ways(tmp_path, rules, head):
    article = read_page(tmp_path, rules, page(head))
    assert (article.date, article.date_origin) == (dt.date(2021, 3, 9), "meta")


def test_itemprop_date_on_an_ordinary_element(tmp_path, rules):
    body = (
        "<article><h1>Water board approves new pumping station</h1>"
        '<span itemprop="datePublished" datetime="2021-03-09">9 March</span>{story}</article>'
    )
    assert read_page(tmp_path, rules, page(body=body)).date == dt.date(2021, 3, 9)


def test_a_date_only_in_the_pages_address(tmp_path, rules):
    head = '<link rel="canonical" href="https://news.example.org/2021/03/09/water-board-plan/">'
    article = read_page(tmp_path, rules, page(head))
    assert (article.date, article.date_origin) == (dt.date(2021, 3, 9), "meta")


def test_a_utc_stamp_after_midnight_is_the_day_the_page_shows(tmp_path, rules):
    # Published at 23:40 local time on the 8th; the feed's stamp is in UTC.
    head = (
        '<meta property="article:published_time" content="2021-03-09T04:40:00Z">'
        '<meta name="date" content="2021-03-08">'
        '<meta itemprop="dateModified" content="2021-03-08T23:55:00-05:00">'
    )
    body = (
        "<article><h1>Water board approves new pumping station</h1>"
        '<time datetime="2021-03-08T23:40:00-05:00">March 8, 2021</time>{story}</article>'
    )
    assert read_page(tmp_path, rules, page(head, body)).date == dt.date(2021, 3, 8)


def test_a_date_quoted_in_the_story_is_not_the_pages(tmp_path, rules):
    head = '<meta property="article:published_time" content="2021-03-09T10:00:00+01:00">'
    body = (
        "<article><h1>Water board approves new pumping station</h1>"
        "<p>The station was first built on 12 May 1961.</p>{story}</article>"
    )
    assert read_page(tmp_path, rules, page(head, body)).date == dt.date(2021, 3, 9)


def test_a_teaser_time_is_not_the_articles(tmp_path, rules):
    body = (
        '<header><time datetime="2026-11-30">Today</time></header>'
        "<article><h1>Water board approves new pumping station</h1>"
        '<p class="byline">Published <time datetime="2021-03-09">9 March 2021</time></p>'
        "{story}</article>"
        '<aside><a href="/other"><time datetime="2020-01-02">2 Jan</time> Older story</a></aside>'
    )
    assert read_page(tmp_path, rules, page(body=body)).date == dt.date(2021, 3, 9)


# --- Sources ----------------------------------------------------------------------------------


def test_a_section_name_is_not_the_site(tmp_path, rules):
    head = (
        '<meta property="og:site_name" content="U.S.">'
        '<meta property="article:section" content="U.S.">'
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"publisher": {"@type": "Organization", "name": "The Daily Ledger"}}</script>'
    )
    assert read_page(tmp_path, rules, page(head)).source == "The Daily Ledger"


@pytest.mark.parametrize("placeholder", ["{{site_name}}", "${siteName}", "[SITE]", "undefined"])
def test_an_unfilled_template_is_not_the_site(tmp_path, rules, placeholder):
    head = (
        f'<meta property="og:site_name" content="{placeholder}">'
        '<link rel="canonical" href="https://www.riverside-courier.example/local/water-board">'
    )
    assert read_page(tmp_path, rules, page(head)).source == "riverside-courier.example"


def test_the_site_from_the_title_when_nothing_declares_it(tmp_path, rules):
    head = "<title>Water board approves new pumping station | Riverside Courier</title>"
    article = read_page(tmp_path, rules, page(head))
    assert article.source == "Riverside Courier"
    assert article.title == "Water board approves new pumping station"


# --- Titles -----------------------------------------------------------------------------------


def test_a_blogs_name_in_the_first_heading_is_not_the_title(tmp_path, rules):
    head = (
        '<meta property="og:site_name" content="Notes from the Valley">'
        '<meta property="og:title" content="Water board approves new pumping station">'
    )
    body = (
        '<header><h1 class="site-title">Notes from the Valley</h1></header>'
        '<div class="post"><h1>Water board approves new pumping station</h1>{story}</div>'
    )
    assert read_page(tmp_path, rules, page(head, body)).title == (
        "Water board approves new pumping station"
    )


def test_a_site_name_after_the_shared_title_is_dropped(tmp_path, rules):
    head = (
        '<meta property="og:site_name" content="Riverside Courier">'
        '<meta property="og:title" content="Water board approves plan - Riverside Courier">'
    )
    body = "<div><h2>Menu</h2><h1>Sections</h1><h1>More</h1>{story}</div>"
    assert read_page(tmp_path, rules, page(head, body)).title == "Water board approves plan"


# --- Main text --------------------------------------------------------------------------------

CLUTTER = {
    "nav": '<nav><ul><li><a href="/">NAVLINK home</a></li><li><a href="/sport">NAVLINK sport</a>'
    "</li></ul></nav>",
    "related": '<div class="related"><h3>Related</h3><ul><li><a href="/a">RELATEDLINK Council '
    'budget vote delayed again</a></li><li><a href="/b">RELATEDLINK Bridge closure</a></li>'
    "</ul></div>",
    "share": '<div class="share-bar"><a href="#">SHAREBAR Facebook</a> <a href="#">SHAREBAR '
    "Twitter</a></div>",
    "comments": '<section id="comments" class="comments"><h3>3 comments</h3><div class="comment">'
    "<p>COMMENTTEXT I have lived here for forty years and the water has never been this bad."
    "</p></div></section>",
    "cookies": '<div id="cookie-banner" class="cookie-consent"><p>COOKIENOTE We use cookies to '
    "improve your experience.</p><button>Accept</button></div>",
    "newsletter": '<div class="newsletter-signup"><p>NEWSLETTERBOX Get the morning briefing in '
    "your inbox.</p><form><input type=email><button>Sign up</button></form></div>",
    "footer": "<footer><p>FOOTERTEXT Riverside Courier, 12 Mill Lane. All rights reserved.</p>"
    "</footer>",
}


def test_the_text_is_the_article_without_the_page_around_it(tmp_path, rules):
    body = (
        CLUTTER["cookies"]
        + CLUTTER["nav"]
        + "<main><article><h1>Water board approves new pumping station</h1>"
        + '<p class="standfirst">Villages left dry last winter will get a new station.</p>'
        + CLUTTER["share"]
        + "{story}"
        + CLUTTER["newsletter"]
        + "</article>"
        + CLUTTER["related"]
        + CLUTTER["comments"]
        + "</main>"
        + CLUTTER["footer"]
    )
    article = read_page(tmp_path, rules, page(body=body))
    for marker in ("NAVLINK", "RELATEDLINK", "SHAREBAR", "COMMENTTEXT", "COOKIENOTE", "FOOTERTEXT"):
        assert marker not in article.text, marker
    assert "Villages left dry last winter" in article.text  # the standfirst stays
    assert "approved a plan on Tuesday" in article.text
    assert "before the summer recess." in article.text
    assert article.title == "Water board approves new pumping station"


# --- Markup that defeats a strict parser ------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        # A script end tag followed by a line break, and a comment inside the script.
        "<script>\nvar a = '<!--';\n</script\n>{story}",
        # Conditional comments around the layout.
        "<!--[if lt IE 9]><div class='old-ie'><![endif]-->{story}<!--[if lt IE 9]></div>"
        "<![endif]-->",
        # The whole page inside a form, as some sites and databases deliver it.
        "<form action='/x' method='post'><div id='content'><h1>Water board approves new "
        "pumping station</h1>{story}</div></form>",
    ],
)
def test_markup_that_defeats_a_strict_parser_is_still_read(tmp_path, rules, body):
    article = read_page(tmp_path, rules, page(body=body))
    assert "approved a plan on Tuesday" in article.text
    assert "before the summer recess." in article.text


def test_a_nul_byte_in_a_tag_does_not_make_a_page_binary(tmp_path, rules):
    html = page().encode("utf-8").replace(b"<article>", b"<art\x00icle>")
    article = read_page(tmp_path, rules, html)
    assert "approved a plan on Tuesday" in article.text


# --- Pages in other languages -----------------------------------------------------------------

GERMAN_STORY = (
    "<p>Der Wasserverband hat am Dienstag beschlossen, das alte Pumpwerk am nördlichen "
    "Stausee zu ersetzen. Im vergangenen Winter waren mehrere Dörfer tagelang ohne fließendes "
    "Wasser, nachdem die Anlage zweimal ausgefallen war.</p>"
    "<p>Nach Angaben der Ingenieure kostet der Neubau rund vier Millionen Euro und dauert zwei "
    "Jahre. Anwohner forderten bei der Sitzung vorübergehend Wassertanks.</p>"
)


def test_a_german_page_with_a_written_date_and_umlauts(tmp_path, rules):
    html = (
        '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">'
        "<title>Neues Pumpwerk für den Stausee | Landbote</title></head><body>"
        '<article><h1>Neues Pumpwerk für den Stausee</h1><p class="meta">Veröffentlicht am '
        "9. März 2021</p>" + GERMAN_STORY + "</article></body></html>"
    )
    article = read_page(tmp_path, rules, html)
    assert article.title == "Neues Pumpwerk für den Stausee"
    assert article.source == "Landbote"
    assert article.date == dt.date(2021, 3, 9)
    assert "fließendes Wasser" in article.text


def test_a_latin1_french_page(tmp_path, rules):
    html = (
        '<html lang="fr"><head><meta http-equiv="Content-Type" content="text/html; '
        'charset=iso-8859-1"><meta property="og:site_name" content="Le Courrier du Lac">'
        '<meta property="article:published_time" content="2021-03-09T07:00:00+01:00"></head>'
        "<body><article><h1>Une nouvelle station de pompage pour le réservoir</h1>"
        "<p>Le syndicat des eaux a approuvé mardi le remplacement de la vieille station de "
        "pompage du réservoir nord, après deux pannes survenues pendant la vague de froid de "
        "l'hiver dernier, qui ont privé plusieurs villages d'eau courante pendant des jours."
        "</p></article></body></html>"
    ).encode("iso-8859-1")
    article = read_page(tmp_path, rules, html)
    assert (article.source, article.date) == ("Le Courrier du Lac", dt.date(2021, 3, 9))
    assert "privé plusieurs villages" in article.text


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en-US", dt.date(2021, 3, 4)), ("en-GB", dt.date(2021, 4, 3)), ("de", dt.date(2021, 4, 3))],
)
def test_a_numeric_date_reads_in_the_pages_language(tmp_path, rules, lang, expected):
    body = (
        "<article><h1>Water board approves new pumping station</h1>"
        '<p class="byline">By Ana Ruiz | 03/04/2021</p>{story}</article>'
    )
    assert read_page(tmp_path, rules, page(body=body, lang=lang)).date == expected


def test_another_date_on_the_page_settles_the_order(tmp_path, rules):
    body = (
        "<article><h1>Water board approves new pumping station</h1>"
        '<p class="byline">By Ana Ruiz | 03/04/2021</p>{story}'
        "<p>The board first met on 25/01/2021.</p></article>"
    )
    assert read_page(tmp_path, rules, page(body=body, lang="en")).date == dt.date(2021, 4, 3)


def test_a_fault_in_the_extractors_keeps_the_page(tmp_path, rules, monkeypatch):
    import htmldate
    import trafilatura

    def broken(*args, **kwargs):
        raise RuntimeError("an odd page")

    monkeypatch.setattr(trafilatura, "extract", broken)
    monkeypatch.setattr(htmldate, "find_date", broken)
    article = read_page(tmp_path, rules, page())
    assert "approved a plan on Tuesday" in article.text  # the page's visible text


def test_a_broken_address_in_the_page_is_ignored(tmp_path, rules):
    head = '<link rel="canonical" href="http://[broken/2021/03/09/x">'
    article = read_page(tmp_path, rules, page(head))
    assert "approved a plan on Tuesday" in article.text


def test_a_utc_stamp_at_noon_stays_on_its_day(tmp_path, rules):
    head = '<meta property="article:published_time" content="2021-03-05T12:30:00Z">'
    body = (
        "<article><h1>Water board approves new pumping station</h1>{story}</article>"
        '<aside><a href="/older"><time datetime="2021-03-04">4 March</time> Older story</a>'
        "</aside>"
    )
    assert read_page(tmp_path, rules, page(head, body)).date == dt.date(2021, 3, 5)
