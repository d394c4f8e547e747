"""Rule packs: one unit for the built-in rules and every province's own, loaded without side effects."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from goallint.catalog import FAMILIES, RuleFileError
from goallint.packs import build_catalog, builtin_catalog, load_catalog, load_pack

from conftest import EXAMPLE, ROOT, run_cli

GZ_CITY = ROOT / "examples" / "packs" / "gz-city"

TABLE = """\
部门名称: 测试部门
金额单位: 万元
资金使用单位:
  - 单位名称: 测试单位
    项目:
      - 项目名称: 很长很长的项目名称
        金额: {总计: 8.00}
        绩效目标: 完成年度培训任务，提高业务能力和服务水平。
        绩效指标:
          - {一级指标: 产出指标, 二级指标: 数量指标, 三级指标: 培训次数, 年度指标值: 2次}
          - {一级指标: 效益指标, 二级指标: 社会效益, 三级指标: 业务能力提升, 年度指标值: 考核合格率≥95%}
"""

RULE = """\
code: {code}
slug: {slug}
severity: warning
scope: project
check: {check}
basis: 已核实
summary: {{zh: 示例规则, en: an example rule}}
message: {{zh: "{message}", en: "{message}"}}
docs:
  what: {{zh: 说明, en: what}}
  why: {{zh: 原因, en: why}}
  fail: "-"
  pass: "-"
  sources: [测试]
{extra}"""

CHECKS = """\
from goallint.api import Problem, check


@check(scope="project", args=("name",))
def check_name(project, ctx):
    yield Problem(project.name_path, name=project.name)
