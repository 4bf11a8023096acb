"""One self-contained HTML page: every entry in the page itself, search as you type, filter by
category, pinyin as ruby.

Every card is written into the page as HTML, so the whole glossary reads, prints and links
(``page.html#xiaohongshu``) with JavaScript off; the script only filters and reorders them.
All text is escaped where it is written (``html.escape``), links are only ``http(s)``, and
the search data travels as JSON inside a ``<script type="application/json">`` element with
``<``, ``>`` and ``&`` written as ``\\u003c``-style escapes, so no text can close the element.
Everything is inline — CSS, script and data — and a Content-Security-Policy allows nothing
else: the page makes no request at all, and opens from a file, a USB stick or any static host.

Order: the event's central terms first, then every category in the schema's order (platform,
app, company, …), each by importance; see :func:`groups`.

Search is the CLI's matching (:mod:`glossary.terms.lookup`) run in the page: the exporter
writes each concept's lookup keys from :func:`glossary.terms.index.concept_keys` (every
form folded, regional forms, toneless pinyin, initials, with their weights) and its loose keys
from :func:`glossary.terms.index.loose_keys` (stems, words of longer forms, other orders of a
name: matched whole), and the script folds the query as :func:`glossary.text.normalize.query_keys`
and :func:`~glossary.text.normalize.stem_key` do, reads it as a person's name as
:func:`glossary.terms.lookup.person_names` does (the title and spelling lists travel in the
page's data, written once in Python), scores exact, prefix and
inside hits as the CLI does, then known terms inside the query
(:func:`glossary.terms.lookup.inside_parts`) and, when nothing matches exactly, typos by
rapidfuzz's ``ratio`` (85 or more) — so ``xiaohongsu``, ``bytedanse``, ``xiaohongshu``, ``xhs``
and ``xhs user`` find what ``glossary lookup`` finds. Words of the notes and aliases are
found too, after every form.

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
import math
from collections import Counter
from typing import Any, Iterable, Sequence

from glossary.export.common import KIND_LABELS, headword, one_line, ref_label, safe_url
from glossary.export.registry import ExportData, Exporter, register
from glossary.export.tones import ruby
from glossary.terms.model import CATEGORIES, Concept, Source, importance
from glossary.text.normalize import fold, has_cjk

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
.entry { scroll-margin-top: calc(var(--bar, 0px) + 14px); }
.group { font-size: .85rem; font-weight: 600; color: var(--muted); text-transform: uppercase; letter-spacing: .06em; margin: 28px 0 0; }
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
  var concepts = data.concepts;
  var q = document.getElementById("ui_q"), cat = document.getElementById("ui_cat");
  var list = document.getElementById("ui_list"), count = document.getElementById("ui_count");
  var more = document.getElementById("ui_more"), bar = document.querySelector(".bar");
  var PAGE = 200, limit = PAGE, shown = [], natural = true, nodes = new Map(), headings = [], group = new Map();
  var EXACT = 0.9, CUTOFF = 85;
  var CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{2ffff}]/u;
  var NUMBERED = /^(?:[a-z]*[aeiouvnrg][1-5])*(?:[a-z]*[aeiouvnrg])?$/, TONE_DIGIT = /(?<=[aeiouvnrg])[1-5]/g;
  var RUNS = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|(?:(?![\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])[\p{L}\p{N}])+/gu;
  var MAX_CONTAINED = 60, VERBS = "交缴繳", VERB_VARIANTS = { "缴": "交", "繳": "交" };
  var LINKING_DE = /(?<=[\u3400-\u4dbf\u4e00-\u9fff])的(?=[\u3400-\u4dbf\u4e00-\u9fff])/gu;
  var CLOSING = "了啦呢吧啊呀吗嘛的们們", HEAD_SCORE = 0.75;
  var F = data.folds, IRREGULAR = new Map(Object.entries(F.irregular));
  var EN_TITLES = new Set(F.en_titles), EN_WORDS = new Set(F.en_titles.concat(F.en_qualifiers));
  var POSSESSIVE = /(?<=[\p{L}\p{N}])['’ʼ][sS](?![\p{L}\p{N}])|(?<=[sS])['’ʼ](?![\p{L}\p{N}])/gu;

  // -- the query's keys: glossary.text.normalize.fold and form_keys, written again --
  function fold(s) {
    return s.normalize("NFKC").normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/ß/g, "ss").replace(/ς/g, "σ")
      .replace(/[^\p{L}\p{N}]+/gu, "");
  }
  function singular(k) {
    if (k.length <= 3 || !/s$/.test(k) || /ss$/.test(k) || CJK.test(k)) return null;
    if (/ies$/.test(k) && k.length > 4) return k.slice(0, -3) + "y";
    if (/(?:xes|ches|shes|sses|zes)$/.test(k)) return k.slice(0, -2);
    return k.slice(0, -1);
  }
  function verbObject(k) {
    var chars = Array.from(k), rest = chars.slice(1).join("");
    if (chars.length < 3 || VERBS.indexOf(chars[0]) < 0 || !CJK.test(rest)) return [];
    return (VERB_VARIANTS[chars[0]] ? [VERB_VARIANTS[chars[0]] + rest] : []).concat([rest]);
  }
  function formKeys(key) {
    var out = key ? [key] : [];
    var untoned = /[1-5]/.test(key) && NUMBERED.test(key) ? key.replace(TONE_DIGIT, "") : null;
    [singular(key), untoned].concat(verbObject(key)).forEach(function (k) {
      if (k && out.indexOf(k) < 0) out.push(k);
    });
    return out;
  }
  // glossary.text.normalize.query_keys: a 的 between two Chinese characters may be left out
  function queryKeys(text) {
    var out = formKeys(fold(text)), bare;
    if (out.length && out[0].indexOf("的") >= 0) {
      bare = out[0].replace(LINKING_DE, "");
      if (bare && out.indexOf(bare) < 0) formKeys(bare).forEach(function (k) { if (out.indexOf(k) < 0) out.push(k); });
    }
    return out;
  }
  // glossary.text.normalize.stem: one stem for every form of an English word
  var AMERICAN = F.american.map(function (r) { return [new RegExp(r[0]), r[1]]; });
  function stem(w) {
    if (w.length <= 3) return w;
    AMERICAN.forEach(function (r) { w = w.replace(r[0], function (m, g) { return r[1] + (g || ""); }); });
    return silentE(unsuffixed(w));
  }
  function unsuffixed(w) {
    var endings = ["ing", "ed"], i, base;
    if (IRREGULAR.has(w)) return IRREGULAR.get(w);
    if (/(?:ies|ied)$/.test(w) && w.length > 4) return w.slice(0, -3) + "y";
    if (/(?:sses|xes|ches|shes|zes)$/.test(w)) return w.slice(0, -2);
    if (/s$/.test(w) && !/(?:ss|us|is|news)$/.test(w)) return w.slice(0, -1);
    if (/eed$/.test(w)) return /[aeiouy]/.test(w.slice(0, -3)) ? w.slice(0, -1) : w;
    for (i = 0; i < endings.length; i++) {
      base = w.slice(0, -endings[i].length);
      if (w.endsWith(endings[i]) && /[aeiouy]/.test(base)) {
        if (base.length > 2 && base[base.length - 1] === base[base.length - 2] && "aeiouylsz".indexOf(base[base.length - 1]) < 0) return base.slice(0, -1);
        return keepsE(base) ? base + "e" : base;
      }
    }
    return w;
  }
  function keepsE(base) { return /(?:at|bl|iz)$/.test(base) || /^[^aeiou]*[aeiou][^aeiouwxy]$/.test(base); }
  function silentE(w) { return w.length > 3 && /e$/.test(w) && !/ee$/.test(w) && !keepsE(w.slice(0, -1)) ? w.slice(0, -1) : w; }
  // glossary.text.normalize.stem_words and stem_key: possessives dropped, every English word stemmed
  function stemWords(text) {
    return (text.normalize("NFKC").replace(POSSESSIVE, "").match(RUNS) || []).map(function (r) { return fold(r).replace(/[a-z]+/g, stem); });
  }
  function stemKey(text) {
    var key = stemWords(text).join("");
    return key && key !== fold(text) ? key : null;
  }
  function withStem(keys, text) {
    var s = stemKey(text);
    return s && keys.indexOf(s) < 0 ? keys.concat([s]) : keys;
  }
  // glossary.text.names.untitled and first_and_last, glossary.terms.lookup.person_names
  function untitled(text) {
    text = text.trim();
    return CJK.test(text) ? untitledZh(text) : untitledEn(text);
  }
  function untitledEn(text) {
    var re = /[A-Za-z]+|[^\sA-Za-z.\-]+/g, tokens = [], m, titled = false, i = 0, rest;
    while ((m = re.exec(text))) tokens.push([m[0].toLowerCase(), re.lastIndex]);
    if (tokens.length > 2 && !EN_WORDS.has(tokens[0][0]) && EN_WORDS.has(tokens[1][0])) i = 1;
    while (i < tokens.length && EN_WORDS.has(tokens[i][0])) { titled = titled || EN_TITLES.has(tokens[i][0]); i++; }
    if (!titled || i === 0 || i >= tokens.length) return null;
    rest = text.slice(tokens[i - 1][1]).replace(/^[ .\-,]+/, "");
    return Array.from(rest).length >= F.min_name ? rest : null;
  }
  function untitledZh(text) {
    var rest = text, start = 0, i, found, title;
    for (i = 0; i < F.zh_titles.length; i++) {
      title = F.zh_titles[i];
      if (rest.endsWith(title) && Array.from(rest).length - title.length >= F.min_name) { rest = rest.slice(0, -title.length).trimEnd(); break; }
    }
    if (rest === text) {
      do {
        found = F.zh_qualifiers.find(function (q) { return text.startsWith(q, start); });
        if (found) start += found.length;
      } while (found);
      title = F.zh_titles.find(function (t) { return text.startsWith(t, start); });
      if (title && Array.from(text.slice(start + title.length)).length >= F.min_name) rest = text.slice(start + title.length).replace(/^[ ·]+/, "");
    }
    return rest !== text && Array.from(rest).length >= F.min_name ? rest : null;
  }
  function firstAndLast(name) {
    var words = name.split(/\s+/).filter(Boolean), n = words.length;
    if (n < 2 || n > 4 || !words.every(function (w) { return /^\p{Lu}/u.test(w); })) return null;
    if (EN_TITLES.has(words[0].toLowerCase().replace(/\.+$/, ""))) return null;
    return n >= 3 ? words[0] + " " + words[n - 1] : null;
  }
  function personNames(text) {
    var name = untitled(text), short = firstAndLast(name || text.trim());
    return [name, short].filter(Boolean);
  }
  // glossary.terms.lookup.inside_parts: runs of whole words (Latin) and of two characters or more (Chinese)
  function insideParts(text) { return parts((text.match(RUNS) || []).map(fold)); }
  function stemParts(text) { return parts(stemWords(text)); }
  function parts(runs) {
    var parts = new Set(), i, j, r;
    runs = runs.filter(Boolean);
    for (i = 0; i < runs.length; i++) for (j = i + 1; j <= runs.length; j++) parts.add(runs.slice(i, j).join(""));
    runs.forEach(function (run) {
      if (!CJK.test(run)) return;
      r = Array.from(run);
      for (i = 0; i < r.length; i++) for (j = i + 2; j <= r.length; j++) parts.add(r.slice(i, j).join(""));
    });
    for (i = 0; i + 1 < runs.length; i++) {  // a Latin word and the Chinese beside it
      var left = Array.from(runs[i]), right = Array.from(runs[i + 1]);
      if (CJK.test(runs[i + 1]) && !CJK.test(runs[i])) for (j = 1; j < right.length; j++) parts.add(runs[i] + right.slice(0, j).join(""));
      else if (CJK.test(runs[i]) && !CJK.test(runs[i + 1])) for (j = 1; j < left.length; j++) parts.add(left.slice(j).join("") + runs[i + 1]);
    }
    return Array.from(parts).filter(function (p) { return Array.from(p).length >= (CJK.test(p) ? 2 : 3); });
  }
  // rapidfuzz's fuzz.ratio: 100 * 2 * (longest common subsequence) / (total length)
  function ratio(a, b) {
    var x = Array.from(a), y = Array.from(b), n = x.length, m = y.length, i, j, prev, row, diag;
    if (!n && !m) return 100;
    row = new Array(m + 1).fill(0);
    for (i = 1; i <= n; i++) {
      prev = 0;
      for (j = 1; j <= m; j++) {
        diag = prev; prev = row[j];
        row[j] = x[i - 1] === y[j - 1] ? diag + 1 : Math.max(row[j], row[j - 1]);
      }
    }
    return 200 * row[m] / (n + m);
  }

  // -- scores: glossary.terms.lookup's glossary hits (exact, prefix, inside, then fuzzy) --
  function keyScore(c, keys, whole) {
    var best = wholeScore(c, whole, 0), q0 = keys[0], inside = q0.length >= (CJK.test(q0) ? 2 : 3), i, e, k, fw, s;
    for (i = 0; i < c.k.length; i++) {
      e = c.k[i]; k = e[0]; fw = e[2] ? 0.94 : 1; s = 0;
      if (k.length > q0.length && q0.length >= 2 && k.indexOf(q0) === 0) s = Math.max(s, (0.55 + 0.3 * q0.length / k.length) * fw);
      else if (inside && k.indexOf(q0, 1) > 0) s = Math.max(s, (0.45 + 0.3 * q0.length / k.length) * fw);
      if (s > best) best = s;
    }
    return best;
  }
  // a concept's keys and loose keys (stems, parts of longer forms, names) equal to one of the query's keys
  function wholeScore(c, keys, flat) {
    var best = 0, i, j, e;
    [c.k, c.l].forEach(function (entries) {
      for (i = 0; i < entries.length; i++) {
        e = entries[i];
        for (j = 0; j < keys.length; j++) if (e[0] === keys[j]) best = Math.max(best, (e[1] || 1) * (flat || (j ? 0.97 : 1)));
      }
    });
    return best;
  }
  // glossary.terms.lookup.chinese_head and _contained_score: a Chinese phrase ends in its head
  function chineseHead(key) {
    var chars = Array.from(key);
    if (!chars.length || !CJK.test(chars[chars.length - 1])) return "";
    while (chars.length && CLOSING.indexOf(chars[chars.length - 1]) >= 0) chars.pop();
    return chars.join("");
  }
  function partScore(part, key) {
    var p = Array.from(part), head = chineseHead(key), s = 0.55 + 0.35 * p.length / Array.from(key).length;
    if (head && CJK.test(p[0])) s = head.endsWith(part) ? Math.max(s, HEAD_SCORE) : Math.min(s, HEAD_SCORE - 0.01);
    return s;
  }
  // glossary.terms.lookup's _contained: each part of the query (its words as written, then stemmed) and its score
  function containedParts(text, key) {
    var scored = new Map(), stemmed = stemKey(text);
    insideParts(text).forEach(function (p) { if (p !== key) scored.set(p, partScore(p, key)); });
    if (stemmed) stemParts(text).forEach(function (p) {
      if (p !== stemmed) scored.set(p, Math.max(scored.get(p) || 0, partScore(p, stemmed)));
    });
    return scored;
  }
  function containedScore(c, scored) {  // known terms: keys, stems and names, not the parts of longer forms
    var best = 0;
    c.k.forEach(function (e) { if (scored.has(e[0])) best = Math.max(best, (e[1] || 1) * scored.get(e[0])); });
    c.l.forEach(function (e) { if (!e[2] && scored.has(e[0])) best = Math.max(best, e[1] * scored.get(e[0])); });
    return best;
  }
  // glossary.terms.lookup.typable: no Chinese, Latin letters beside it, or a long Chinese name
  function typable(key) { return !CJK.test(key) || /[a-z]/.test(key) || Array.from(key).length >= F.long_chinese; }
  function fuzzyScore(c, q0) {
    var best = 0, i, e, r, n = Array.from(q0).length, m;
    for (i = 0; i < c.k.length; i++) {
      e = c.k[i];
      if (!e.typable) continue;
      m = e.n;
      if (200 * Math.min(n, m) / (n + m) < CUTOFF) continue;
      r = ratio(q0, e[0]);
      if (r >= CUTOFF) best = Math.max(best, 0.85 * (e[1] || 1) * r / 100);
    }
    return best;
  }
  function search(text, category) {
    var keys = queryKeys(text), words = text.trim().toLowerCase(), hits = [], top = 0, whole = [], people = [];
    if (keys.length) {
      whole = withStem(keys, text);
      people = personNames(text).map(queryKeys);
    }
    concepts.forEach(function (c, i) {
      if (category && c.cat !== category) return;
      var s = keys.length ? keyScore(c, keys, whole) : 0;
      if (c.cat === "person") people.forEach(function (ks) { s = Math.max(s, wholeScore(c, ks, 0.97)); });
      if (!s && words && c.t && c.t.indexOf(words) >= 0) s = 0.4;  // words of the note, gloss, literal, aliases
      hits.push([s, i, c]);
      if (s > top) top = s;
    });
    var n = keys.length ? Array.from(keys[0]).length : 0;
    if (top < EXACT && n >= 3 && n <= MAX_CONTAINED) {  // known terms inside the query: "the RedNote app"
      var scored = containedParts(text, keys[0]);
      if (scored.size) hits.forEach(function (h) { h[0] = Math.max(h[0], containedScore(h[2], scored)); top = Math.max(top, h[0]); });
    }
    if (top < EXACT && n >= 4 && typable(keys[0])) {  // typos: rapidfuzz's ratio, 85 or more
      hits.forEach(function (h) { h[0] = Math.max(h[0], fuzzyScore(h[2], keys[0])); });
    }
    hits = hits.filter(function (h) { return h[0] > 0; });
    hits.sort(function (x, y) { return y[0] - x[0] || x[1] - y[1]; });
    return hits.map(function (h) { return h[2]; });
  }

  // -- the list: the server-rendered cards, filtered and reordered --
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  Array.from(list.children).forEach(function (e) {
    if (e.tagName === "H2") headings.push(e);
    else if (e.tagName === "ARTICLE") { nodes.set(e.id, e); group.set(e.id, headings.length - 1); }
  });
  function words(a) {  // the note, literal meaning, dictionary gloss and aliases, as the card shows them
    return Array.from(a.querySelectorAll(".note, .literal, .gloss, .alias")).map(function (e) {
      return e.classList.contains("note") || e.classList.contains("alias") ? e.textContent : e.lastChild.textContent;
    }).join(" ").toLowerCase();
  }
  concepts.forEach(function (c) {
    c.t = words(nodes.get(c.id));
    c.k.forEach(function (e) { e.typable = typable(e[0]); e.n = Array.from(e[0]).length; });
  });
  function matches() {
    var text = q.value.trim(), c0 = cat.value;
    natural = !text;
    if (!text) return concepts.filter(function (c) { return !c0 || c.cat === c0; });
    return search(text, c0);
  }
  function render() {
    var frag = document.createDocumentFragment(), n = Math.min(limit, shown.length), last = -1, g;
    for (var i = 0; i < n; i++) {
      g = group.get(shown[i].id);
      if (natural && g !== last && headings[g]) { frag.appendChild(headings[g]); last = g; }
      frag.appendChild(nodes.get(shown[i].id));
    }
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
  bar.hidden = false;
  function barHeight() { document.documentElement.style.setProperty("--bar", bar.offsetHeight + "px"); }
  window.addEventListener("resize", barHeight);
  barHeight();
  update();
  jump();
  window.glossarySearch = Object.freeze({  // the matching, for scripts and tests: ids, best first
    queryKeys: queryKeys, insideParts: insideParts, ratio: ratio, stemKey: stemKey, stemParts: stemParts,
    personNames: personNames,
    search: function (text, category) { return search(text, category || "").map(function (c) { return c.id; }); }
  });
  document.documentElement.dataset.ready = "1";
})();
"""


