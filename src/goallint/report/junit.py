"""JUnit XML, for Jenkins (``junit``), GitLab (``artifacts:reports:junit``) and other CI test views.

One test case per checked file (class name ``goallint``, name the file): it fails when the file has
a finding at or above ``--fail-on``, with every such finding as a line of the failure; findings
below that level are listed in the test case's ``system-out``.  Files that could not be checked
make one more failing test case, ``goallint``, whose failure lists them, so an incomplete run is
never green.  The document validates against the JUnit schema Jenkins' xunit plugin publishes
(``tests/data/junit-10.xsd``).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from goallint.catalog import SEVERITY_RANK
from goallint.report.text import SEVERITY_LABEL, visible

# characters XML 1.0 cannot hold at all, not even escaped
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _safe(text: str) -> str:
    """``text`` with control characters made visible and what XML cannot hold escaped."""
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", visible(text))


def _line(f, labels: dict) -> str:
    return _safe(f"{f.file}:{f.span.line}:{f.span.column}: {f.code} [{labels[f.severity]}] {f.message} [{f.slug}]")


def _count(n: int, level: str, lang: str) -> str:
    if lang == "zh":
        return f"{n} 个问题（{level}及以上）"
    return f"{n} problem{'s' if n != 1 else ''} at or above {level}"


def render(findings, checked: list[str], lang: str = "zh", fail_on: str = "error", errors=()) -> str:
    labels = SEVERITY_LABEL[lang]
    threshold = SEVERITY_RANK[fail_on]
    by_file: dict[str, list] = {file: [] for file in checked}
    for f in findings:
        by_file.setdefault(f.file, []).append(f)
    cases, failures = [], 0
    for file, found in by_file.items():
        case = ET.Element("testcase", classname="goallint", name=_safe(file))
        failing = [f for f in found if SEVERITY_RANK[f.severity] >= threshold]
        passing = [f for f in found if SEVERITY_RANK[f.severity] < threshold]
        if failing:
            failures += 1
            failure = ET.SubElement(case, "failure", type=fail_on, message=_count(len(failing), labels[fail_on], lang))
            failure.text = "\n".join(_line(f, labels) for f in failing)
        if passing:
            ET.SubElement(case, "system-out").text = "\n".join(_line(f, labels) for f in passing)
        cases.append(case)
    if errors:
        failures += 1
        case = ET.Element("testcase", classname="goallint", name="goallint")
        message = "检查未完成" if lang == "zh" else "checking was incomplete"
        ET.SubElement(case, "failure", type="incomplete", message=message).text = "\n".join(_safe(e) for e in errors)
        cases.append(case)
    counts = {"tests": str(len(cases)), "failures": str(failures), "errors": "0", "skipped": "0"}
    root = ET.Element("testsuites", name="goallint", **{k: v for k, v in counts.items() if k != "skipped"})
    suite = ET.SubElement(root, "testsuite", name="goallint", **counts)
    suite.extend(cases)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
