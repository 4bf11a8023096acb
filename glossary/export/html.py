"""One self-contained HTML page: search as you type, filter by category, pinyin as ruby.

Everything is inline — CSS, script and data — and a Content-Security-Policy
allows nothing else: the page makes no request at all, and opens from a file,
a USB stick or any static host. The glossary travels as JSON inside a
``<script type="application/json">`` element with ``<``, ``>`` and ``&`` written as
``\\u003c``-style escapes, so no text can close the element; the script builds
every entry with ``textContent``, never ``innerHTML``, so text from the corpus
always shows as text. Search accepts characters (simplified or traditional),
pinyin with tone marks, tone numbers or none, pinyin initials, English names and
aliases, and words of the notes.

>>> from glossary.terms.model import Concept
>>> page = render(ExportData((Concept(id="x", en="</script><script>alert(1)</script>"),)))
>>> "<script>alert" in page, page.count("</script>")
(False, 2)
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from typing import Any

from glossary.export.common import KIND_LABELS, one_line, ref_label, safe_url
from glossary.export.registry import ExportData, Exporter, register
from glossary.export.tones import initials, ruby
from glossary.terms.model import Concept
from glossary.text.normalize import fold

CSS = """
:root { --bg: #fbfaf7; --fg: #1c1c1e; --muted: #6e6e73; --line: #e3e1da; --card: #fff; --accent: #c62828;
  --chip: #f1efe9; --t1: #d32f2f; --t2: #2e7d32; --t3: #1565c0; --t4: #7b1fa2; --t5: #757575; color-scheme: light dark; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #121212; --fg: #ececec; --muted: #a0a0a5; --line: #2c2c2e; --card: #1c1c1e; --accent: #ff6b6b;
    --chip: #2c2c2e; --t1: #ff7b7b; --t2: #7bd88f; --t3: #79b8ff; --t4: #d59cf0; --t5: #b0b0b0; }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--fg); line-height: 1.5;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif; }
:lang(zh-Hans) { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; }
:lang(zh-Hant) { font-family: "Noto Sans CJK TC", "Source Han Sans TC", "PingFang TC", "Microsoft JhengHei", sans-serif; }
header { padding: 20px 16px 8px; max-width: 56rem; margin: 0 auto; }
h1 { font-size: 1.5rem; margin: 0 0 4px; line-height: 1.25; }
header p { margin: 0; color: var(--muted); }
.bar { position: sticky; top: 0; z-index: 2; background: var(--bg); border-bottom: 1px solid var(--line); }
.controls { max-width: 56rem; margin: 0 auto; padding: 10px 16px; display: flex; gap: 8px; flex-wrap: wrap; }
.controls input, .controls select { font: inherit; font-size: 1.05rem; padding: 10px 12px; border: 1px solid var(--line);
  border-radius: 10px; background: var(--card); color: var(--fg); min-width: 0; }
.controls input { flex: 3 1 16rem; }
.controls select { flex: 1 1 10rem; }
#ui_count { max-width: 56rem; margin: 0 auto; padding: 0 16px 8px; color: var(--muted); font-size: .9rem; }
main { max-width: 56rem; margin: 0 auto; padding: 8px 16px 40px; }
.entry { overflow-wrap: anywhere; min-width: 0; background: var(--card); border: 1px solid var(--line); border-radius: 14px; padding: 14px 16px; margin: 12px 0; }
.entry { scroll-margin-top: calc(var(--bar, 9rem) + 14px); }
.entry:target, .entry.current { outline: 3px solid var(--accent); }
.head > * { min-width: 0; max-width: 100%; }
.head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 14px; }
.chars { font-size: 2rem; font-weight: 500; margin: 0; line-height: 1.9; }
.chars rt { font-size: .42em; font-weight: 400; letter-spacing: .02em; }
.trad { font-size: 1.25rem; color: var(--muted); }
.en { font-size: 1.2rem; font-weight: 650; }
.pinyin { color: var(--muted); }
.badge { font-size: .78rem; background: var(--chip); color: var(--muted); border-radius: 999px; padding: 2px 10px; }
.badge.candidate { color: var(--accent); }
.tone1 { color: var(--t1); } .tone2 { color: var(--t2); } .tone3 { color: var(--t3); } .tone4 { color: var(--t4); } .tone5 { color: var(--t5); }
.entry p { margin: 8px 0 0; overflow-wrap: anywhere; }
.label { color: var(--muted); font-size: .8rem; text-transform: uppercase; letter-spacing: .05em; margin-right: .5em; }
.aliases span.kind { color: var(--muted); font-size: .85em; }
.sources { margin: 8px 0 0; padding: 0; list-style: none; font-size: .93rem; }
.sources li { border-left: 3px solid var(--line); padding: 2px 0 2px 10px; margin: 6px 0; overflow-wrap: anywhere; }
.sources code { color: var(--muted); font-size: .85em; }
.sources q { display: block; }
#ui_more { display: block; margin: 16px auto; font: inherit; padding: 10px 18px; border-radius: 10px;
  border: 1px solid var(--line); background: var(--card); color: var(--fg); }
