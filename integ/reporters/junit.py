"""JUnit XML: one test case per file; errors fail it, warnings are listed as output."""

from __future__ import annotations

from typing import IO
from xml.etree import ElementTree as ET

from ..problems import ERROR, Result


def report(result: Result, out: IO[str]) -> None:
    by_file: dict[str, list] = {f: [] for f in result.files}
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
        case = ET.SubElement(suite, "testcase", classname="integ.validate", name=file, file=file)
        errors = [f for f in findings if f.severity == ERROR]
        if errors:
            failure = ET.SubElement(
                case, "failure", type="integ", message=f"{len(errors)} error(s)"
            )
            failure.text = "\n".join(
                f"{f.file}:{f.line}:{f.column}: {f.message} [{f.rule}]" for f in errors
            )
        warnings = [f for f in findings if f.severity != ERROR]
        if warnings:
            ET.SubElement(case, "system-out").text = "\n".join(
                f"{f.file}:{f.line}:{f.column}: warning: {f.message} [{f.rule}]" for f in warnings
            )
    ET.indent(suites)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(suites, encoding="unicode"))
    out.write("\n")
