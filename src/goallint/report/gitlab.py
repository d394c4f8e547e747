"""GitLab Code Quality report: a JSON array of issues for ``artifacts:reports:codequality``.

Each issue has the fields GitLab documents (a subset of the Code Climate spec):
``description``, ``check_name``, ``fingerprint``, ``severity`` and ``location`` (``path``
relative to the repository root, ``lines.begin`` and ``lines.end``).  The fingerprint is stable
(:mod:`goallint.report.identity`), so the merge request widget shows only the findings a change
brings in or fixes, not every finding whose line moved.
"""

from __future__ import annotations

import json

from goallint.report.identity import fingerprints, relative_file

# GitLab's scale is info, minor, major, critical, blocker; an error blocks nothing by itself
# (goallint's exit status does), so it is "major", as eslint's and ruff's GitLab formats do.
SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


def render(findings) -> str:
    issues = [
        {
            "description": f.message,
            "check_name": f"{f.code} {f.slug}",
            "fingerprint": fingerprint,
            "severity": SEVERITY[f.severity],
            "location": {
                "path": relative_file(f.file),
                "lines": {"begin": f.span.line, "end": f.span.end_line},
            },
        }
        for f, fingerprint in zip(findings, fingerprints(findings))
    ]
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
