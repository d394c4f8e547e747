#!/usr/bin/env python3
"""Write tests/fixtures/import/sample.pdf: a cut-down 项目支出绩效目标表 laid out as published text.

One 资金使用单位 (its name wrapped over two lines), two indented projects, a few
indicators, and a page break inside an indicator (``…年度指标`` / ``值:95%。``) with
the header row repeated on the next page and page numbers in the footer.  The lines
are those of the real 荔湾区委政法委 table, shortened.

Needs fpdf2 (``pip install fpdf2``) and a CJK font: by default the first font that
``fc-list :lang=zh`` names (``apt-get install fonts-wqy-microhei`` or
``fonts-noto-cjk`` provides one), or ``--font PATH``.  fpdf2 embeds only the glyphs
used, so the PDF stays a few tens of KB.  The output is deterministic for a given
font and fpdf2 version (fixed creation date).  The tests read the shipped PDF and
do not need the font.

    python scripts/make_sample_pdf.py [--font PATH] [--out PATH]
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "import" / "sample.pdf"

TITLE = "项目支出绩效目标表（含转移支付项目）"
DEPT = "部门名称：中国共产党广州市荔湾区委员会政法委员会 单位：万元"
HEADER = "项目名称（资金使用单位） 总计 财政拨款 财政专户拨款 其他资金 绩效目标 绩效指标"

# (indented?, text); None marks the page break.
BODY = [
    (False, "合计 15.00 15.00"),
    (False, "中国共产党广州市荔湾区委员会"),
    (False, "政法委员会"),
    (False, "15.00 15.00"),
    (True, "来穗人员服务管理工作经费 8.00 8.00"),
    (False, "加强指导、督查工作，全面开展“人屋”登记核查、"),
    (False, "重点地区整治以及安全隐患整治和群租屋整治工作。"),
    (False, "1、1-产出指标；11-数量指标；出租屋登记率；实施周期指标值:95%；年度指标"),
    None,
    (False, "值:95%。2、3-满意度指标；31-服务对象满意度；来穗人员对我区管"),
    (False, "理服务评价；实施周期指标值:≥90；年度指标值:≥90。"),
    (True, "购置经费 7.00 7.00"),
    (False, "通过实施本项目，完成办公设备采购工作任务，有效"),
    (False, "提高行政机关工作人员办公效率。"),
    (False, "1、1-产出指标；13-时效指标；采购计划完成率；实施周期指标"),
    (False, "值:100%；年度指标值:100%。"),
]


def find_cjk_font() -> Path:
    try:
        out = subprocess.run(
            ["fc-list", ":lang=zh", "file"], capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        out = ""
    files = sorted(
        line.split(":", 1)[0].strip()
        for line in out.splitlines()
        if line.strip().lower().endswith((".ttf:", ".ttc:", ".otf:", ".ttf", ".ttc", ".otf"))
    )
    # Prefer TrueType outlines (wqy, droid) over CFF collections.
    files.sort(key=lambda f: ("wqy" not in f.lower(), f))
    if not files:
        sys.exit(
            "no CJK font found: install one (apt-get install fonts-wqy-microhei) or pass --font PATH"
        )
    return Path(files[0])


def build(font: Path, out: Path) -> int:
    from fpdf import FPDF

    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_creation_date(dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc))
    pdf.set_author("goallint")
    pdf.set_title(TITLE)
    pdf.set_auto_page_break(False)
    pdf.set_margins(20, 20, 20)
    if font.suffix.lower() == ".ttc":
        pdf.add_font("cjk", fname=str(font), collection_font_number=0)
    else:
        pdf.add_font("cjk", fname=str(font))

    line_h = 7.0
    indent = 10.0
    page_no = 0

    def new_page(first: bool) -> None:
        nonlocal page_no
        pdf.add_page()
        page_no += 1
        if first:
            pdf.set_font("cjk", size=14)
            pdf.cell(0, 10, TITLE, align="C", new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("cjk", size=10)
            pdf.cell(0, line_h, DEPT, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("cjk", size=9)
        pdf.cell(0, line_h, HEADER, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("cjk", size=10)

    def footer() -> None:
        y = pdf.get_y()
        pdf.set_y(-20)
        pdf.set_font("cjk", size=9)
        pdf.cell(0, 6, f"第 {page_no} 页", align="C")
        pdf.set_font("cjk", size=10)
        pdf.set_y(y)

    new_page(first=True)
    for entry in BODY:
        if entry is None:
            footer()
            new_page(first=False)
            continue
        indented, text = entry
        pdf.set_x(pdf.l_margin + (indent if indented else 0))
        pdf.cell(0, line_h, text, new_x="LMARGIN", new_y="NEXT")
    footer()

    out.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(out))
    return out.stat().st_size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--font", type=Path, help="a CJK TrueType font (.ttf/.ttc/.otf)")
    parser.add_argument("--out", type=Path, default=OUT, help=f"output PDF (default {OUT.relative_to(ROOT)})")
    args = parser.parse_args(argv)
    font = args.font or find_cjk_font()
    size = build(font, args.out)
    print(f"wrote {args.out} ({size} bytes) with {font}")
    if size > 200_000:
        print("warning: the PDF is over 200 KB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