#ui_more[hidden] { display: none; }
.empty { color: var(--muted); text-align: center; padding: 32px 0; }
@media (max-width: 30rem) { .chars { font-size: 1.7rem; } header { padding-top: 14px; } }
"""

JS = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("ui_data").textContent);
  var concepts = data.concepts, kinds = data.kinds;
  var q = document.getElementById("ui_q"), cat = document.getElementById("ui_cat");
  var list = document.getElementById("ui_list"), count = document.getElementById("ui_count");
  var more = document.getElementById("ui_more");
  var PAGE = 200, limit = PAGE, shown = [], cache = new Map();
  var NUMBERED = /^(?:[a-z]*[aeiouvnrg][1-5]?)+$/, TONE_DIGIT = /([aeiouvnrg])[1-5]/g;

  function fold(s) {
    return s.normalize("NFKC").normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
  }
  function variants(text) {
    var key = fold(text), out = key ? [key] : [];
    if (/[1-5]/.test(key) && NUMBERED.test(key)) out.push(key.replace(TONE_DIGIT, "$1"));
    if (key.length > 3 && /s$/.test(key) && !/ss$/.test(key)) out.push(key.slice(0, -1));
    return out;
  }
  function score(c, keys, words) {
    var best = 9, i, j, k;
    for (i = 0; i < c.k.length; i++) {
      k = c.k[i];
      for (j = 0; j < keys.length; j++) {
        if (k === keys[j]) return 0;
        if (best > 1 && k.indexOf(keys[j]) === 0) best = 1;
        else if (best > 2 && k.indexOf(keys[j]) > 0) best = 2;
      }
    }
    if (best > 2 && words && c.t && c.t.indexOf(words) >= 0) best = 3;
    return best;
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  function chars(c) {
    var h = el("h2", "chars");
    if (c.ruby) {
      h.lang = c.zh ? "zh-Hans" : "zh-Hant";
      var r = el("ruby");
      c.ruby.forEach(function (p) {
        r.appendChild(document.createTextNode(p[0]));
        r.appendChild(el("rt", p[2] ? "tone" + p[2] : null, p[1]));
      });
      h.appendChild(r);
    } else {
      h.textContent = c.en || c.id;
    }
    return h;
  }
  function line(label, text, cls) {
    var p = el("p", cls);
    p.appendChild(el("span", "label", label));
    p.appendChild(document.createTextNode(text));
    return p;
  }
  function card(c) {
    var a = el("article", "entry");
    a.id = c.id;
    var head = el("div", "head");
    head.appendChild(chars(c));
    if (c.zht && c.zh) { var t = el("span", "trad", c.zht); t.lang = "zh-Hant"; head.appendChild(t); }
    if (c.ruby && c.en) head.appendChild(el("span", "en", c.en));
    if (c.py && !c.ruby) head.appendChild(el("span", "pinyin", c.py));
    head.appendChild(el("span", "badge", c.cat));
    if (c.status === "candidate") head.appendChild(el("span", "badge candidate", "candidate"));
    a.appendChild(head);
    if (c.note) a.appendChild(el("p", "note", c.note));
    if (c.lit) a.appendChild(line("literally", c.lit));
    if (c.gloss && c.gloss !== c.note) a.appendChild(line("dictionary", c.gloss));
    if (c.aliases && c.aliases.length) {
      var p = el("p", "aliases");
      p.appendChild(el("span", "label", "also"));
      c.aliases.forEach(function (al, i) {
        if (i) p.appendChild(document.createTextNode(" · "));
        var s = el("span", "alias", al[0]);
        if (/[\u3400-\u9fff\uf900-\ufaff]/.test(al[0])) s.lang = "zh";
        p.appendChild(s);
        p.appendChild(el("span", "kind", " (" + (kinds[al[1]] || al[1]) + (al[2] ? ": " + al[2] : "") + ")"));
      });
      a.appendChild(p);
    }
    if (c.ex) {
      var ex = el("p", "example");
      ex.appendChild(el("span", "label", "example"));
      var zh = el("span", null, c.ex[0]); zh.lang = "zh";
      ex.appendChild(zh);
      if (c.ex[1]) ex.appendChild(el("span", "translation", " — " + c.ex[1]));
      a.appendChild(ex);
    }
    if (c.refs && c.refs.length) {
      var rp = el("p", "refs");
      rp.appendChild(el("span", "label", "used in"));
      c.refs.forEach(function (r, i) {
        if (i) rp.appendChild(document.createTextNode(" · "));
        var link = el("a", null, r[0]);
        if (/^https?:\/\//.test(r[1])) { link.href = r[1]; link.rel = "noopener noreferrer"; }
        rp.appendChild(link);
      });
      a.appendChild(rp);
    }
    if (c.src && c.src.length) {
      a.appendChild(el("p", "label", c.src.length === 1 ? "source" : c.src.length + " sources"));
      var ul = el("ul", "sources");
      c.src.forEach(function (s) {
        var li = el("li");
        li.appendChild(el("code", null, s[1] ? s[0] + ":" + s[1] : s[0]));
        if (s[2]) li.appendChild(el("q", null, s[2]));
        ul.appendChild(li);
      });
      a.appendChild(ul);
    }
    return a;
  }
  function node(c) {
    var n = cache.get(c.id);
    if (!n) { n = card(c); cache.set(c.id, n); }
    return n;
  }
  function matches() {
    var text = q.value.trim(), c0 = cat.value, keys = variants(text), words = text.toLowerCase();
    var out = [];
    concepts.forEach(function (c, i) {
      if (c0 && c.cat !== c0) return;
      if (!text) { out.push([0, i, c]); return; }
      if (!keys.length && !words) return;
      var s = score(c, keys, words);
      if (s < 9) out.push([s, i, c]);
    });
    out.sort(function (x, y) { return x[0] - y[0] || x[1] - y[1]; });
    return out.map(function (x) { return x[2]; });
  }
  function render() {
    var frag = document.createDocumentFragment(), n = Math.min(limit, shown.length);
    for (var i = 0; i < n; i++) frag.appendChild(node(shown[i]));
    list.replaceChildren(frag);
    if (!shown.length) list.appendChild(el("p", "empty", "No term matches."));
    var total = concepts.length;
    count.textContent = (shown.length === total ? total + " terms" : shown.length + " of " + total + " terms") +
      (n < shown.length ? " · showing " + n : "");
    more.hidden = n >= shown.length;
  }
  function update() { limit = PAGE; shown = matches(); render(); }
  function jump() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    var i = shown.findIndex(function (c) { return c.id === id; });
    if (i < 0) { q.value = ""; cat.value = ""; shown = matches(); i = shown.findIndex(function (c) { return c.id === id; }); }
    if (i < 0) return;
    if (i >= limit) { limit = i + 1; }
    render();
    var e = document.getElementById(id), old = document.querySelector(".entry.current");
    if (old) old.classList.remove("current");
    if (e) { e.classList.add("current"); e.scrollIntoView(); }
  }
  var counts = {};
  concepts.forEach(function (c) { counts[c.cat] = (counts[c.cat] || 0) + 1; });
  cat.options[0].textContent = "All categories (" + concepts.length + ")";
  Object.keys(counts).sort().forEach(function (k) {
    var o = el("option", null, k + " (" + counts[k] + ")");
    o.value = k;
    cat.appendChild(o);
  });
  var params = new URLSearchParams(location.search);
  if (params.get("q")) q.value = params.get("q");
  if (params.get("category") && counts[params.get("category")]) cat.value = params.get("category");
  q.addEventListener("input", update);
  cat.addEventListener("change", update);
  more.addEventListener("click", function () { limit += PAGE * 5; render(); });
  window.addEventListener("hashchange", jump);
  document.addEventListener("keydown", function (e) {
    if (e.key === "/" && document.activeElement !== q) { e.preventDefault(); q.focus(); }
    else if (e.key === "Escape" && document.activeElement === q) { q.value = ""; update(); }
  });
  var bar = document.querySelector(".bar");
  function barHeight() { document.documentElement.style.setProperty("--bar", bar.offsetHeight + "px"); }
  window.addEventListener("resize", barHeight);
  barHeight();
  update();
  jump();
  document.documentElement.dataset.ready = "1";
})();
"""


