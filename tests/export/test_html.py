"""The HTML glossary in a real headless Chromium (Debian's chromium + chromium-driver, driven by Selenium),
with JavaScript on and off.

The browser tests are skipped only when /usr/bin/chromium is not installed. Selenium Manager is
kept offline: the driver path is given explicitly and SE_OFFLINE is set.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary import export as ex
from glossary.export.common import cleaned, one_line
from glossary.export.html import card, groups
from glossary.terms.lookup import Lookup, inside_parts, person_names, stem_parts
from glossary.terms.model import Alias, Concept, Example, Ref, Source
from glossary.terms.store import load, save
from glossary.text.normalize import query_keys, stem_key
from tests.terms import test_word_folds as folds

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

NO_CHROMIUM = "needs /usr/bin/chromium (apt-get install chromium chromium-driver)"

INJECTIONS = [
    Concept(
        id="img-injection",
        category="meme",
        en="<img src=x onerror=\"document.title='pwned'\">",
        zh="图片",
        note="<b>not bold</b> <!-- not a comment -->",
        example=Example("<i>例句</i>", "an <u>example</u> & more"),
        refs=[Ref('https://example.org/a"onmouseover="x<y>', "Quoted", "2025-01-15")],
        status="reviewed",
    ),
    Concept(
        id="script-injection",
        category="meme",
        en="</script><script>window.__pwned=1</script>",
        zh="脚本注入",
        aliases=[Alias("<svg onload=window.__pwned=2>", "variant")],
        sources=[Source("corpus/<evil>.md", 7, "It said <script>window.__pwned=3</script> twice.")],
        status="reviewed",
    ),
]


def chromium(javascript: bool = True):
    """A headless Chromium, offline; with ``javascript=False`` scripts are blocked for every page."""
    if not CHROMIUM.exists():
        pytest.skip(NO_CHROMIUM)
    os.environ["SE_OFFLINE"] = "true"
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    options.binary_location = str(CHROMIUM)
    profile = tempfile.mkdtemp(prefix="glossary-chromium-")
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_window_size(1280, 900)
    return driver


@pytest.fixture(scope="module")
def browser():
    driver = chromium()
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def no_js_browser():
    driver = chromium(javascript=False)
    yield driver
    driver.quit()


@pytest.fixture
def page(tmp_path: Path, terms_file: Path) -> Path:
    g = load(terms_file)
    path = tmp_path / "terms.yaml"
    save(path, [*g.concepts, *INJECTIONS], name="Test <glossary>")
    out = tmp_path / "glossary.html"
    out.write_bytes(ex.export(load(path), "html"))
    return out


def open_page(browser, path: Path, suffix: str = "") -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(path.as_uri() + suffix)
    WebDriverWait(browser, 10).until(lambda d: d.execute_script("return document.documentElement.dataset.ready") == "1")


def search(browser, text: str) -> list[str]:
    """Type into the search box as a user does; the ids of the entries shown, in order."""
    from selenium.webdriver.common.by import By

    box = browser.find_element(By.ID, "ui_q")
    browser.execute_script("arguments[0].value = ''; arguments[0].dispatchEvent(new Event('input'))", box)
    box.send_keys(text)
    return shown(browser)


def shown(browser) -> list[str]:
    return browser.execute_script("return Array.from(document.querySelectorAll('#ui_list article')).map(a => a.id)")


def test_search_as_you_type_in_every_script(browser, page: Path) -> None:
    from selenium.webdriver.common.by import By

    open_page(browser, page)
    assert len(shown(browser)) == 6
    assert browser.execute_script("return document.getElementById('ui_count').textContent") == "6 terms"
    cases = {
        "小红": "xiaohongshu",  # simplified characters, a prefix
        "小紅書": "xiaohongshu",  # traditional
        "xiaohongshu": "xiaohongshu",  # toneless pinyin
        "Xiǎohóngshū": "xiaohongshu",  # pinyin with tone marks
        "xiao3hong2shu1": "xiaohongshu",  # tone numbers
        "xhs": "xiaohongshu",  # pinyin initials
        "little red book": "xiaohongshu",  # English alias, any case and spacing
        "zijie": "bytedance",
        "ByteDance": "bytedance",
        "TikTok refugees": "tiktok-refugee",  # plural
        "#TikTokRefugee": "tiktok-refugee",  # hashtag
        "paid by newcomers": "cat-tax",  # words of the note
    }
    for query, expected in cases.items():
        ids = search(browser, query)
        assert ids and ids[0] == expected, (query, ids)
    assert not browser.find_element(By.ID, "ui_more").is_displayed()  # everything is shown: no "Show more"
    assert search(browser, "zzzz-nothing") == []
    assert browser.execute_script("return document.querySelector('#ui_list .empty').textContent") == "No term matches."
    # typing narrows letter by letter
    box = browser.find_element(By.ID, "ui_q")
    browser.execute_script("arguments[0].value = ''; arguments[0].dispatchEvent(new Event('input'))", box)
    counts = []
    for ch in "cat t":
        box.send_keys(ch)
        counts.append(len(shown(browser)))
    assert counts[-1] == 1 and counts[0] >= counts[-1]


def test_category_filter(browser, page: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    open_page(browser, page)
    search(browser, "")
    select = Select(browser.find_element(By.ID, "ui_cat"))
    assert [o.text for o in select.options] == [
        "All categories (6)",
        "community (1)",
        "company (1)",
        "custom (1)",
        "meme (2)",
        "platform (1)",
    ]
    select.select_by_value("company")
    assert shown(browser) == ["bytedance"]
    select.select_by_value("meme")
    assert sorted(shown(browser)) == ["img-injection", "script-injection"]
    assert search(browser, "xiaohongshu") == []  # search and filter combine
    select.select_by_value("platform")
    assert search(browser, "xiaohongshu") == ["xiaohongshu"]
    select.select_by_value("")
    assert search(browser, "xiaohongshu") == [
        "xiaohongshu",
        "tiktok-refugee",
    ]  # the name first, then a note that mentions it


def test_entry_shows_ruby_pinyin_traditional_aliases_and_sources(browser, page: Path) -> None:
    open_page(browser, page)
    info = browser.execute_script("""
        const a = document.getElementById('xiaohongshu');
        return {base: Array.from(a.querySelector('ruby').childNodes).filter(n => n.nodeType === 3).map(n => n.textContent),
                rt: Array.from(a.querySelectorAll('rt')).map(r => [r.textContent, r.className]),
                trad: a.querySelector('.trad').textContent, en: a.querySelector('.en').textContent,
                aliases: a.querySelector('.aliases').textContent};
    """)
    assert info["base"] == ["小", "红", "书"]
    assert info["rt"] == [["Xiǎo", "tone3"], ["hóng", "tone2"], ["shū", "tone1"]]
    assert info["trad"] == "小紅書" and info["en"] == "RedNote"
    assert "Little Red Book (calque)" in info["aliases"]
    sources = browser.execute_script(
        "return Array.from(document.querySelectorAll('#tiktok-refugee .sources li')).map(li => li.textContent)"
    )
    assert sources == ["corpus/news.txt:3Millions of TikTok refugees joined RedNote."]


def test_injected_markup_shows_as_text_and_runs_nothing(browser, page: Path) -> None:
    open_page(browser, page)
    title = browser.title
    assert title == "Test <glossary>"
    state = browser.execute_script("""
        return {pwned: window.__pwned === undefined ? null : window.__pwned, title: document.title,
                imgs: document.images.length, svgs: document.querySelectorAll('svg').length,
                scripts: document.scripts.length, bolds: document.querySelectorAll('#ui_list b').length,
                img: document.getElementById('img-injection').querySelector('.en').textContent,
                script: document.getElementById('script-injection').querySelector('.en').textContent,
                note: document.getElementById('img-injection').querySelector('.note').textContent,
                src: document.querySelector('#script-injection .sources li').textContent,
                alias: document.querySelector('#script-injection .alias').textContent};
    """)
    assert state["pwned"] is None and state["title"] == title
    assert state["imgs"] == 0 and state["svgs"] == 0 and state["bolds"] == 0
    assert state["scripts"] == 2  # the data element and the page's own script
    assert state["img"] == "<img src=x onerror=\"document.title='pwned'\">"
    assert state["script"] == "</script><script>window.__pwned=1</script>"
    assert state["note"] == "<b>not bold</b> <!-- not a comment -->"
    assert state["src"] == "corpus/<evil>.md:7It said <script>window.__pwned=3</script> twice."
    assert state["alias"] == "<svg onload=window.__pwned=2>"
    assert search(browser, "onerror") == ["img-injection"]
    from selenium.common.exceptions import NoAlertPresentException

    with pytest.raises(NoAlertPresentException):
        _ = browser.switch_to.alert.text


def test_nothing_overflows_a_phone_screen(browser, page: Path) -> None:
    try:
        browser.set_window_size(390, 844)
        open_page(browser, page)
        assert (
            browser.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
            <= 0
        )
    finally:
        browser.set_window_size(1280, 900)


def test_long_lists_show_a_page_at_a_time(browser, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    concepts = [Concept(id=f"term-{i:03d}", category="slang", en=f"Term {i:03d}", zh=f"词{i}") for i in range(250)]
    out = tmp_path / "long.html"
    out.write_bytes(ex.get("html")(ex.ExportData(tuple(concepts), name="Long")))
    open_page(browser, out)
    assert len(shown(browser)) == 200
    assert browser.find_element(By.ID, "ui_count").text == "250 terms · showing 200"
    more = browser.find_element(By.ID, "ui_more")
    more.click()
    assert len(shown(browser)) == 250 and not more.is_displayed()
    assert search(browser, "Term 249") == ["term-249"]
    landed = """
        const e = document.querySelector('.entry.current'), r = e.getBoundingClientRect();
        return [e.id, r.top >= document.querySelector('.bar').getBoundingClientRect().bottom - 1, r.top < innerHeight];
    """
    open_page(browser, out, "#term-240")  # a link to an entry beyond the first page lands on it (same page: hashchange)
    assert browser.execute_script(landed) == ["term-240", True, True]
    browser.get("about:blank")
    open_page(browser, out, "#term-240")  # and on a fresh load
    assert browser.execute_script(landed) == ["term-240", True, True]


def test_page_is_self_contained(browser, page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    assert not re.search(r"""src\s*=\s*["']?(?:https?:)?//""", html)
    # the only addresses are the refs' links, which load nothing
    tags = re.findall(r"<\w+[^>]*\shref=[^>]*>", html)
    assert tags and all(re.fullmatch(r'<a href="https?://[^"<>]*" rel="noopener noreferrer">', t) for t in tags)
    assert "<link" not in html and "@import" not in html
    assert "default-src 'none'" in html
    data = html[html.index('<script type="application/json" id="ui_data">') :]
    data = data[data.index(">") + 1 : data.index("</script>")]
    assert "<" not in data and json.loads(data)["concepts"]
    open_page(browser, page)
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0


