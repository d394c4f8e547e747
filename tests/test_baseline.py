"""Baselines: ``--write-baseline``, ``--baseline`` (or ``baseline:`` in the configuration), ``--prune-baseline``.

An entry is keyed on file, rule, the document path with list indices replaced by names, and
a hash of the value (never a line number): editing elsewhere, reordering and reformatting keep
old findings quiet; changing the value brings the finding back.
"""

from __future__ import annotations

import json
import shutil

import pytest

from goallint.baseline import stable_path, value_text

from conftest import EXAMPLE, run_cli
from test_packs import TABLE, make_pack


def _example(tmp_path):
    shutil.copy(EXAMPLE, tmp_path / "dept.yaml")
    return tmp_path / "dept.yaml"


def _swap_first_two_projects(text: str) -> str:
    lines = text.split("\n")
    starts = [i for i, line in enumerate(lines) if line.startswith("      - 项目名称:")]
    a, b, c = starts[:3]
    lines[a:c] = lines[b:c] + lines[a:b]
    return "\n".join(lines)


def _entries(path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["findings"]


def test_the_example_with_a_baseline_moves_reorders_and_prunes(tmp_path):
    """issue 8's Done-when: write the baseline, insert three comment lines and swap two projects (0 reported),
    change one baselined value (exactly that finding returns), fix one and prune (its entry goes)."""
    path = _example(tmp_path)
    written = run_cli("check", "dept.yaml", "--write-baseline", "baseline.json", cwd=tmp_path)
    assert written.returncode == 0, written.stderr.decode()
    assert written.stdout.decode() == "没有发现问题，共检查 1 个文件；另有 68 个问题记在基线中\n"
    assert written.stderr.decode() == "goallint: 已把 68 个问题写入基线 baseline.json / wrote 68 findings to the baseline baseline.json\n"
    assert len(_entries(tmp_path / "baseline.json")) == 68

    text = path.read_text(encoding="utf-8")
    moved = "# 一\n# 二\n# 三\n" + _swap_first_two_projects(text)
    assert moved.index("项目名称: 维稳专项工作经费") < moved.index("项目名称: 来穗人员服务管理工作经费")
    path.write_text(moved, encoding="utf-8")
    quiet = run_cli("check", "dept.yaml", "--baseline", "baseline.json", cwd=tmp_path)
    assert (quiet.returncode, quiet.stdout.decode(), quiet.stderr.decode()) == (0, "没有发现问题，共检查 1 个文件；另有 68 个问题记在基线中\n", "")

    changed = moved.replace("年度指标值: 考核等次为合格及合格以上等次达到100%\n", "年度指标值: 考核等次为合格及合格以上等次达到95%\n")
    assert changed != moved
    path.write_text(changed, encoding="utf-8")
    back = run_cli("check", "dept.yaml", "--baseline", "baseline.json", "--no-source", cwd=tmp_path)
    assert back.stdout.decode().splitlines() == [
        "dept.yaml:214:20: GL302 [警告] 「绩效考核等次」的实施周期指标值“年度考核等次为合格及合格以上等次达到100%。”与年度指标值“考核等次为合格及合格以上等次达到95%”"
        "不一致：未写项目期限，按单年度项目检查，两者应相同 [period-annual-mismatch]",
        "1 个问题（0 错误，1 警告，0 提示），共检查 1 个文件；另有 67 个问题记在基线中；基线中有 1 个问题已不再出现（加 --prune-baseline 删去）",
    ]
    assert back.stderr.decode() == (
        "goallint: 基线 baseline.json 中的问题已不再出现 / no longer found: dept.yaml period-annual-mismatch "
        "资金使用单位「广州市荔湾区社会治安综合治理指挥中心」.项目「编外人员聘用经费」.绩效指标「绩效考核等次」.年度指标值\n"
    )

    path.write_text(moved.replace("不少6次", "不少于6次"), encoding="utf-8")  # fix one
    before = _entries(tmp_path / "baseline.json")
    pruned = run_cli("check", "dept.yaml", "--baseline", "baseline.json", "--prune-baseline", cwd=tmp_path)
    assert pruned.returncode == 0
    assert pruned.stdout.decode() == "没有发现问题，共检查 1 个文件；另有 67 个问题记在基线中；基线中有 1 个问题已不再出现，已删去\n"
    assert pruned.stderr.decode() == "goallint: 已从基线 baseline.json 删去 1 个不再出现的问题 / dropped 1 entries from the baseline baseline.json\n"
    after = _entries(tmp_path / "baseline.json")
    assert [e for e in before if e not in after] == [
        {
            "file": "dept.yaml",
            "rule": "malformed-comparator",
            "path": "资金使用单位「中国共产党广州市荔湾区委员会政法委员会」.项目「执法监督工作经费」.绩效指标「法律宣传」.实施周期指标值",
            "value": before[[e["rule"] for e in before].index("malformed-comparator")]["value"],
        }
    ]
    assert len(after) == 67


def test_reformatting_does_not_bring_findings_back(tmp_path):
    text = TABLE.replace("年度指标值: 2次}", "年度指标值: 不少6次}")
    (tmp_path / "dept.yaml").write_text(text, encoding="utf-8")
    assert run_cli("check", "dept.yaml", "--write-baseline", "b.json", cwd=tmp_path).returncode == 0
    reformatted = text.replace(
        "          - {一级指标: 产出指标, 二级指标: 数量指标, 三级指标: 培训次数, 年度指标值: 不少6次}\n",
        "          -   一级指标: '产出指标'\n              二级指标: 数量指标\n              三级指标: \"培训次数\"\n              年度指标值:   不少6次   # 照抄\n",
    ).replace("金额: {总计: 8.00}", "金额:\n          总计: 8.00")
    (tmp_path / "dept.yaml").write_text(reformatted, encoding="utf-8")
    proc = run_cli("check", "dept.yaml", "--baseline", "b.json", "--format", "json", cwd=tmp_path)
    summary = json.loads(proc.stdout)["summary"]
    assert (proc.returncode, json.loads(proc.stdout)["diagnostics"], summary["baselined"], summary["baseline_stale"]) == (0, [], 3, 0)


def test_the_baseline_file_is_sorted_one_entry_a_line_and_counts_repeats(tmp_path):
    text = TABLE.replace(
        "          - {一级指标: 效益指标, 二级指标: 社会效益, 三级指标: 业务能力提升, 年度指标值: 考核合格率≥95%}\n",
        "          - {一级指标: 产出指标, 二级指标: 数量指标, 三级指标: 培训次数, 年度指标值: 2次}\n",
    )
    (tmp_path / "tables").mkdir()
    (tmp_path / "tables" / "dept.yaml").write_text(text, encoding="utf-8")
    proc = run_cli("check", "tables", "--select", "duplicate-indicator-name,benefit-indicator-missing", "--write-baseline", "b.json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    name = "资金使用单位「测试单位」.项目「很长很长的项目名称」"
    assert (tmp_path / "b.json").read_text(encoding="utf-8") == (
        "{\n"
        '  "goallint-baseline": 1,\n'
        '  "findings": [\n'
        f'    {{"file": "tables/dept.yaml", "rule": "benefit-indicator-missing", "path": "{name}.项目名称", "value": "{_hash("text:很长很长的项目名称")}"}},\n'
        f'    {{"file": "tables/dept.yaml", "rule": "duplicate-indicator-name", "path": "{name}.绩效指标「培训次数」#2.三级指标", "value": "{_hash("text:培训次数")}"}}\n'
        "  ]\n"
        "}\n"
    )


def _hash(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def test_an_empty_baseline_and_repeated_entries():
    from collections import Counter

    from goallint.baseline import Key, render

    assert render(Counter()) == '{\n  "goallint-baseline": 1,\n  "findings": []\n}\n'
    assert render(Counter({Key("a.yaml", "r", "p", "0" * 16): 2})) == (
        '{\n  "goallint-baseline": 1,\n  "findings": [\n'
        '    {"file": "a.yaml", "rule": "r", "path": "p", "value": "0000000000000000", "count": 2}\n  ]\n}\n'
    )


def test_stable_paths_name_elements_and_keep_indices_where_there_is_no_name():
    data = {
        "资金使用单位": [
            {"单位名称": "单位一", "项目": [{"项目名称": "甲", "实施计划": ["第一步", "第二步"]}, {"项目名称": "甲"}, {"项目名称": "  "}]},
        ]
    }
    assert stable_path(data, ("资金使用单位", 0, "项目", 0, "实施计划", 1)) == "资金使用单位「单位一」.项目「甲」.实施计划[1]"
    assert stable_path(data, ("资金使用单位", 0, "项目", 1, "项目名称")) == "资金使用单位「单位一」.项目「甲」#2.项目名称"
    assert stable_path(data, ("资金使用单位", 0, "项目", 2, "金额", "总计")) == "资金使用单位「单位一」.项目[2].金额.总计"
    assert stable_path({"资金使用单位": [{"单位名称": "a」b"}]}, ("资金使用单位", 0)) == "资金使用单位「a\\」b」"
    assert [value_text(v) for v in ({"b": 1, "a": 2}, [1, 2, 3], None, True)] == ['keys:["a", "b"]', "items:3", "null", "true"]


def test_the_baseline_key_in_the_configuration_is_relative_to_it_and_the_flag_wins(tmp_path):
    shutil.copy(EXAMPLE, tmp_path / "dept.yaml")
    (tmp_path / "sub").mkdir()
    assert run_cli("check", "dept.yaml", "--write-baseline", "sub/baseline.json", cwd=tmp_path).returncode == 0
    (tmp_path / "goallint.yaml").write_text("baseline: sub/baseline.json\n", encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    proc = run_cli("check", "../dept.yaml", "--format", "json", cwd=tmp_path / "elsewhere")
    assert json.loads(proc.stdout)["summary"]["baselined"] == 68
    (tmp_path / "empty.json").write_text('{"goallint-baseline": 1, "findings": []}', encoding="utf-8")
    flag = run_cli("check", "dept.yaml", "--baseline", "empty.json", "--format", "json", cwd=tmp_path)
    assert json.loads(flag.stdout)["summary"]["baselined"] == 0 and len(json.loads(flag.stdout)["diagnostics"]) == 68


def test_only_checked_files_and_rules_that_ran_make_entries_stale(tmp_path):
    for name in ("a.yaml", "b.yaml"):
        shutil.copy(EXAMPLE, tmp_path / name)
    assert run_cli("check", ".", "--write-baseline", "b.json", cwd=tmp_path).returncode == 0
    one = run_cli("check", "a.yaml", "--baseline", "b.json", "--select", "GL2", "--prune-baseline", cwd=tmp_path)
    assert one.stdout.decode() == "没有发现问题，共检查 1 个文件；另有 30 个问题记在基线中\n"  # nothing stale: b.yaml and GL3 were not checked
    assert len(_entries(tmp_path / "b.json")) == 136


def test_findings_about_an_unread_file_are_never_baselined(tmp_path):
    (tmp_path / "dept.yaml").write_text("部门名称: [\n", encoding="utf-8")
    proc = run_cli("check", "dept.yaml", "--write-baseline", "b.json", "--no-source", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout.decode().splitlines()[0].startswith("dept.yaml:2:1: GL001 [错误]")
    assert _entries(tmp_path / "b.json") == []


def test_a_renamed_rule_still_matches_its_old_entries(tmp_path):
    make_pack(tmp_path / "p", "xx", "XX", rules=[("goal", "old-name", "XX401", "check_name", "{name}", "")])
    (tmp_path / "dept.yaml").write_text(TABLE, encoding="utf-8")
    assert run_cli("check", "dept.yaml", "--pack", "p", "--select", "XX", "--write-baseline", "b.json", cwd=tmp_path).returncode == 0
    make_pack(tmp_path / "q", "xx", "XX", rules=[("goal", "new-name", "XX401", "check_name", "{name}", "replaces: [old-name]\n")])
    proc = run_cli("check", "dept.yaml", "--pack", "q", "--select", "XX", "--baseline", "b.json", "--prune-baseline", cwd=tmp_path)
    assert proc.stdout.decode() == "没有发现问题，共检查 1 个文件；另有 1 个问题记在基线中\n"
    assert [e["rule"] for e in _entries(tmp_path / "b.json")] == ["old-name"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "goallint: 基线文件 b.json 不存在：先用 --write-baseline b.json 生成 / the baseline b.json does not exist: create it with --write-baseline\n"),
        ('{"goallint-baseline": 1,\n "findings": [}', "goallint: 基线文件 b.json:2:15 不是有效的 JSON：Expecting value / the baseline b.json is not valid JSON\n"),
        ('{"goallint-baseline": 2, "findings": []}', "goallint: 基线文件 b.json 格式不对：goallint-baseline 不符合 schemas/baseline.schema.json（不是 goallint --write-baseline 写的？）/ the baseline b.json is malformed at goallint-baseline (see schemas/baseline.schema.json)\n"),
        ('{"goallint-baseline": 1, "findings": [{"file": "a", "rule": "r", "path": "p", "value": "xyz"}]}', "goallint: 基线文件 b.json 格式不对：findings[0].value 不符合"),
        ("[" * 100000, "goallint: 基线文件 b.json 不是有效的 JSON / the baseline b.json is not valid JSON\n"),
    ],
    ids=["missing", "syntax", "schema", "value", "deep"],
)
def test_an_unusable_baseline_is_one_line_and_exit_2(tmp_path, content, message):
    shutil.copy(EXAMPLE, tmp_path / "dept.yaml")
    if content is not None:
        (tmp_path / "b.json").write_text(content, encoding="utf-8")
    proc = run_cli("check", "dept.yaml", "--baseline", "b.json", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stdout == b""
    assert proc.stderr.decode().startswith(message) and proc.stderr.decode().count("\n") == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--write-baseline", "b.yaml"), "goallint: 基线文件应以 .json 结尾：b.yaml / a baseline file ends in .json: b.yaml\n"),
        (("--write-baseline", "b.json", "--baseline", "c.json"), "goallint: --write-baseline 不能与 --baseline、--prune-baseline 同用 / --write-baseline goes without --baseline and --prune-baseline\n"),
        (("--prune-baseline",), "goallint: --prune-baseline 需要基线：用 --baseline 文件，或在配置中写 baseline: / --prune-baseline needs a baseline\n"),
    ],
)
def test_baseline_flags_that_cannot_mean_anything_are_refused(tmp_path, args, message):
    shutil.copy(EXAMPLE, tmp_path / "dept.yaml")
    proc = run_cli("check", "dept.yaml", *args, cwd=tmp_path)
    assert (proc.returncode, proc.stderr.decode()) == (2, message)
    assert not (tmp_path / "b.yaml").exists() and not (tmp_path / "b.json").exists()


def test_an_incomplete_run_writes_no_baseline(tmp_path):
    shutil.copy(EXAMPLE, tmp_path / "dept.yaml")
    (tmp_path / "gone.yaml").symlink_to(tmp_path / "missing.yaml")
    proc = run_cli("check", "dept.yaml", "gone.yaml", "--write-baseline", "b.json", cwd=tmp_path)
    assert proc.returncode == 2
    assert "goallint: 检查未完成，没有写基线 b.json / checking was incomplete: the baseline b.json was not written\n" in proc.stderr.decode()
    assert not (tmp_path / "b.json").exists()