def _script_json(data: Any) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``<``, ``>``, ``&`` or line separators."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def _e(text: str | None) -> str:
    """Untrusted text as HTML text or attribute value (one line)."""
    return html.escape(one_line(text), quote=True)


# --- order ---------------------------------------------------------------------------


def mentions(concepts: Sequence[Concept]) -> Counter[str]:
    """How many other entries name each concept in their note, literal meaning, gloss or example
    (the matcher extraction and glossing use: :func:`glossary.terms.spotting.concept_matcher`)."""
    from glossary.terms.spotting import concept_matcher

    matcher = concept_matcher(concepts)
    counts: Counter[str] = Counter()
    for c in concepts:
        texts = (c.note, c.literal, c.gloss, *((c.example.zh, c.example.en) if c.example else ()))
        named = {m.value.id for t in texts if t for m in matcher.find(t)}
        counts.update(named - {c.id})
    return counts


def weights(concepts: Sequence[Concept]) -> dict[str, int]:
    """Each concept's importance: :func:`glossary.terms.model.importance` (aliases, 2 × refs,
    sources) plus the number of other entries that name it (:func:`mentions`)."""
    named = mentions(concepts)
    return {
        c.id: importance({"aliases": c.aliases, "refs": c.refs, "sources": c.sources}) + named[c.id] for c in concepts
    }