def test_link_to_an_entry_and_query_parameter(browser, page: Path) -> None:
    open_page(browser, page, "#cat-tax")
    assert browser.execute_script("return document.querySelector(':target').id") == "cat-tax"
    assert browser.execute_script("return document.querySelector('.entry.current').id") == "cat-tax"
    open_page(browser, page, "?q=xhs")
    assert shown(browser) == ["xiaohongshu"]


def test_bundled_glossary_page_on_a_phone(browser, tmp_path: Path, bundled_terms: Path) -> None:
    """The bundled page: the first 200 entries render, "more" renders the rest, nothing overflows a phone
    screen; examples and refs are shown; screenshots for a human eye."""
    from selenium.webdriver.common.by import By

    out = tmp_path / "bundled.html"
    out.write_bytes(ex.export(load(bundled_terms), "html"))
    total = len(load(bundled_terms))
    try:
        browser.set_window_size(390, 844)
        open_page(browser, out)
        assert len(shown(browser)) == min(total, 200)
        while browser.find_element(By.ID, "ui_more").is_displayed():
            browser.find_element(By.ID, "ui_more").click()
        assert len(shown(browser)) == total
        first = browser.find_element(By.CSS_SELECTOR, "#xiaohongshu .example")
        assert first.text.lower().startswith("example") and "—" in first.text
        links = browser.find_elements(By.CSS_SELECTOR, "#xiaohongshu .refs a")
        assert links and all(a.get_attribute("href").startswith(("https://", "http://")) for a in links)
        overflow = browser.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0
        assert search(browser, "拜登") == ["biden"]
        assert browser.save_screenshot(str(tmp_path / "phone.png"))
        if os.environ.get("GLOSSARY_SCREENSHOTS"):  # for a human eye
            shutil.copyfile(tmp_path / "phone.png", Path(os.environ["GLOSSARY_SCREENSHOTS"]) / "phone.png")
    finally:
        browser.set_window_size(1280, 900)


