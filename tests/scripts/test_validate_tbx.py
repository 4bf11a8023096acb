"""scripts/validate_tbx.py: RelaxNG through lxml, an XSLT-2 Schematron through an XPath 2 evaluator.

The official TBX-Basic schemas carry no license and are not copied here; these small ones use
the same features (a namespace, ``matches()``, an attribute as a rule's context, a path step
ending in a function, rule order within a pattern).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from tests.conftest import REPO

spec = importlib.util.spec_from_file_location("validate_tbx", REPO / "scripts" / "validate_tbx.py")
validate_tbx = importlib.util.module_from_spec(spec)
spec.loader.exec_module(validate_tbx)  # type: ignore[union-attr]

RNG = """<grammar xmlns="http://relaxng.org/ns/structure/1.0" ns="urn:iso:std:iso:30042:ed-2">
  <start><element name="tbx"><attribute name="type"/><oneOrMore>
    <element name="conceptEntry"><optional><attribute name="target"/></optional>
      <oneOrMore><element name="termNote"><attribute name="type"/><text/></element></oneOrMore>
    </element>
  </oneOrMore></element></start>
</grammar>"""
SCH = """<schema queryBinding="xslt2" xmlns="http://purl.oclc.org/dsdl/schematron">
  <ns uri="urn:iso:std:iso:30042:ed-2" prefix="tbx"/>
  <pattern id="p1">
    <rule context="*[@target]">
      <assert test="matches(@target,'https?://.+')">target must be a URI</assert>
    </rule>
  </pattern>
  <pattern id="p2">
    <rule context="tbx:termNote[@type='partOfSpeech']">
      <assert test=". = 'noun' or . = 'verb'">bad part of speech</assert>
    </rule>
    <rule context="tbx:termNote">
      <report test="true()">only partOfSpeech notes</report>
    </rule>
    <rule context="tbx:termNote/@type">
      <assert test="string-length(.) &gt; 3">short type</assert>
    </rule>
  </pattern>
  <pattern id="p3">
    <rule context="tbx:tbx">
      <assert test="exists(./*[ends-with(./local-name(), 'Entry')])">an entry</assert>
    </rule>
  </pattern>
</schema>"""


def files(tmp_path: Path, body: str) -> tuple[Path, Path, Path]:
    rng, sch, doc = tmp_path / "s.rng", tmp_path / "s.sch", tmp_path / "d.tbx"
    rng.write_text(RNG, encoding="utf-8")
    sch.write_text(SCH, encoding="utf-8")
    doc.write_text(f'<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic">{body}</tbx>', encoding="utf-8")
    return rng, sch, doc


def test_a_valid_file(tmp_path: Path, capsys) -> None:
    rng, sch, doc = files(
        tmp_path, '<conceptEntry target="https://x.org/a"><termNote type="partOfSpeech">noun</termNote></conceptEntry>'
    )
    assert validate_tbx.main(["--rng", str(rng), "--sch", str(sch), str(doc)]) == 0
    assert capsys.readouterr().out == f"{doc}: valid (RelaxNG core structure + DCA Schematron)\n"


def test_every_problem_is_reported(tmp_path: Path) -> None:
    rng, sch, doc = files(
        tmp_path,
        '<conceptEntry target="ftp://x"><termNote type="partOfSpeech">thing</termNote>'
        '<termNote type="geo">x</termNote></conceptEntry>',
    )
    assert validate_tbx.schematron_errors(sch, doc) == [
        "p1: /tbx[1]/conceptEntry[1]: target must be a URI",
        "p2: /tbx[1]/conceptEntry[1]/termNote[1]: bad part of speech",
        "p2: /tbx[1]/conceptEntry[1]/termNote[2]: only partOfSpeech notes",  # the first matching rule only
        "p2: /tbx[1]/conceptEntry[1]/termNote[2]/@type: short type",
    ]
    assert validate_tbx.relaxng_errors(rng, doc) == []
    bad_structure = tmp_path / "bad.tbx"
    bad_structure.write_text('<tbx xmlns="urn:iso:std:iso:30042:ed:3.0" type="x"/>', encoding="utf-8")
    assert validate_tbx.relaxng_errors(rng, bad_structure)
    assert validate_tbx.main(["--rng", str(rng), "--sch", str(sch), str(doc)]) == 1