def groups(concepts: Sequence[Concept]) -> list[tuple[str, list[Concept]]]:
    """The page's sections, in order: "Central terms" — the ⌊√n⌋ reviewed concepts of highest
    importance (:func:`weights`; none of importance 0) — then each category in the order of
    :data:`glossary.terms.model.CATEGORIES` (others after, by name); within a section the
    more important first, reviewed before candidates, then by headword.

    >>> from glossary.terms.model import Alias
    >>> cs = [Concept(id="b", category="slang", en="B"), Concept(id="a", category="slang", en="A"),
    ...       Concept(id="x", category="meme", en="X", aliases=[Alias("XX")], status="reviewed"),
    ...       Concept(id="p", category="platform")]
    >>> [(label, [c.id for c in members]) for label, members in groups(cs)]
    [('Central terms', ['x']), ('platform', ['p']), ('slang', ['a', 'b'])]
    """
    weight = weights(concepts)

    def key(c: Concept) -> tuple[int, int, str, str]:
        return (c.status == "candidate", -weight[c.id], fold(headword(c)) or headword(c), c.id)

    ranked = sorted(concepts, key=key)
    central = [c for c in ranked if c.status != "candidate" and weight[c.id] > 0][: math.isqrt(len(concepts))]
    chosen = {c.id for c in central}
    rank = {name: i for i, name in enumerate(CATEGORIES)}
    rest = sorted({c.category for c in concepts}, key=lambda name: (rank.get(name, len(rank)), name))
    out = [("Central terms", central)] if central else []
    for name in rest:
        members = [c for c in ranked if c.category == name and c.id not in chosen]
        if members:
            out.append((name, members))
    return out


