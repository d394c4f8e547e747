"""Rule packs: the one unit of rules, for the built-in catalogue and for every province's own.

A pack is a folder::

    pack.yaml            name, code prefix, default frame, check code, goallint version needed
    file/ amounts/ indicators/ targets/ goal/ import/
                         one YAML file per rule, in the folder of its family
    frames/*.yaml        indicator frames (goallint.frames)
    vocab/*.yaml         vocabularies: units, count units, vague words, …
    checks.py | checks/  the pack's check functions (optional: a data-only pack has none)

The built-in catalogue (``rules/``) is the first pack and loads through :func:`load_pack`
like every other.  Where packs come from, and what they may do, is the trust model of
``docs/packs.md``:

* the built-in pack and packs installed as distributions (entry-point group
  ``goallint.packs``) are code the user installed;
* ``--pack DIR`` and the ``GOALLINT_PACKS`` environment variable are folders the person
  running goallint named: their Python is loaded;
* a configuration file found next to the checked tables may name installed packs and add
  **data-only** packs (rules that reuse other packs' check functions).  A pack with Python
  named there is refused with one line (exit status 2) and none of its code runs.

A pack's Python is imported by file path under a private module namespace per pack
(``goallint._packs.<pack>``); ``sys.path`` is never changed, so two packs may each have a
``checks.py``.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import os
import re
import sys
import types
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from goallint.catalog import FAMILIES, Catalog, Rule, RuleFileError, placeholders

ENTRY_POINT_GROUP = "goallint.packs"
PACKS_ENV = "GOALLINT_PACKS"
BUILTIN = "goallint"
_NAMESPACE = "goallint._packs"
_CODE_SUFFIXES = (".py", ".pyc", ".pyd", ".so", ".pth")
_DATA_FOLDERS = ("frames", "vocab")


class PackTrustError(RuleFileError):
    """A configuration file named a pack that contains code."""


@dataclass
class Pack:
    name: str
    title: dict
    prefix: str
    folder: Path
    origin: str  # built-in | installed | command line | config
    frame: str | None = None
    checks: str | None = None
    requires: str | None = None
    rules: list[Rule] = field(default_factory=list)
    frame_data: list = field(default_factory=list)  # (data, source) of frames/*.yaml
    vocab_data: list = field(default_factory=list)  # (name, words|map, mode, source)
    _module: Any = field(default=None, repr=False)

    @property
    def has_code(self) -> bool:
        return self.checks is not None or has_python(self.folder)

    def family_module(self, family: str):
        """The module holding this pack's check functions of one family."""
        root = self._checks_module()
        if hasattr(root, "__path__"):  # a package: one module per family
            name = f"{root.__name__}.{family}"
            try:
                return importlib.import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name != name:
                    raise
                raise RuleFileError(
                    f"规则包 {self.name} 的检查代码中没有 {family} 模块 / pack {self.name} has no check module for family {family}"
                ) from None
        return root

    def _checks_module(self):
        if self._module is not None:
            return self._module
        if self.checks is None:
            raise RuleFileError(f"规则包 {self.name}（{self.folder}）没有检查代码（pack.yaml 中没有 checks）/ pack {self.name} has no checks")
        path = self.folder / self.checks
        try:
            if path.exists():
                self._module = _import_by_path(self, path)
            else:
                self._module = importlib.import_module(self.checks)
        except RuleFileError:
            raise
        except Exception as exc:  # the pack's own code failed to import: one line, not a traceback
            where = f"（第 {exc.lineno} 行）" if isinstance(exc, SyntaxError) and exc.lineno else ""
            raise RuleFileError(
                f"规则包 {self.name} 的检查代码 {self.checks}{where} 无法载入：{type(exc).__name__}: {exc} / pack {self.name}: its checks cannot be imported"
            ) from None
        return self._module


def has_python(folder: Path) -> bool:
    """True when a folder holds any Python (source, bytecode, extension module or .pth)."""
    try:
        return any(p.suffix in _CODE_SUFFIXES for p in folder.rglob("*") if p.is_file())
    except OSError:
        return True  # what cannot be listed cannot be shown to be data only


def _namespace_module(name: str) -> types.ModuleType:
    module = sys.modules.get(name)
    if module is None:
        module = types.ModuleType(name)
        module.__path__ = []  # a package that finds nothing by itself
        sys.modules[name] = module
    return module