def _script_json(data: Any) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``<``, ``>``, ``&`` or line separators."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def _keys(c: Concept) -> list[str]:
    """What a search can match: every form and the pinyin, folded, and the pinyin initials."""
    keys: list[str] = []
    for text in (*c.forms(), c.pinyin or "", initials(c.pinyin) if c.pinyin else ""):
        key = fold(text)
        if key and key not in keys:
            keys.append(key)
    return keys


def entry(c: Concept) -> dict[str, Any]:
    d: dict[str, Any] = {"id": c.id, "cat": c.category, "status": c.status}
    chars = c.zh or c.zh_hant
    if chars:
        pieces = ruby(one_line(chars), one_line(c.pinyin) or None)
        d["ruby"] = [[b, r, t] for b, r, t in pieces]
    for key, value in (
        ("zh", c.zh),
        ("zht", c.zh_hant if c.zh_hant != c.zh else None),
        ("py", c.pinyin),
        ("en", c.en),
        ("lit", c.literal),
        ("gloss", c.gloss),
        ("note", c.note),
    ):
        if value:
            d[key] = one_line(value)
    if c.aliases:
        d["aliases"] = [[one_line(a.text), a.kind] + ([one_line(a.note)] if a.note else []) for a in c.aliases]
    if c.example:
        d["ex"] = [one_line(c.example.zh), one_line(c.example.en)]
    refs = [[ref_label(r), safe_url(r.url)] for r in c.refs if safe_url(r.url)]
    if refs:
        d["refs"] = refs
    if c.sources:
        d["src"] = [[s.path, s.line, one_line(s.sentence)] for s in c.sources]
    d["k"] = _keys(c)
    words = " ".join(one_line(x) for x in (c.note, c.gloss, c.literal, *(a.text for a in c.aliases)) if x).lower()
    if words:
        d["t"] = words
    return d


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def render(data: ExportData) -> str:
    title = html.escape(one_line(data.name) or "Glossary")
    description = html.escape(one_line(data.description))
    payload = _script_json({"kinds": KIND_LABELS, "concepts": [entry(c) for c in data.concepts]})
    csp = (
        f"default-src 'none'; script-src {_hash(JS)}; style-src {_hash(CSS)}; "
        "img-src 'none'; base-uri 'none'; form-action 'none'"
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="referrer" content="no-referrer">
<title>{title}</title>
<style>{CSS}</style>
</head>
<body>
<header>
<h1>{title}</h1>
{f"<p>{description}</p>" if description else ""}
</header>
<div class="bar">
<div class="controls" role="search">
<input id="ui_q" type="search" placeholder="Search: 小红书 · 小紅書 · xiaohongshu · xhs · RedNote" aria-label="Search the glossary" autocomplete="off" autocapitalize="off" spellcheck="false">
<select id="ui_cat" aria-label="Category"><option value="">All categories</option></select>
</div>
<p id="ui_count" aria-live="polite"></p>
</div>
<main id="ui_list"><noscript><p class="empty">This page needs JavaScript to show and search the glossary.</p></noscript></main>
<button id="ui_more" type="button" hidden>Show more</button>
<script type="application/json" id="ui_data">{payload}</script>
<script>{JS}</script>
</body>
</html>
"""


register(
    "html",
    Exporter(render, suffix=".html", description="one self-contained HTML page: search, filter, ruby pinyin, sources"),
)