# --- search: the CLI's matching, in the page ----------------------------------------------------------

#: Queries a reader types, with the entry ``glossary lookup`` puts first for each.
LOOKUPS = {
    "xiaohongsu": "xiaohongshu",  # a typo: rapidfuzz's ratio 95
    "bytedanse": "bytedance",
    "bytdance": "bytedance",
    "douyn": "douyin",
    "xiaohongshu": "xiaohongshu",  # toneless pinyin
    "Zijie Tiaodong": "bytedance",
    "xhs": "xiaohongshu",  # pinyin initials
    "zjtd": "bytedance",
    "小紅書": "xiaohongshu",  # traditional
    "tiktok refugees": "tiktok-refugee",  # plural
    "chinese spies": "chinese-spy",
    "xhs user": "xiaohongshu",  # a known term inside the query
    "我在小红书上交了猫税": "cat-tax",  # the phrase ends in its head (交了猫税)
    "中国的间谍": "chinese-spy",  # 的 left out
    "TikTok难民潮来了": "refugee-wave",  # a Latin word and the Chinese beside it
    "中美网友对账": "duizhang",  # a Chinese phrase and its head
    "dui zhang": "duizhang",
    "Chinese spies' memes": "chinese-spy",  # a plural and a possessive inside a longer query
    "paying the cat tax": "cat-tax",  # an inflected verb
    "President-elect Trump": "trump",  # a title before the name
    "美国总统特朗普": "trump",
    "Donald J. Trump": "trump",  # a middle initial
    "Yiming Zhang": "zhang-yiming",  # given name first
}