def _import_by_path(pack: Pack, path: Path):
    """Import a pack's checks (a file or a package folder) under the pack's private namespace."""
    _namespace_module(_NAMESPACE)
    digest = hashlib.sha1(str(pack.folder.resolve()).encode()).hexdigest()[:8]
    ident = re.sub(r"\W", "_", pack.name)
    base = f"{_NAMESPACE}.{ident}_{digest}"
    _namespace_module(base)
    name = f"{base}.checks"
    if name in sys.modules:
        return sys.modules[name]
    if path.is_dir():
        init = path / "__init__.py"
        if init.is_file():
            spec = importlib.util.spec_from_file_location(name, init, submodule_search_locations=[str(path)])
        else:
            module = types.ModuleType(name)
            module.__path__ = [str(path)]
            sys.modules[name] = module
            return module
    else:
        spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise RuleFileError(f"规则包 {pack.name} 的检查代码 {path} 不是 Python 模块 / not a Python module: {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module


# --------------------------------------------------------------------------- reading files


def _read(path: Path, kind: str):
    """Parse a pack file with goallint's own loader: exact numbers, positions for messages."""
    from goallint.document import load_path

    try:
        doc = load_path(path)
    except OSError as exc:
        raise RuleFileError(f"{kind} {path} 读不了：{exc.strerror or exc} / cannot read {path}") from None
    if doc.problems:
        p = doc.problems[0]
        detail = p.args.get("problem") or p.args.get("key") or p.slug
        raise RuleFileError(f"{kind} {path}:{p.span.line}:{p.span.column} 读不了：{detail} / cannot read {path}")
    if not isinstance(doc.data, dict):
        raise RuleFileError(f"{kind} {path} 应为映射（键: 值）/ {path} should be a mapping")
    return doc


def _validate(doc, data, schema: str, kind: str) -> None:
    from goallint.schema import validate

    errors = validate(data, schema)
    if errors:
        span = doc.locate(errors[0].path, errors[0].part)
        raise RuleFileError(f"{kind} {doc.file}:{span.line}:{span.column} 不符合格式：{errors[0].zh} / {errors[0].en}")


def load_pack(folder: Path, *, origin: str, allow_code: bool, display: str | None = None, validate: bool = True) -> Pack:
    """Read a pack folder: pack.yaml, its rules, frames and vocabularies.

    ``allow_code`` False (a pack named by a configuration file) refuses a pack with Python
    before anything in it is imported.  Check functions are resolved by :func:`build_catalog`.
    ``display`` names the folder in messages as the user wrote it.  ``validate`` False skips the
    JSON Schema checks of the files: only for the built-in pack, whose files the test suite validates
    (tests/test_rule_cases.py), so that a start does not pay for them.
    """
    folder = Path(folder)
    shown = display or str(folder)
    if not folder.is_dir():
        raise RuleFileError(f"规则包目录 {folder} 不存在 / no such pack folder: {folder}")
    manifest = folder / "pack.yaml"
    if not manifest.is_file():
        nested = sorted(p.parent for p in folder.glob("*/pack.yaml"))
        if len(nested) == 1:  # a project folder whose package holds the pack (examples/packs/…)
            return load_pack(nested[0], origin=origin, allow_code=allow_code, display=display and f"{display}/{nested[0].name}", validate=validate)
        raise RuleFileError(f"{folder} 不是规则包：没有 pack.yaml / {folder} is not a rule pack: no pack.yaml")
    doc = _read(manifest, "规则包文件")
    data = doc.data
    if validate:
        _validate(doc, data, "pack", "规则包文件")
    pack = Pack(
        name=data["name"],
        title=data["title"],
        prefix=data["prefix"],
        folder=folder,
        origin=origin,
        frame=data.get("frame"),
        checks=data.get("checks"),
        requires=data.get("requires"),
    )
    if not allow_code and pack.has_code:
        what = f"checks: {pack.checks}" if pack.checks else "Python 文件"
        raise PackTrustError(
            f"规则包 {shown} 含有代码（{what}），配置文件中指定的规则包只能是数据；"
            f"如果信任它，请用 --pack {shown} 或环境变量 {PACKS_ENV} 指定 / "
            f"pack {shown} contains code; a configuration file may only name data-only packs: trust it with --pack"
        )
    if pack.requires:
        _check_version(pack, doc)
    _check_layout(folder)
    for family in FAMILIES:
        for path in sorted((folder / family).glob("*.y*ml")):
            pack.rules.append(_load_rule(path, pack, family, validate))
    for path in sorted((folder / "frames").glob("*.y*ml")):
        fdoc = _read(path, "指标体系文件")
        if validate:
            _validate(fdoc, fdoc.data, "frame", "指标体系文件")
        pack.frame_data.append((fdoc.data, path))
    for path in sorted((folder / "vocab").glob("*.y*ml")):
        vdoc = _read(path, "词表文件")
        if validate:
            _validate(vdoc, vdoc.data, "vocabulary", "词表文件")
        v = vdoc.data
        pack.vocab_data.append((v["name"], v.get("words", v.get("map")), v.get("mode", "extend"), path))
    return pack


def _check_version(pack: Pack, doc) -> None:
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    from goallint import __version__

    try:
        wanted = SpecifierSet(pack.requires)
    except InvalidSpecifier:
        span = doc.locate(("requires",))
        raise RuleFileError(f"规则包文件 {doc.file}:{span.line}:{span.column} requires 写法不对：{pack.requires} / invalid version specifier") from None
    if not wanted.contains(__version__, prereleases=True):
        raise RuleFileError(
            f"规则包 {pack.name} 需要 goallint {pack.requires}，当前是 {__version__} / pack {pack.name} needs goallint {pack.requires}, this is {__version__}"
        )


def _check_layout(folder: Path) -> None:
    """Rule files belong in family folders; a YAML file anywhere else is a mistake worth saying."""
    allowed = set(FAMILIES) | set(_DATA_FOLDERS)
    for path in sorted(folder.glob("*.y*ml")):
        if path.name != "pack.yaml":
            raise RuleFileError(
                f"{path}：规则文件应放在类别目录中（{'、'.join(FAMILIES)}）/ rule files go in a family folder ({', '.join(FAMILIES)})"
            )
    for sub in sorted(p for p in folder.iterdir() if p.is_dir() and p.name not in allowed and not p.name.startswith((".", "_"))):
        stray = sorted(sub.glob("*.y*ml"))
        if stray:
            raise RuleFileError(
                f"{stray[0]}：{sub.name} 不是规则类别，规则文件应放在 {'、'.join(FAMILIES)} 中 / {sub.name} is not a rule family"
            )


def _load_rule(path: Path, pack: Pack, family: str, validate: bool = True) -> Rule:
    doc = _read(path, "规则文件")
    data = doc.data
    if validate:
        header = {k: v for k, v in data.items() if k != "cases"}  # cases are validated where they run
        _validate(doc, header, "rule", "规则文件")
    where = f"规则文件 {path}"
    if not data["code"].startswith(pack.prefix) or not data["code"][len(pack.prefix):].isdigit():
        span = doc.locate(("code",))
        raise RuleFileError(f"{where}:{span.line}:{span.column} 编码 {data['code']} 应以规则包的前缀 {pack.prefix} 开头 / code must start with {pack.prefix}")
    scope = data["scope"]
    if (scope == "import") != (family == "import"):
        span = doc.locate(("scope",))
        raise RuleFileError(f"{where}:{span.line}:{span.column} scope: import 的规则放在 import/ 中，其他规则不放在那里 / import-scope rules go in import/")
    message = data["message"]
    messages = {None: message} if set(message) <= {"zh", "en"} else dict(message)
    for variant, texts in messages.items():
        for lang, template in texts.items():
            try:
                placeholders(template)
            except ValueError as exc:
                span = doc.locate(("message",) + ((variant,) if variant else ()) + (lang,))
                raise RuleFileError(f"{where}:{span.line}:{span.column} {exc}") from None
    options = data.get("options", {})
    for name, spec in options.items() if validate else ():
        problem = _option_problem(spec["default"], spec["schema"])
        if problem:
            span = doc.locate(("options", name, "default"))
            raise RuleFileError(f"{where}:{span.line}:{span.column} 选项 {name} 的默认值不符合它的 schema：{problem} / default of {name} does not fit its schema")
    return Rule(
        code=data["code"],
        slug=data["slug"],
        severity=data["severity"],
        scope=scope,
        check=data.get("check"),
        basis=data["basis"],
        summary=data["summary"],
        messages=messages,
        docs=data["docs"],
        family=family,
        pack=pack.name,
        options=options,
        cases=data.get("cases", []),
        status=data.get("status", "stable"),
        replaces=tuple(data.get("replaces", ())),
        tested_in=data.get("tested-in"),
        source=path,
        fix=data.get("fix"),
    )


def _option_problem(value: Any, schema: dict) -> str | None:
    """Why a value does not fit an option's JSON Schema (Chinese / English), or None."""
    from goallint.schema import check_value

    error = check_value(value, schema)
    return None if error is None else f"{error.zh} / {error.en}"


# --------------------------------------------------------------------------- resolving checks


def _resolve(rule: Rule, pack: Pack, packs: dict[str, Pack]) -> None:
    """Attach the check function and compare what it declares with the rule file."""
    from goallint.api import spec_of

    where = f"规则 {rule.slug}（{rule.source}）"
    if rule.check is None:
        return
    if ":" in rule.check:
        owner_name, _, rest = rule.check.partition(":")
        family, _, name = rest.rpartition(".")
        owner = packs.get(owner_name)
        if owner is None:
            raise RuleFileError(f"{where} 引用了没有载入的规则包 {owner_name} / {rule.slug} uses pack {owner_name}, which is not loaded")
        if family not in FAMILIES:
            raise RuleFileError(f"{where} 的 check {rule.check}：{family} 不是规则类别 / {family} is not a rule family")
    else:
        owner, family, name = pack, rule.family, rule.check
    function = getattr(owner.family_module(family), name, None)
    if not callable(function):
        raise RuleFileError(f"{where} 的检查函数 {rule.check} 不存在 / check function {rule.check} not found")
    spec = spec_of(function)
    if spec is None:
        raise RuleFileError(f"{where} 的检查函数 {name} 没有用 @goallint.api.check 声明 / {name} is not declared with @check")
    if spec.scope != rule.scope:
        raise RuleFileError(f"{where}：scope 是 {rule.scope}，但检查函数 {name} 检查的是 {spec.scope} / scope mismatch")
    variants = {v for v in rule.messages if v is not None}
    if variants != set(spec.variants):
        raise RuleFileError(
            f"{where} 的消息变体 {sorted(variants) or '（无）'} 与检查函数 {name} 使用的 {sorted(spec.variants) or '（无）'} 不一致 / message variants do not match the check"
        )
    for variant, texts in rule.messages.items():
        for lang, template in texts.items():
            missing = placeholders(template) - spec.args
            if missing:
                label = f"{variant}.{lang}" if variant else lang
                raise RuleFileError(
                    f"{where} 的消息 {label} 用了检查函数 {name} 不提供的参数 {', '.join(sorted(missing))}（它提供 {', '.join(sorted(spec.args)) or '无'}）/ message placeholders not passed by the check"
                )
    if set(rule.options) != set(spec.options):
        raise RuleFileError(
            f"{where} 声明的选项 {sorted(rule.options) or '（无）'} 与检查函数 {name} 读取的 {sorted(spec.options) or '（无）'} 不一致 / options do not match the check"
        )
    rule.function, rule.spec = function, spec
    if rule.fix is not None:
        rule.fixer = _resolve_fixer(rule, pack, packs, where)


def _resolve_fixer(rule: Rule, pack: Pack, packs: dict[str, Pack], where: str):
    """The fix function the rule file's ``fix.function`` names (found like ``check``), declared
    with ``@goallint.api.fixer`` for the rule's scope."""
    from goallint.api import fixer_spec_of

    reference = rule.fix["function"]
    if ":" in reference:
        owner_name, _, rest = reference.partition(":")
        family, _, name = rest.rpartition(".")
        owner = packs.get(owner_name)
        if owner is None or family not in FAMILIES:
            raise RuleFileError(f"{where} 的修改函数 {reference} 不存在（规则包或类别不对）/ fix function {reference} not found")
    else:
        owner, family, name = pack, rule.family, reference
    function = getattr(owner.family_module(family), name, None)
    spec = fixer_spec_of(function) if callable(function) else None
    if spec is None:
        raise RuleFileError(f"{where} 的修改函数 {reference} 不存在或没有用 @goallint.api.fixer 声明 / fix function {reference} not found or not declared with @fixer")
    if spec.scope != rule.scope:
        raise RuleFileError(f"{where}：scope 是 {rule.scope}，但修改函数 {name} 修改的是 {spec.scope} / fix scope mismatch")
    return function


# --------------------------------------------------------------------------- the catalogue


@dataclass(frozen=True)
class ConfigPack:
    """A pack named in a configuration file: an installed pack's name or a data-only folder."""

    spec: str
    base: Path  # the configuration file's folder
    where: str  # "goallint.yaml:3:5", for messages


def explicit_pack_dirs(command_line: Iterable[str | os.PathLike] = ()) -> list[Path]:
    """Folders whose code the person running goallint vouched for: ``--pack`` and ``GOALLINT_PACKS``."""
    env = [p for p in os.environ.get(PACKS_ENV, "").split(os.pathsep) if p.strip()]
    return [Path(p) for p in [*command_line, *env]]


def _installed_pack_folders() -> list[tuple[str, Path]]:
    from goallint import cache

    out = []
    for name, value in cache.entry_points(ENTRY_POINT_GROUP, _entry_points):
        try:
            obj = _load_entry_point(value)
        except Exception as exc:
            raise RuleFileError(f"已安装的规则包 {name}（{value}）无法载入：{type(exc).__name__}: {exc} / installed pack {name} cannot be loaded") from None
        location = getattr(obj, "__file__", None)
        folder = Path(location).parent if location else Path(str(obj))
        out.append((name, folder))
    return out


def _entry_points(group: str) -> list[tuple[str, str]]:
    """(name, value) of the entry points of ``group``, sorted by name (importlib.metadata scans every distribution)."""
    from importlib.metadata import entry_points

    return sorted(((ep.name, ep.value) for ep in entry_points(group=group)), key=lambda item: item[0])


def _load_entry_point(value: str):
    """What ``module:attribute`` names, as ``EntryPoint.load`` does."""
    module, _, attribute = value.partition(":")
    obj = importlib.import_module(module.strip())
    for part in attribute.partition("[")[0].strip().split(".") if attribute.strip() else ():
        obj = getattr(obj, part)
    return obj


@lru_cache(maxsize=None)
def _cached_pack(folder: str, origin: str, allow_code: bool, display: str | None = None) -> Pack:
    """A pack, read once per process, and from goallint's catalogue cache while its files are unchanged."""
    from goallint import cache

    return cache.load_pack(Path(folder), _load_pack, origin=origin, allow_code=allow_code, display=display, validate=origin != "built-in")


def _load_pack(folder: Path, **how) -> Pack:
    return load_pack(folder, **how)


def load_catalog(
    pack_dirs: Iterable[Path] = (),
    config_packs: Iterable[ConfigPack] = (),
    *,
    installed: bool = True,
) -> Catalog:
    """The catalogue of the built-in pack, installed packs, explicitly trusted folders and
    the data-only packs of a configuration file, in that order."""
    from goallint.resources import data_dir

    packs: list[Pack] = [_cached_pack(str(data_dir("rules")), "built-in", True)]
    if installed:
        packs += [_cached_pack(str(folder), "installed", True) for _, folder in _installed_pack_folders()]
    packs += [_cached_pack(str(Path(d).resolve()), "command line", True) for d in pack_dirs]
    for entry in config_packs:
        candidate = entry.base / entry.spec
        if "/" in entry.spec or os.sep in entry.spec or entry.spec.startswith(".") or candidate.is_dir():
            if not candidate.is_dir():
                raise RuleFileError(f"配置文件 {entry.where}：规则包目录 {entry.spec} 不存在 / no such pack folder: {entry.spec}")
            try:
                packs.append(_cached_pack(str(candidate.resolve()), "config", False, entry.spec))
            except RuleFileError as exc:
                raise type(exc)(f"配置文件 {entry.where}：{exc}") from None
        elif not any(p.name == entry.spec for p in packs):
            raise RuleFileError(
                f"配置文件 {entry.where}：需要规则包 {entry.spec}，但没有安装或指定它 / pack {entry.spec} is required but not installed"
            )
    return build_catalog(packs)


def build_catalog(packs: list[Pack]) -> Catalog:
    """Check that the packs fit together and resolve every rule's check function."""
    from goallint.frames import frame_from_data

    unique: list[Pack] = []
    by_name: dict[str, Pack] = {}
    for pack in packs:
        if pack.name in by_name:
            if by_name[pack.name].folder.resolve() == pack.folder.resolve():
                continue  # the same folder named twice (installed and --pack, say)
            raise RuleFileError(f"两个规则包同名 {pack.name}：{by_name[pack.name].folder} 与 {pack.folder} / two packs named {pack.name}")
        by_name[pack.name] = pack
        unique.append(pack)
    catalog = Catalog(packs=unique)
    seen: dict[str, Rule] = {}
    prefixes: dict[str, Pack] = {}
    for pack in unique:
        if pack.prefix in prefixes:
            raise RuleFileError(f"规则包 {pack.name} 与 {prefixes[pack.prefix].name} 用了同一个编码前缀 {pack.prefix} / two packs share prefix {pack.prefix}")
        prefixes[pack.prefix] = pack
        for rule in pack.rules:
            for key in (rule.slug, rule.code, *rule.replaces):
                if key in seen:
                    raise RuleFileError(f"规则 {key} 重复：{seen[key].source} 与 {rule.source} / duplicate rule {key}")
                seen[key] = rule
            if rule.function is None:
                _resolve(rule, pack, by_name)
            catalog.rules.append(rule)
    catalog.rules.sort(key=lambda r: (r.pack != BUILTIN, r.code))
    _assemble_frames(catalog, unique, frame_from_data)
    _assemble_vocabularies(catalog, unique)
    return catalog


def _assemble_frames(catalog: Catalog, packs: list[Pack], make) -> None:
    pending = [(data, source) for pack in packs for data, source in pack.frame_data]
    raw: dict[str, dict] = {}
    for data, source in pending:
        if data["name"] in raw:
            raise RuleFileError(f"指标体系 {data['name']} 重复：{source} / duplicate frame {data['name']}")
        raw[data["name"]] = data

    def aliases_of(name: str, chain: tuple = ()) -> list:
        data = raw[name]
        base = data.get("extends")
        inherited = []
        if base:
            if base not in raw or base in chain:
                raise RuleFileError(f"指标体系 {name} 的 extends: {base} 不存在或循环 / frame {name} extends unknown {base}")
            inherited = [dict(a, inherited=True) for a in aliases_of(base, chain + (name,))]
        return inherited + list(data.get("aliases", []))

    for name, data in raw.items():
        aliases = []
        level1 = {item["name"] for item in data["levels"]}
        level2 = {child["name"] for item in data["levels"] for child in item.get("children", [])}
        for alias in aliases_of(name):
            inherited = alias.pop("inherited", False)
            targets = level1 if alias["level"] == 1 else level2
            fits = alias["means"] in targets and all(alias.get(k) in (None, *level1) for k in ("under", "counts-as"))
            if fits:
                aliases.append(alias)
            elif not inherited:
                raise RuleFileError(f"指标体系 {name} 的别名 {alias.get('label') or alias.get('contains')} 指向体系中没有的名称 {alias['means']} / alias to an unknown name")
        catalog.frames[name] = make(dict(data, aliases=aliases), name)
    declared = [p.frame for p in packs if p.frame]
    others = {p.frame for p in packs if p.frame and p.name != BUILTIN}
    catalog.default_frame = next(iter(others)) if len(others) == 1 else (declared[0] if declared else None)
    if len(others) > 1:
        catalog.warnings.append(
            f"规则包的默认指标体系不同（{'、'.join(sorted(others))}），使用 {catalog.default_frame}；请在配置文件中用 frame: 选择 / packs disagree on the default frame"
        )
    for pack in packs:
        if pack.frame and pack.frame not in catalog.frames:
            raise RuleFileError(f"规则包 {pack.name} 的默认指标体系 {pack.frame} 不存在 / pack {pack.name}: no frame {pack.frame}")


def _assemble_vocabularies(catalog: Catalog, packs: list[Pack]) -> None:
    merged: dict[str, Any] = {}
    for pack in packs:
        for name, values, mode, source in pack.vocab_data:
            if isinstance(values, dict):
                if name in merged and not isinstance(merged[name], dict):
                    raise RuleFileError(f"词表 {name}（{source}）应为词语列表 / vocabulary {name} is a word list")
                merged[name] = dict(values) if mode == "replace" or name not in merged else {**merged[name], **values}
            else:
                if name in merged and isinstance(merged[name], dict):
                    raise RuleFileError(f"词表 {name}（{source}）应为对应表 / vocabulary {name} is a map")
                merged[name] = frozenset(values) if mode == "replace" or name not in merged else merged[name] | frozenset(values)
    catalog.vocabularies = merged


def builtin_catalog() -> Catalog:
    """The built-in pack alone (no installed packs, no configuration): for tests and importers."""
    return _builtin_catalog()


@lru_cache(maxsize=None)
def _builtin_catalog() -> Catalog:
    return load_catalog(installed=False)