# --- search data -----------------------------------------------------------------------


def search_keys(c: Concept) -> list[list[Any]]:
    """The concept's lookup keys as the CLI indexes them (:func:`glossary.terms.index.concept_keys`):
    ``[key]``, ``[key, weight]`` when the weight is not 1, ``[key, weight, 1]`` for an alias."""
    from glossary.terms.index import concept_keys

    out: list[list[Any]] = []
    for key, field, _form, weight in concept_keys(c):
        entry: list[Any] = [key]
        if field.startswith("alias"):
            entry += [round(weight, 2), 1]
        elif weight != 1.0:
            entry.append(round(weight, 2))
        out.append(entry)
    return out


def search_loose(c: Concept, keys: list[list[Any]]) -> list[list[Any]]:
    """The concept's loose keys as the CLI indexes them (:func:`glossary.terms.index.loose_keys`):
    ``[key, weight]``, ``[key, weight, 1]`` for a part of a longer form (never a known term inside a query)."""
    from glossary.terms.index import loose_keys

    out: list[list[Any]] = []
    for key, field, _form, weight in loose_keys(c, {k[0] for k in keys}):
        out.append([key, round(weight, 3), 1] if field.startswith("part:") else [key, round(weight, 3)])
    return out


def search_entry(c: Concept) -> dict[str, Any]:
    """What the script searches for one concept: id, category, keys and loose keys (the words of its
    note, literal meaning, gloss and aliases it reads from the card itself)."""
    keys = search_keys(c)
    return {"id": c.id, "cat": c.category, "k": keys, "l": search_loose(c, keys)}