def test_search_finds_what_the_cli_finds(browser, tmp_path: Path, bundled_terms: Path) -> None:
    out = tmp_path / "bundled.html"
    out.write_bytes(ex.export(load(bundled_terms), "html"))
    lookup = Lookup(bundled_terms)
    open_page(browser, out)
    for query, expected in LOOKUPS.items():
        cli = [m.id for m in lookup.lookup(query, dictionary=False)]
        page = search(browser, query)
        assert page[:1] == cli[:1] == [expected], (query, page[:3], cli[:3])


def test_search_folds_phrases_names_and_titles_as_the_cli_does(browser, tmp_path: Path) -> None:
    """Every fold of tests/terms/test_word_folds.py: the page's first hit is the CLI's, and the expected one."""
    path = tmp_path / "terms.yaml"
    path.write_text(folds.TERMS, encoding="utf-8")
    out = tmp_path / "folds.html"
    out.write_bytes(ex.export(load(path), "html"))
    lookup = Lookup(path)
    open_page(browser, out)
    cases = [
        *folds.test_a_word_of_a_longer_form_answers_below_an_exact_hit.pytestmark[0].args[1],
        *folds.test_inflections_and_plurals_inside_a_phrase.pytestmark[0].args[1],
        *folds.test_titles_and_name_orders_find_the_person.pytestmark[0].args[1],
        *folds.test_typos_beside_chinese_and_in_a_long_chinese_name.pytestmark[0].args[1],
        *folds.test_app_and_its_chinese.pytestmark[0].args[1],
        ("Chinese spy", "chinese-spy"),
        ("President Trump's TikTok", "president-trump-meme"),
    ]
    for query, expected in cases:
        cli = [m.id for m in lookup.lookup(query, dictionary=False)]
        page = search(browser, query)
        assert page[:1] == cli[:1] == [expected], (query, page[:3], cli[:3])
    for query in folds.test_only_whole_words_of_a_longer_form_are_parts.pytestmark[0].args[1]:
        cli = [m.id for m in lookup.lookup(query, dictionary=False) if m.score >= 0.7]
        assert cli == [], query
    assert set(search(browser, "Murdoch")[:2]) == {"rupert-murdoch", "lachlan-murdoch"}


