"""JUnit XML: one test case per file; errors fail it, warnings are listed as output.

Every text goes through ``safe_xml``: a control character in a concept's text (which
XML 1.0 cannot hold at all) is written as an escape, so the report stays well-formed."""

from __future__ import annotations

from typing import IO
from xml.etree import ElementTree as ET

from ..problems import ERROR, Finding, Result
from .common import safe_xml


def _line(f: Finding, warning: str = "") -> str:
    return safe_xml(f"{f.file}:{f.line}:{f.column}: {warning}{f.message} [{f.rule}]")


def report(result: Result, out: IO[str]) -> None:
    from ..i18n import t, tn

    by_file: dict[str, list[Finding]] = {f: [] for f in result.files}
    for f in result.sorted():
        by_file.setdefault(f.file, []).append(f)
    failed = sum(1 for fs in by_file.values() if any(f.severity == ERROR for f in fs))
    suites = ET.Element(
        "testsuites", name="integ validate", tests=str(len(by_file)), failures=str(failed)
    )
    suite = ET.SubElement(
        suites,
        "testsuite",
        name="integ validate",
        tests=str(len(by_file)),
        failures=str(failed),
        errors="0",
        skipped="0",
    )
    for file, findings in by_file.items():
        name = safe_xml(file)
        case = ET.SubElement(suite, "testcase", classname="integ.validate", name=name, file=name)
        errors = [f for f in findings if f.severity == ERROR]
        if errors:
            failure = ET.SubElement(
                case, "failure", type="integ", message=tn("report.junit.errors", len(errors))
            )
            failure.text = "\n".join(_line(f) for f in errors)
        warnings = [f for f in findings if f.severity != ERROR]
        if warnings:
            word = t("report.warning")
            ET.SubElement(case, "system-out").text = "\n".join(
                _line(f, f"{word}: ") for f in warnings
            )
    ET.indent(suites)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(suites, encoding="unicode"))
    out.write("\n")