def search_folds() -> dict[str, Any]:
    """The word lists the script folds a query with: :mod:`glossary.text.names`' titles and
    :data:`glossary.text.normalize.IRREGULAR` and ``AMERICAN``, written once, in Python."""
    from glossary.terms.lookup import LONG_CHINESE
    from glossary.text import names
    from glossary.text.normalize import AMERICAN, IRREGULAR

    return {
        "irregular": IRREGULAR,
        "american": [list(rule) for rule in AMERICAN],
        "en_titles": sorted(names.EN_TITLES),
        "en_qualifiers": sorted(names.EN_QUALIFIERS),
        "zh_titles": list(names.ZH_TITLES),
        "zh_qualifiers": list(names.ZH_QUALIFIERS),
        "min_name": names.MIN_NAME,
        "long_chinese": LONG_CHINESE,
    }


# --- cards ------------------------------------------------------------------------------


def _zh_lang(text: str) -> str:
    return ' lang="zh"' if has_cjk(text) else ""


def _chars(c: Concept) -> str:
    chars = one_line(c.zh or c.zh_hant)
    if not chars:
        return f'<h3 class="chars">{_e(c.en or c.id)}</h3>'
    pieces = "".join(
        f"{_e(base)}<rt{f' class=tone{tone}' if tone else ''}>{_e(text)}</rt>"
        for base, text, tone in ruby(chars, one_line(c.pinyin) or None)
    )
    return f'<h3 class="chars" lang="{"zh-Hans" if c.zh else "zh-Hant"}"><ruby>{pieces}</ruby></h3>'


