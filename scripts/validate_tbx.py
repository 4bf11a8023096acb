"""Validate TBX files against the official TBX-Basic schemas: the RelaxNG core structure and the
DCA Schematron of the LTAC-Global TBX-Basic dialect.

The schemas carry no license, so they are not copied into this repository: download them first
(the addresses our TBX files name in their ``<?xml-model?>`` lines)::

    curl -O https://raw.githubusercontent.com/LTAC-Global/TBX_Core_RNG/master/TBXcoreStructV03.rng
    curl -O https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/TBX-Basic_DCA.sch
    glossary export -f tbx -o glossary.tbx
    python scripts/validate_tbx.py --rng TBXcoreStructV03.rng --sch TBX-Basic_DCA.sch glossary.tbx

The RelaxNG grammar is checked with lxml; the Schematron, whose query binding is XSLT 2
(``matches()``, path steps ending in a function), with an XPath 2 evaluator (elementpath):
each rule's context is matched anywhere in the document, a node fires only the first rule of
a pattern that matches it, every ``assert`` must hold and every ``report`` must not.
Needs ``pip install lxml elementpath`` (the ``tbx-check`` extra). Exit status 1 when a file
is invalid; each problem is printed as ``FILE: element: message``.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

SCH = "http://purl.oclc.org/dsdl/schematron"


def relaxng_errors(rng: Path, tbx: Path) -> list[str]:
    """What the RelaxNG grammar says about ``tbx`` (nothing when it is valid)."""
    from lxml import etree

    schema = etree.RelaxNG(etree.parse(str(rng)))
    doc = etree.parse(str(tbx), etree.XMLParser(resolve_entities=False, no_network=True))
    if schema.validate(doc):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


def schematron_errors(sch: Path, tbx: Path) -> list[str]:
    """Every failed ``assert`` (and fired ``report``) of the Schematron ``sch`` in ``tbx``."""
    from elementpath import XPath2Parser, XPathContext
    from lxml import etree

    schema = etree.parse(str(sch)).getroot()
    ns = {n.get("prefix"): n.get("uri") for n in schema.iter(f"{{{SCH}}}ns")}
    parser = XPath2Parser(namespaces=ns)
    doc = etree.parse(str(tbx), etree.XMLParser(resolve_entities=False, no_network=True))
    root = XPathContext(doc).root
    problems: list[str] = []
    for pattern in schema.iter(f"{{{SCH}}}pattern"):
        fired: set[int] = set()
        for rule in pattern.iter(f"{{{SCH}}}rule"):
            context = rule.get("context", "")
            nodes = parser.parse(context if context.startswith("/") else "//" + context).select(XPathContext(root))
            for node in nodes:
                if id(node) in fired:
                    continue
                fired.add(id(node))
                for check in rule:
                    if check.tag not in (f"{{{SCH}}}assert", f"{{{SCH}}}report"):
                        continue
                    token = parser.parse(check.get("test", ""))
                    holds = token.boolean_value(token.evaluate(XPathContext(root, item=node)))
                    if holds != (check.tag == f"{{{SCH}}}assert"):
                        where = re.sub(r"Q\{[^}]*\}", "", getattr(node, "path", None) or "?")
                        problems.append(f"{pattern.get('id')}: {where}: {' '.join((check.text or '').split())}")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rng", type=Path, required=True, help="TBXcoreStructV03.rng")
    ap.add_argument("--sch", type=Path, required=True, help="TBX-Basic_DCA.sch")
    ap.add_argument("files", type=Path, nargs="+")
    args = ap.parse_args(argv)
    bad = 0
    for f in args.files:
        problems = relaxng_errors(args.rng, f) + schematron_errors(args.sch, f)
        for p in problems:
            print(f"{f}: {p}")
        print(
            f"{f}: {'valid' if not problems else f'{len(problems)} problems'} (RelaxNG core structure + DCA Schematron)"
        )
        bad += bool(problems)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