FOLDABLE = st.text(
    alphabet=st.sampled_from(
        [
            *"aeiouxhsngrvAEIOUXHSN 12345-#'._,",
            "ǎ",
            "ó",
            "ū",
            "ü",
            "Ü",
            "ß",
            "ẞ",
            "ς",
            "Σ",
            "é",
            "\u0301",
            "Ａ",
            "ﬁ",
            "İ",
            "ǅ",
            "²",
        ]
        + [*"小红书紅書交缴繳猫税貓稅难民", "\U00020000"]
    ),
    max_size=12,
)


@pytest.fixture(scope="module")
def small_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("page") / "small.html"
    out.write_bytes(ex.get("html")(ex.ExportData((Concept(id="x", en="X"),))))
    return out


@settings(max_examples=30, deadline=None)
@given(texts=st.lists(FOLDABLE, min_size=1, max_size=30), pairs=st.lists(st.tuples(FOLDABLE, FOLDABLE), max_size=30))
def test_page_reads_a_query_as_the_cli_does(browser, small_page: Path, texts: list[str], pairs) -> None:
    """The page's query keys, the parts of a query it looks up and its typo ratio are the CLI's
    (glossary.text.normalize.query_keys, glossary.terms.lookup.inside_parts, rapidfuzz's fuzz.ratio)."""
    from rapidfuzz import fuzz

    from glossary.text.normalize import fold

    if browser.current_url != small_page.as_uri():
        open_page(browser, small_page)
    keys, parts = browser.execute_script(
        "const s = window.glossarySearch;"
        "return [arguments[0].map(t => s.queryKeys(t)), arguments[0].map(t => s.insideParts(t).sort())]",
        texts,
    )
    assert keys == [query_keys(t) for t in texts]
    assert [sorted(p) for p in parts] == [sorted(inside_parts(t)) for t in texts]
    stems = browser.execute_script(
        "const s = window.glossarySearch;"
        "return [arguments[0].map(t => s.stemKey(t)), arguments[0].map(t => s.stemParts(t).sort())]",
        texts,
    )
    assert stems == [[stem_key(t) for t in texts], [sorted(stem_parts(t)) for t in texts]]
    folded = [[fold(a), fold(b)] for a, b in pairs]
    ratios = browser.execute_script("return arguments[0].map(p => window.glossarySearch.ratio(p[0], p[1]))", folded)
    assert ratios == pytest.approx([fuzz.ratio(a, b) for a, b in folded])


PHRASE = st.lists(
    st.sampled_from(
        [
            *"President Sen. Mr. Secretary of State TikTok CEO former U.S. -elect Trump Donald J. Shou Zi Chew".split(),
            *"flocking banned taxes spies' refugees’ paid liked hoping stopped doomscrolling news bus".split(),
            *"colonised favourites centres defence catalogues behaviour revised".split(),
            *"总统 美国 前 特朗普 先生 周受资 首席执行官 参议员 · 的 TikTok".split(),
            " ",
            "  ",
            "-",
            "'s",
            "’S",
            "ß",
            "İ",
        ]
    ),
    max_size=8,
).map("".join)