def _head(c: Concept) -> str:
    parts = [_chars(c)]
    if c.zh and c.zh_hant and c.zh_hant != c.zh:
        parts.append(f'<span class="trad" lang="zh-Hant">{_e(c.zh_hant)}</span>')
    if (c.zh or c.zh_hant) and c.en:
        parts.append(f'<span class="en">{_e(c.en)}</span>')
    elif c.pinyin and not (c.zh or c.zh_hant):
        parts.append(f'<span class="pinyin">{_e(c.pinyin)}</span>')
    parts.append(f'<span class="badge">{_e(c.category)}</span>')
    if c.status == "candidate":
        parts.append('<span class="badge candidate">candidate</span>')
    return f'<div class="head">{"".join(parts)}</div>'


def _line(cls: str, label: str, body: str) -> str:
    return f'<p class="{cls}"><span class="label">{label}</span>{body}</p>'


def _aliases(c: Concept) -> str:
    items = []
    for a in c.aliases:
        kind = KIND_LABELS.get(a.kind, a.kind) + (f": {one_line(a.note)}" if a.note else "")
        items.append(
            f'<span class="alias"{_zh_lang(a.text)}>{_e(a.text)}</span><span class="kind"> ({_e(kind)})</span>'
        )
    return _line("aliases", "also", " · ".join(items))


