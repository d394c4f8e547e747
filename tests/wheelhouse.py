"""A local wheelhouse, so tests can install this checkout into a fresh environment without a network.

``pip install .`` in a new virtual environment (what the README's first command does, and what
pre-commit does to set up a hook) fetches goallint's dependencies and its build backend from a
package index.  Tests must not reach the network, so :func:`build` packs the distributions that are
already installed in the environment running the tests (pyproject.toml's dependencies and build
requirements, and theirs) back into wheels; pip is then pointed at that folder alone
(:func:`offline_pip_env`: no index, no user or site configuration).

A wheel is a zip of the installed files plus the ``.dist-info`` metadata with a RECORD of hashes,
which is exactly what pip left in site-packages; console scripts are written again from
``entry_points.txt`` on install, so files outside site-packages are left out.  No library repacks
installed distributions (``wheel pack`` needs the unpacked tree first), hence these few lines.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata as metadata
import os
import re
import zipfile
from pathlib import Path

from packaging.requirements import Requirement
from packaging.tags import sys_tags

try:
    import tomllib
except ImportError:  # Python 3.10: hatchling brings tomli
    import tomli as tomllib  # type: ignore[no-redef]

_LEFT_OUT = {"INSTALLER", "REQUESTED", "RECORD", "direct_url.json"}


def requirements(pyproject: Path) -> list[str]:
    """The project's dependencies and its build requirements (pip installs both for ``pip install .``)."""
    data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    return list(data["project"]["dependencies"]) + list(data["build-system"]["requires"])


def closure(names: list[str]) -> list[metadata.Distribution]:
    """The installed distributions ``names`` need, transitively (markers evaluated here, no extras)."""
    found: dict[str, metadata.Distribution] = {}
    todo = [Requirement(n) for n in names]
    while todo:
        req = todo.pop()
        if req.marker is not None and not req.marker.evaluate({"extra": ""}):
            continue
        key = re.sub(r"[-_.]+", "-", req.name).lower()
        if key in found:
            continue
        dist = metadata.distribution(req.name)  # PackageNotFoundError: the test environment lacks it
        found[key] = dist
        for line in dist.requires or []:
            sub = Requirement(line)
            if sub.marker is None or any(sub.marker.evaluate({"extra": e}) for e in ("", *req.extras)):
                todo.append(sub)
    return list(found.values())


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def repack(dist: metadata.Distribution, folder: Path) -> Path:
    """One installed distribution as a wheel in ``folder``."""
    name = re.sub(r"[-_.]+", "_", dist.metadata["Name"])
    tags = [line.split(":", 1)[1].strip() for line in (dist.read_text("WHEEL") or "").splitlines() if line.startswith("Tag:")]
    supported = {str(t) for t in sys_tags()}
    tag = next(t for t in tags if t in supported)  # the wheel was installed here, so one of its tags fits
    wheel = folder / f"{name}-{dist.version}-{tag}.whl"
    files = [f for f in dist.files or [] if not str(f).startswith("..") and "__pycache__" not in f.parts]
    info = next(f.parts[0] for f in files if f.parts[0].endswith(".dist-info"))
    record = []
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_STORED) as archive:
        for f in files:
            if f.parts[0] == info and f.name in _LEFT_OUT:
                continue
            data = Path(dist.locate_file(f)).read_bytes()
            archive.writestr(f.as_posix(), data)
            record.append(_record_line(f.as_posix(), data))
        record.append(f"{info}/RECORD,,")
        archive.writestr(f"{info}/RECORD", "\n".join(record) + "\n")
    return wheel


def build(root: Path, folder: Path) -> Path:
    """Wheels of everything ``pip install root`` needs except goallint itself, in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for dist in closure(requirements(root / "pyproject.toml")):
        repack(dist, folder)
    return folder


def offline_pip_env(wheelhouse: Path, base: dict | None = None) -> dict:
    """Environment variables under which pip installs from ``wheelhouse`` only."""
    env = dict(os.environ if base is None else base)
    for key in [k for k in env if k.startswith("PIP_")]:
        del env[key]
    env.update(
        PIP_NO_INDEX="1",
        PIP_FIND_LINKS=str(wheelhouse),
        PIP_CONFIG_FILE=os.devnull,  # neither the machine's nor the user's index settings
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        PIP_NO_CACHE_DIR="1",
        VIRTUALENV_NO_PERIODIC_UPDATE="1",
        VIRTUALENV_NO_DOWNLOAD="1",
    )
    return env