"""


def make_pack(folder: Path, name: str, prefix: str, *, checks: str | None = CHECKS, rules=(), extra_manifest: str = "") -> Path:
    """A pack folder: pack.yaml, optional checks.py, and rule files (family, slug, code, check, message, extra)."""
    folder.mkdir(parents=True, exist_ok=True)
    manifest = f"name: {name}\ntitle: {{zh: {name}, en: {name}}}\nprefix: {prefix}\n" + extra_manifest
    if checks is not None:
        manifest += "checks: checks.py\n"
        (folder / "checks.py").write_text(checks, encoding="utf-8")
    (folder / "pack.yaml").write_text(manifest, encoding="utf-8")
    for family, slug, code, check, message, extra in rules:
        (folder / family).mkdir(exist_ok=True)
        (folder / family / f"{slug}.yaml").write_text(
            RULE.format(code=code, slug=slug, check=check, message=message, extra=extra), encoding="utf-8"
        )
    return folder


def simple_pack(folder: Path, name: str, prefix: str, said: str, **kw) -> Path:
    checks = CHECKS.replace("yield Problem(project.name_path, name=project.name)", f"yield Problem(project.name_path, name={said!r})")
    return make_pack(folder, name, prefix, checks=checks, rules=[("goal", f"{name}-rule", f"{prefix}401", "check_name", "{name}", "")], **kw)


def rules_and_messages(proc) -> list[tuple[str, str]]:
    assert proc.returncode in (0, 1), proc.stderr.decode()
    return [(d["rule"], d["message"]) for d in json.loads(proc.stdout)["diagnostics"]]


# ---------------------------------------------------------------- the built-in pack


def test_the_builtin_catalogue_is_a_pack_and_keeps_its_invariants():
    catalog = builtin_catalog()
    (pack,) = catalog.packs
    assert (pack.name, pack.prefix, pack.frame, pack.origin) == ("goallint", "GL", "gz-2lvl", "built-in")
    rules = catalog.rules
    assert len({r.code for r in rules}) == len({r.slug for r in rules}) == len(rules)
    for rule in rules:
        assert rule.code.startswith(pack.prefix), rule.slug
        assert rule.source.parent.name == rule.family and rule.family in FAMILIES, rule.source
        assert rule.source.stem == rule.slug, rule.source
        if rule.scope == "import":
            assert rule.function is None and rule.check is None
        else:
            assert callable(rule.function) and rule.spec.scope == rule.scope, rule.slug
            assert rule.function.__module__ == f"goallint.checks.{rule.family}", rule.slug


def test_no_sys_path_change_and_no_content_module():
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "src").rglob("*.py"))
    assert re.search(r"sys\.path\s*(\.|\[|=|\+)", sources) is None
    assert not (ROOT / "src" / "goallint" / "checks" / "content.py").exists()


def test_no_check_function_defaults_its_own_options():
    for path in (ROOT / "src" / "goallint" / "checks").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "options.get(" not in text and "options.setdefault(" not in text, path


def test_check_functions_receive_typed_option_values():
    catalog = builtin_catalog()
    from decimal import Decimal

    assert catalog.find("amount-components").defaults == {"tolerance": Decimal("0.005")}
    assert catalog.find("goal-text-required").defaults == {"min_length": 10}
    assert catalog.find("period-annual-mismatch").defaults == {"assume_single_year": True}


# ---------------------------------------------------------------- loading without side effects


def test_two_folder_packs_with_the_same_checks_module_each_report_their_own(tmp_path):
    gd = simple_pack(tmp_path / "gd", "gd-pack", "GD", "广东的规则")
    hn = simple_pack(tmp_path / "hn", "hn-pack", "HN", "湖南的规则")
    (tmp_path / "dept.yaml").write_text(TABLE, encoding="utf-8")
    proc = run_cli("check", "dept.yaml", "--pack", str(gd), "--pack", str(hn), "--select", "GD,HN", "--format", "json", cwd=tmp_path)
    assert rules_and_messages(proc) == [("gd-pack-rule", "广东的规则"), ("hn-pack-rule", "湖南的规则")]


def test_a_config_naming_a_pack_with_code_does_not_run_it_but_pack_does(tmp_path):
    marker = tmp_path / "ran.txt"
    code = CHECKS + f"\nopen({str(marker)!r}, 'w').write('the pack ran')\n"
    make_pack(tmp_path / "dept-pack", "dept-pack", "DP", checks=code, rules=[("goal", "dept-rule", "DP401", "check_name", "{name}", "")])
    (tmp_path / "goallint.yaml").write_text("packs: [dept-pack]\n", encoding="utf-8")
    (tmp_path / "dept.yaml").write_text(TABLE, encoding="utf-8")
    proc = run_cli("check", "dept.yaml", cwd=tmp_path)
    err = proc.stderr.decode()
    assert proc.returncode == 2 and proc.stdout == b"" and err.count("\n") == 1, err
    assert err.startswith("goallint: 配置文件 goallint.yaml:1:9：规则包 dept-pack 含有代码（checks: checks.py）") and "含有代码（checks: checks.py）" in err and "--pack" in err
    assert not marker.exists()
    # the person running goallint vouches for it: it runs
    (tmp_path / "goallint.yaml").unlink()
    proc = run_cli("check", "dept.yaml", "--pack", "dept-pack", "--select", "DP", "--format", "json", cwd=tmp_path)
    assert rules_and_messages(proc) == [("dept-rule", "很长很长的项目名称")]
    assert marker.read_text() == "the pack ran"


def test_a_config_naming_a_folder_with_any_python_is_refused(tmp_path):
    pack = make_pack(tmp_path / "p", "p", "PP", checks=None, rules=[("goal", "reuse", "PP401", "goallint:goal.check_goal_text_required", "{name}", "")])
    (pack / "helper.py").write_text("raise SystemExit('must not run')\n", encoding="utf-8")
    (tmp_path / "goallint.yaml").write_text("packs: [./p]\n", encoding="utf-8")
    proc = run_cli("rules", cwd=tmp_path)
    assert proc.returncode == 2 and "含有代码（Python 文件）" in proc.stderr.decode()


def test_packs_from_the_environment_variable(tmp_path):
    pack = simple_pack(tmp_path / "envpack", "env-pack", "EV", "环境变量的规则")
    (tmp_path / "dept.yaml").write_text(TABLE, encoding="utf-8")
    env = dict(os.environ, GOALLINT_PACKS=str(pack), NO_COLOR="1")
    proc = subprocess.run([sys.executable, "-m", "goallint", "check", "dept.yaml", "--select", "EV", "--format", "json"], cwd=tmp_path, env=env, capture_output=True)
    assert rules_and_messages(proc) == [("env-pack-rule", "环境变量的规则")]


# ---------------------------------------------------------------- what the loader refuses


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (("goal", "a", "XX401", "check_name", "「{name}」与「{other}」", ""), "用了检查函数 check_name 不提供的参数 other"),
        (("goal", "a", "XX401", "check_gone", "{name}", ""), "检查函数 check_gone 不存在"),
        (("goal", "a", "XX401", "check_name", "{name!r}", ""), "占位符 {name} 只能是参数名"),
        (("goal", "a", "YY401", "check_name", "{name}", ""), "编码 YY401 应以规则包的前缀 XX 开头"),
        (("goal", "a", "XX401", "check_name", "{name}", "options:\n  limit: {schema: {type: integer}, default: 3, description: {zh: 上限, en: limit}}\n"), "声明的选项 ['limit'] 与检查函数 check_name 读取的 （无） 不一致"),
        (("goal", "a", "XX401", "check_name", "{name}", "options:\n  limit: {schema: {type: integer}, default: lots, description: {zh: 上限, en: limit}}\n"), "选项 limit 的默认值不符合它的 schema"),
        (("import", "a", "XX401", "check_name", "{name}", ""), "scope: import 的规则放在 import/ 中"),
        (("goal", "a", "XX401", "goallint:targets.check_target_unit_required", "{name}", ""), "scope 是 project，但检查函数 check_target_unit_required 检查的是 indicator"),
        (("goal", "a", "XX401", "nowhere:goal.check", "{name}", ""), "引用了没有载入的规则包 nowhere"),
    ],
    ids=["undeclared placeholder", "missing function", "placeholder with a format", "wrong prefix", "undeclared option", "default of the wrong type", "import scope outside import/", "reused function of another scope", "unknown pack"],
)
def test_a_broken_pack_is_one_clear_error(tmp_path, rule, message):
    make_pack(tmp_path / "p", "xx", "XX", rules=[rule])
    with pytest.raises(RuleFileError) as info:
        load_catalog([tmp_path / "p"], installed=False)
    assert message in str(info.value) and "\n" not in str(info.value), str(info.value)


def test_message_variants_must_match_what_the_check_uses(tmp_path):
    pack = make_pack(tmp_path / "p", "xx", "XX", rules=[("goal", "a", "XX401", "goallint:amounts.check_empty_project", "{name}", "")])
    with pytest.raises(RuleFileError, match="消息变体 （无） 与检查函数 check_empty_project 使用的 \\['blank', 'negative', 'no-indicators', 'zero'\\] 不一致"):
        load_catalog([pack], installed=False)


def test_an_unverified_rule_cannot_be_an_error(tmp_path):
    pack = make_pack(tmp_path / "p", "xx", "XX", rules=[("goal", "a", "XX401", "check_name", "{name}", "")])
    path = pack / "goal" / "a.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("severity: warning", "severity: error").replace("basis: 已核实", "basis: 未核实"), encoding="utf-8")
    with pytest.raises(RuleFileError, match="规则文件 .*a.yaml:3:11 不符合格式：「severity」应为 warning info 之一"):
        load_pack(pack, origin="test", allow_code=True)


def test_a_broken_rule_file_is_a_one_line_error_with_its_position(tmp_path):
    pack = make_pack(tmp_path / "p", "xx", "XX")
    (pack / "goal").mkdir()
    (pack / "goal" / "bad.yaml").write_text("code: [XX1\n", encoding="utf-8")
    with pytest.raises(RuleFileError) as info:
        load_pack(pack, origin="test", allow_code=True)
    assert "bad.yaml:2:1 读不了" in str(info.value) and "\n" not in str(info.value)


def test_rule_files_outside_family_folders_are_refused(tmp_path):
    pack = make_pack(tmp_path / "p", "xx", "XX", rules=[("goal", "a", "XX401", "check_name", "{name}", "")])
    (pack / "goal" / "a.yaml").rename(pack / "a.yaml")
    with pytest.raises(RuleFileError, match="规则文件应放在类别目录中"):
        load_pack(pack, origin="test", allow_code=True)


def test_duplicate_slugs_and_prefixes_across_packs_are_refused(tmp_path):
    a = simple_pack(tmp_path / "a", "same", "AA", "a")
    b = make_pack(tmp_path / "b", "other", "BB", rules=[("goal", "same-rule", "BB401", "check_name", "{name}", "")])
    with pytest.raises(RuleFileError, match="规则 same-rule 重复"):
        load_catalog([a, b], installed=False)
    c = simple_pack(tmp_path / "c", "third", "AA", "c")
    with pytest.raises(RuleFileError, match="同一个编码前缀 AA"):
        load_catalog([a, c], installed=False)


def test_a_pack_that_needs_a_newer_goallint_is_refused(tmp_path):
    pack = simple_pack(tmp_path / "p", "future", "FU", "x", extra_manifest='requires: ">=99"\n')
    with pytest.raises(RuleFileError, match="需要 goallint >=99"):
        load_pack(pack, origin="test", allow_code=True)


# ---------------------------------------------------------------- lifecycle


def test_a_renamed_rule_answers_to_its_old_name_with_a_warning(tmp_path):
    pack = make_pack(tmp_path / "p", "xx", "XX", rules=[("goal", "new-name", "XX401", "check_name", "{name}", "replaces: [old-name]\n")])
    (tmp_path / "dept.yaml").write_text(TABLE.replace("很长很长的项目名称", "很长很长的项目名称  # goallint: disable=old-name"), encoding="utf-8")
    (tmp_path / "goallint.yaml").write_text("rules:\n  old-name: {severity: info}\n", encoding="utf-8")
    proc = run_cli("check", "dept.yaml", "--pack", "p", "--select", "old-name", "--format", "json", cwd=tmp_path)
    assert proc.returncode == 0 and json.loads(proc.stdout)["diagnostics"] == []  # suppressed by its old name
    assert proc.stderr.decode() == "goallint: 警告 / warning: 规则名 old-name 已改为 new-name，请改用新名称 / rule old-name is now new-name\n"


def test_preview_rules_run_only_when_asked_for(tmp_path):
    pack = make_pack(tmp_path / "p", "xx", "XX", rules=[("goal", "trial", "XX401", "check_name", "{name}", "status: preview\n")])
    (tmp_path / "dept.yaml").write_text(TABLE, encoding="utf-8")
    by_prefix = run_cli("check", "dept.yaml", "--pack", "p", "--select", "XX", "--format", "json", cwd=tmp_path)
    assert rules_and_messages(by_prefix) == []
    assert [r for r, _ in rules_and_messages(run_cli("check", "dept.yaml", "--pack", "p", "--select", "XX", "--preview", "--format", "json", cwd=tmp_path))] == ["trial"]
    assert [r for r, _ in rules_and_messages(run_cli("check", "dept.yaml", "--pack", "p", "--select", "trial", "--format", "json", cwd=tmp_path))] == ["trial"]
    assert "[preview]" in run_cli("rules", "--pack", "p", cwd=tmp_path).stdout.decode()


# ---------------------------------------------------------------- frames


def test_switching_the_frame_changes_which_level_names_are_accepted(tmp_path):
    table = TABLE.replace("{一级指标: 效益指标, 二级指标: 社会效益", "{一级指标: 成本指标, 二级指标: 经济成本指标")
    (tmp_path / "dept.yaml").write_text(table, encoding="utf-8")
    gz = run_cli("check", "dept.yaml", "--select", "GL2", "--format", "json", cwd=tmp_path)
    assert [(d["rule"], d["line"], d["column"]) for d in json.loads(gz.stdout)["diagnostics"]] == [("level-name-unknown", 11, 20)]
    (tmp_path / "goallint.yaml").write_text("frame: mof-2021\n", encoding="utf-8")
    mof = run_cli("check", "dept.yaml", "--select", "GL2", "--format", "json", cwd=tmp_path)
    # 成本指标 is a level-1 name in mof-2021; the project now has no 效益指标
    assert [(d["rule"], d["line"], d["column"]) for d in json.loads(mof.stdout)["diagnostics"]] == [("benefit-indicator-missing", 6, 15), ("satisfaction-indicator-missing", 6, 15)]


def test_a_pack_brings_its_own_frame_and_extends_a_vocabulary(tmp_path):
    pack = make_pack(tmp_path / "p", "province", "PV", checks=None, extra_manifest="frame: province-frame\n")
    (pack / "frames").mkdir()
    (pack / "frames" / "province-frame.yaml").write_text(
        "name: province-frame\nextends: gz-2lvl\ntitle: {zh: 本省体系, en: province}\n"
        "levels:\n  - {name: 项目完成指标, children: [{name: 完成数量}]}\n  - {name: 项目效益指标, children: [{name: 社会效益}]}\n",
        encoding="utf-8",
    )
    (pack / "vocab").mkdir()
    (pack / "vocab" / "count-units.yaml").write_text("name: count-units\ndescription: {zh: 本省计数单位, en: counts}\nwords: [车次, 班次]\n", encoding="utf-8")
    catalog = load_catalog([pack], installed=False)
    assert catalog.default_frame == "province-frame"
    frame = catalog.frame()
    assert frame.level1("项目完成指标").status == "canonical" and frame.level1("产出指标").status == "unknown"
    assert frame.level1("效果指标").canonical is None  # an inherited alias to a name this frame lacks is dropped
    assert {"车次", "班次", "次", "人"} <= catalog.vocabularies["count-units"]


# ---------------------------------------------------------------- the worked example pack


def test_the_example_pack_passes_its_own_cases():
    proc = run_cli("test-pack", "examples/packs/gz-city")
    assert proc.returncode == 0, proc.stdout.decode()
    assert proc.stdout.decode() == "规则包 gz-city：2 条规则，5 个用例，0 个失败，0 处缺少用例\n"


def test_test_pack_reports_a_changed_expectation_clearly(tmp_path):
    import shutil

    copy = tmp_path / "gz-city"
    shutil.copytree(GZ_CITY, copy, ignore=shutil.ignore_patterns("__pycache__"))
    rule = copy / "goallint_gz_city" / "targets" / "satisfaction-floor.yaml"
    rule.write_text(rule.read_text(encoding="utf-8").replace("{line: 9, column: 62}", "{line: 9, column: 63}"), encoding="utf-8")
    proc = run_cli("test-pack", str(copy))
    assert proc.returncode == 1
    assert proc.stdout.decode().splitlines() == [
        f"失败 FAIL satisfaction-floor（{rule}）用例 case「选项改为 95 / minimum 95」",
        "  - 位置不同 / position: 应为 expected 9:63，实际 got 9:62 「群众满意度」的年度指标值“90%”低于本市要求的 95%：满意度目标应不低于 95%",
        "规则包 gz-city：2 条规则，5 个用例，1 个失败，0 处缺少用例",
    ]


def test_the_example_pack_as_a_folder(tmp_path):
    proc = run_cli("check", str(EXAMPLE), "--pack", str(GZ_CITY), "--select", "GZ", "--format", "json", cwd=tmp_path)
    assert [(d["rule"], d["line"], d["column"]) for d in json.loads(proc.stdout)["diagnostics"]] == [
        ("quantity-indicator-required", 119, 15),  # 购置经费 (RULES.md §2.6: no 11-数量 row)
        ("quantity-indicator-required", 165, 15),  # 综合网格服务管理信息费: only a 时效 output
    ]


@pytest.fixture(scope="module")
def installed_pack(tmp_path_factory):
    """The example pack built into a wheel and installed into a folder of its own, as pip would."""
    site = tmp_path_factory.mktemp("site")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "--no-index", "--target", str(site), str(GZ_CITY)],
        capture_output=True,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    return site


def test_an_installed_pack_adds_its_rules_through_the_entry_point(installed_pack, tmp_path):
    env = dict(os.environ, PYTHONPATH=str(installed_pack), NO_COLOR="1", PYTHONIOENCODING="utf-8")
    env.pop("GOALLINT_PACKS", None)

    def run(*args):
        return subprocess.run([sys.executable, "-m", "goallint", *args], cwd=tmp_path, env=env, capture_output=True)

    listing = run("rules").stdout.decode()
    assert "GZ201  quantity-indicator-required" in listing and "GZ301  satisfaction-floor" in listing
    explained = run("explain", "satisfaction-floor")
    assert explained.returncode == 0 and explained.stdout.decode().startswith("GZ301 satisfaction-floor: 满意度指标的目标值不低于 90%\n")
    assert "规则包: gz-city" in explained.stdout.decode()
    proc = run("check", str(EXAMPLE), "--select", "GZ", "--format", "json")
    assert [(d["rule"], d["line"]) for d in json.loads(proc.stdout)["diagnostics"]] == [("quantity-indicator-required", 119), ("quantity-indicator-required", 165)]
    # a configuration may require it by name
    (tmp_path / "goallint.yaml").write_text("packs: [gz-city]\n", encoding="utf-8")
    assert run("rules").returncode == 0
    env["PYTHONPATH"] = ""
    missing = run("rules")
    assert missing.returncode == 2 and "需要规则包 gz-city，但没有安装或指定它" in missing.stderr.decode()


def test_build_catalog_accepts_the_same_pack_twice():
    pack = load_pack(GZ_CITY, origin="test", allow_code=True)
    catalog = build_catalog([*builtin_catalog().packs, pack, pack])
    assert [p.name for p in catalog.packs] == ["goallint", "gz-city"]