def _refs(c: Concept) -> str:
    links = [
        f'<a href="{html.escape(safe_url(r.url), quote=True)}" rel="noopener noreferrer">{_e(ref_label(r))}</a>'
        for r in c.refs
        if safe_url(r.url)
    ]
    return _line("refs", "used in", " · ".join(links)) if links else ""


def _post(s: Source) -> str:
    """The post a source was seen in: ``post 9f1c, 2025-01-14`` (what the corpus gave of its id and date)."""
    return ", ".join(part for part in (f"post {s.id}" if s.id else "", s.date or "") if part)


def _sources(c: Concept) -> str:
    items = "".join(
        f"<li><code>{_e(f'{s.path}:{s.line}' if s.line else s.path)}</code>"
        + (f" <span>{_e(_post(s))}</span>" if s.id or s.date else "")
        + (f"<q>{_e(s.sentence)}</q>" if s.sentence else "")
        + "</li>"
        for s in c.sources
    )
    label = "source" if len(c.sources) == 1 else f"{len(c.sources)} sources"
    return f'<p class="label">{label}</p><ul class="sources">{items}</ul>'


def card(c: Concept) -> str:
    """One concept as an ``<article>`` whose id is the concept's id; every text escaped."""
    parts = [_head(c)]
    if c.note:
        parts.append(f'<p class="note">{_e(c.note)}</p>')
    if c.literal:
        parts.append(_line("literal", "literally", _e(c.literal)))
    if c.gloss and one_line(c.gloss) != one_line(c.note):
        parts.append(_line("gloss", "dictionary", _e(c.gloss)))
    if c.aliases:
        parts.append(_aliases(c))
    if c.example and (c.example.zh or c.example.en):
        body = f"<span{_zh_lang(c.example.zh)}>{_e(c.example.zh)}</span>"
        if c.example.en:
            body += f'<span class="translation"> — {_e(c.example.en)}</span>'
        parts.append(_line("example", "example", body))
    if c.refs:
        parts.append(_refs(c))
    if c.sources:
        parts.append(_sources(c))
    return f'<article class="entry" id="{_e(c.id)}">{"".join(parts)}</article>'