@settings(max_examples=60, deadline=None)
@given(texts=st.lists(st.one_of(PHRASE, PHRASE.map(lambda t: t.replace("", " ").strip())), min_size=1, max_size=30))
def test_page_folds_words_names_and_titles_as_the_cli_does(browser, small_page: Path, texts: list[str]) -> None:
    """The page's stems and the names it reads a query as (titles taken away, other orders) are the CLI's
    (glossary.text.normalize.stem_key, glossary.terms.lookup.stem_parts and person_names)."""
    if browser.current_url != small_page.as_uri():
        open_page(browser, small_page)
    got = browser.execute_script(
        "const s = window.glossarySearch;"
        "return arguments[0].map(t => [s.stemKey(t), s.stemParts(t).sort(), s.personNames(t)])",
        texts,
    )
    assert got == [[stem_key(t), sorted(stem_parts(t)), person_names(t)] for t in texts]


# --- without JavaScript, order, examples and refs -------------------------------------------------------


def test_without_javascript_every_entry_is_in_the_page(no_js_browser, tmp_path: Path, bundled_terms: Path) -> None:
    from selenium.webdriver.common.by import By

    glossary = load(bundled_terms)
    out = tmp_path / "bundled.html"
    out.write_bytes(ex.export(glossary, "html"))
    no_js_browser.get(out.as_uri())
    assert no_js_browser.find_elements(By.CSS_SELECTOR, "html[data-ready]") == []  # the script did not run
    cards = no_js_browser.find_elements(By.CSS_SELECTOR, "#ui_list article.entry")
    ids = [a.get_attribute("id") for a in cards]
    assert sorted(ids) == sorted(c.id for c in glossary.concepts)
    assert ids == [c.id for _, members in groups(ex.data_for(glossary).concepts) for c in members]
    assert all(a.is_displayed() for a in cards[:: len(cards) // 20])
    assert not no_js_browser.find_element(By.ID, "ui_q").is_displayed()  # no search box that cannot search
    card = no_js_browser.find_element(By.ID, "xiaohongshu")
    assert "RedNote" in card.text and "Little Red Book (calque)" in card.text
    assert card.find_element(By.CSS_SELECTOR, ".example").text.startswith("EXAMPLE")  # the label, upper-cased by CSS
    assert card.find_elements(By.CSS_SELECTOR, ".refs a[href^='https://']")
    rt = [r.get_attribute("textContent") for r in card.find_elements(By.CSS_SELECTOR, "rt")]
    assert rt == ["Xiǎo", "hóng", "shū"]


def test_examples_and_refs_are_text_and_links_only_http(no_js_browser, browser, page: Path) -> None:
    from selenium.webdriver.common.by import By

    evil = Concept(id="evil", en="E", refs=[Ref("javascript:document.title='pwned'", "<b>Evil</b> outlet")])
    assert "javascript:" not in str(
        ex.get("html")(ex.ExportData((evil,)))
    )  # terms.yaml allows only http(s); the page too
    for driver in (no_js_browser, browser):
        driver.get(page.as_uri())
        card = driver.find_element(By.ID, "img-injection")
        example = card.find_element(By.CSS_SELECTOR, ".example")
        assert example.get_attribute("textContent") == "example<i>例句</i> — an <u>example</u> & more"
        assert not driver.find_elements(By.CSS_SELECTOR, "#ui_list i, #ui_list u, #ui_list b")
        links = card.find_elements(By.CSS_SELECTOR, ".refs a")
        assert [(a.text, a.get_attribute("href")) for a in links] == [
            ("Quoted, 2025-01-15", "https://example.org/a%22onmouseover=%22x%3Cy%3E")
        ]
        assert links[0].get_attribute("onmouseover") is None
        assert driver.title == "Test <glossary>"


def test_order_central_terms_first_then_categories(browser, tmp_path: Path, bundled_terms: Path) -> None:
    """The bundled page opens on the event's central terms, not on "75-day extension" and "996"."""
    glossary = load(bundled_terms)
    sections = groups(ex.data_for(glossary).concepts)
    label, members = sections[0]
    central = [c.id for c in members]
    assert label == "Central terms" and len(central) == int(len(glossary.concepts) ** 0.5)
    assert central[0] == "xiaohongshu" and {"tiktok", "tiktok-refugee", "bytedance", "cat-tax"} <= set(central)
    assert "extension-75-day" not in central and "nine-nine-six" not in central
    out = tmp_path / "bundled.html"
    out.write_bytes(ex.export(glossary, "html"))
    open_page(browser, out)
    heads = browser.execute_script(
        "return Array.from(document.querySelectorAll('#ui_list > h2')).map(h => h.textContent)"
    )
    assert heads == [label for label, _ in sections][: len(heads)] and len(heads) > 2
    first = shown(browser)
    assert first == [c.id for _, members in sections for c in members][:200]
    assert (
        search(browser, "xhs")[0] == "xiaohongshu"
        and browser.execute_script("return document.querySelectorAll('#ui_list > h2').length") == 0
    )  # a search is ranked by match, without sections
    assert search(browser, "") == first


def test_order_rule() -> None:
    """Central: the ⌊√n⌋ reviewed concepts named most by other entries, with most aliases, refs
    and sources; then each category in the schema's order, the more important first."""
    named = Concept(id="named", category="slang", en="Named", status="reviewed")
    mentions = [
        Concept(id=f"m{i}", category="meme", en=f"M{i}", note="They said Named again.", status="reviewed")
        for i in range(3)
    ]
    aliased = Concept(id="aliased", category="person", en="A", aliases=[Alias("AA")], status="reviewed")
    popular_candidate = Concept(id="cand", category="platform", en="C", aliases=[Alias(f"C{i}") for i in range(9)])
    plain = [Concept(id=f"p{i}", category="platform", en=f"P{i}", status="reviewed") for i in range(11)]
    sections = groups([*plain, popular_candidate, aliased, *mentions, named])
    assert [(label, [c.id for c in members][:3]) for label, members in sections] == [
        ("Central terms", ["named", "aliased"]),  # ⌊√17⌋ = 4, but only two have any importance and are reviewed
        ("platform", ["p0", "p1", "p10"]),  # the candidate last, though it has the most aliases
        ("meme", ["m0", "m1", "m2"]),
    ]
    assert [c.id for c in sections[1][1]][-1] == "cand"


@settings(max_examples=200, deadline=None)
@given(note=st.text(min_size=1), en=st.text(min_size=1), alias=st.text(min_size=1), url_tail=st.text())
def test_card_text_never_becomes_markup(note: str, en: str, alias: str, url_tail: str) -> None:
    """Whatever the texts hold, the card parses to the same elements and shows each text as written."""
    from html.parser import HTMLParser

    c = cleaned(
        Concept(
            id="x",
            zh="词",
            en=en,
            note=note,
            aliases=[Alias(alias, "variant")],
            refs=[Ref("https://example.org/" + url_tail, "Outlet")],
        )
    )

    class Reader(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.tags: list[str] = []
            self.open: list[str] = []
            self.text: dict[str, str] = {}

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.tags.append(tag)
            self.open.append(dict(attrs).get("class") or tag)

        def handle_endtag(self, tag: str) -> None:
            self.open.pop()

        def handle_data(self, data: str) -> None:
            self.text[self.open[-1]] = self.text.get(self.open[-1], "") + data

    reader = Reader()
    reader.feed(card(c))
    assert reader.tags[0] == "article" and reader.tags.count("a") == 1 and not reader.open
    assert set(reader.tags) <= {"article", "div", "h3", "ruby", "rt", "span", "p", "a"}
    assert reader.text.get("note", "") == one_line(c.note)
    assert reader.text.get("en", "") == one_line(c.en) and reader.text.get("alias", "") == one_line(c.aliases[0].text)
