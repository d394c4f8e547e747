"""Validators for goallint's machine formats, shared by the format tests and the CI-recipe tests.

* SARIF: the OASIS SARIF 2.1.0 JSON Schema (tests/data/sarif-schema-2.1.0.json).
* GitLab Code Quality: a JSON Schema of the fields GitLab documents (tests/data/gitlab-codequality.schema.json,
  its $comment says where each constraint comes from).
* JUnit: the JUnit XSD of Jenkins' xunit plugin, as pytest's own tests use it (tests/data/junit-10.xsd):
  from pytest-dev/pytest, testing/example_scripts/junit-10.xsd at commit
  81ae293a57f883c9b13f7653d3df4a873deb0f36 (MIT, Gregory Boissinot), kept byte for byte;
  sha256 e031fd47e10165241b45236f8f534673dece6ec3d24b310ce27c121ee35c0b3a (checked by a test).
* GitHub annotations: the workflow-command grammar of GitHub's actions/toolkit (command.ts):
  ``::error|warning|notice key=value,...::message``, where a property value escapes % CR LF : , as
  %25 %0D %0A %3A %2C and the message escapes % CR LF.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data"
JUNIT_XSD_SHA256 = "e031fd47e10165241b45236f8f534673dece6ec3d24b310ce27c121ee35c0b3a"


@lru_cache(maxsize=None)
def _json_validator(name: str):
    from jsonschema import Draft7Validator

    return Draft7Validator(json.loads((DATA / name).read_text(encoding="utf-8")))


def sarif_errors(document) -> list[str]:
    return sorted(e.message for e in _json_validator("sarif-schema-2.1.0.json").iter_errors(document))


def gitlab_errors(document) -> list[str]:
    return sorted(e.message for e in _json_validator("gitlab-codequality.schema.json").iter_errors(document))


@lru_cache(maxsize=None)
def _junit_schema():
    import xmlschema

    return xmlschema.XMLSchema(str(DATA / "junit-10.xsd"))


def junit_errors(text: str) -> list[str]:
    return [str(e.reason) for e in _junit_schema().iter_errors(text)]


_VALUE = r"(?:[^%,:\r\n]|%25|%0D|%0A|%3A|%2C)*"
_PROPERTY = rf"(?:(?:line|col|endLine|endColumn)=[1-9][0-9]*|(?:file|title)={_VALUE})"
WORKFLOW_COMMAND = re.compile(rf"::(?:error|warning|notice) {_PROPERTY}(?:,{_PROPERTY})*::(?:[^%\r\n]|%25|%0D|%0A)*")


def github_errors(text: str) -> list[str]:
    """Lines of ``text`` that are not workflow commands of GitHub's grammar (every line must be one)."""
    return [line for line in text.split("\n")[:-1] if not WORKFLOW_COMMAND.fullmatch(line)] + ([] if text.endswith("\n") else ["(no final newline)"])