def _cards(sections: Iterable[tuple[str, list[Concept]]]) -> str:
    return "\n".join(
        f'<h2 class="group">{_e(label)}</h2>\n' + "\n".join(card(c) for c in members) for label, members in sections
    )


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def render(data: ExportData) -> str:
    title = _e(data.name or "Glossary")
    description = _e(data.description)
    sections = groups(data.concepts)
    concepts = [search_entry(c) for _, members in sections for c in members]
    payload = _script_json({"concepts": concepts, "folds": search_folds()})
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
<div class="bar" hidden>
<div class="controls" role="search">
<input id="ui_q" type="search" placeholder="Search: 小红书 · 小紅書 · xiaohongshu · xhs · RedNote" aria-label="Search the glossary" autocomplete="off" autocapitalize="off" spellcheck="false">
<select id="ui_cat" aria-label="Category"><option value="">All categories</option></select>
</div>
<p id="ui_count" aria-live="polite"></p>
</div>
<main id="ui_list">
{_cards(sections)}
</main>
<button id="ui_more" type="button" hidden>Show more</button>
<script type="application/json" id="ui_data">{payload}</script>
<script>{JS}</script>
</body>
</html>
"""


register(
    "html",
    Exporter(
        render, suffix=".html", description="one self-contained HTML page: every entry, the CLI's search, examples"
    ),
)
