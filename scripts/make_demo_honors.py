"""Write the demo school's large honour decision and its candidate list (invented names).

    .venv/bin/python scripts/make_demo_honors.py            # data/honors/2026-merit-pupils.yml, 2026-good-youth.yml
    .venv/bin/python scripts/make_demo_honors.py --pupils 500 --out /tmp/x.yml   # a bigger list, for timing

Names are generated from common surnames and given-name characters with a fixed
seed: the same output every run. They are nobody's names; on the site they are
masked (王*琪) as school.yml says. The decision is written the way staff type a
long list: one `names` line per class.
"""
from __future__ import annotations

import argparse
import random
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
COMPOUND = ["欧阳", "司马", "上官", "诸葛"]
GIVEN = list("子涵欣怡梓轩浩然雨桐一诺宇轩思远佳怡俊杰诗琪嘉懿语嫣明轩若曦梓萱晨阳沐辰可馨天佑书瑶皓轩芷若一鸣安琪昊天梦瑶奕辰舒涵博文锦程心悦知远清扬")
GRADES = ["一", "二", "三", "四", "五", "六"]
HEADER = "# yaml-language-server: $schema=../../schemas/honors.schema.json\n"


def pupil_name(rng: random.Random, taken: set[str]) -> str:
    while True:
        roll = rng.random()
        if roll < 0.03:
            name = rng.choice(COMPOUND) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        elif roll < 0.04:
            name = rng.choice(("迪丽", "古丽", "阿依")) + rng.choice(("娜尔", "米拉", "努尔")) + "·" + \
                rng.choice(("艾力", "买买提", "吐尔逊"))
        else:
            name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2, 2))))
        if name not in taken:
            taken.add(name)
            return name


def classes(per_grade: int) -> list[str]:
    return [f"{grade}年级（{number}）班" for grade in GRADES for number in range(1, per_grade + 1)]


def decision(pupils: int, seed: int = 2026) -> str:
    rng = random.Random(seed)
    taken: set[str] = set()
    rooms = classes(8)
    merit = {room: [] for room in rooms}
    for index in range(pupils):
        merit[rooms[index % len(rooms)]].append(pupil_name(rng, taken))
    leaders = [(room, pupil_name(rng, taken)) for room in rooms if not room.startswith(("一", "二"))]
    model_classes = [room for room in rooms if rng.random() < 0.25]
    lines = [HEADER.rstrip("\n"),
             "# 荣誉榜：一份表彰决定，多个奖项，每个奖项一组（groups）。学生姓名在网站上打码显示（王*琪）。",
             "# 同班多人写在一行的 names 里，名字之间用空格隔开；两个字的姓名中间不要加空格。",
             "title: 关于表彰2025—2026学年度三好学生、优秀学生干部和先进班集体的决定",
             "number: 示实小〔2026〕15号             # 决定自己的文号",
             "date: 2026-06-20",
             "issuer: 示例市实验小学",
             "level: 校级",
             "stage: 表彰                        # 拟表彰名单已公示完毕，正式表彰",
             "display:                           # 拟表彰名单的公示期",
             "  start: 2026-06-12",
             "  end: 2026-06-18",
             "basis:                             # 决定依据的文件：只知道文号时只写 document",
             "  - document: 示教发〔2026〕8号",
             "    issuer: 示例区教育局",
             "    title: 关于开展2025—2026学年度中小学三好学生、优秀学生干部和先进班集体评选工作的通知",
             "body: |                            # 决定正文，照原文写；正文里的学生姓名在网站上和名单一样打码",
             *body(first(merit), pupils, leaders, model_classes),
             "guardian_consent: true             # 已取得监护人书面同意（姓名打码公开）",
             "groups:",
             "  - award: 三好学生",
             "    recipient_kind: 学生",
             "    recipients:"]
    for room, names in merit.items():
        if names:
            lines += [f"      - unit: {room}", f"        names: {' '.join(names)}"]
    lines += ["  - award: 优秀学生干部", "    recipient_kind: 学生", "    recipients:"]
    for room, name in leaders:
        lines += [f"      - name: {name}", f"        unit: {room}"]
    lines += ["  - award: 先进班集体", "    recipient_kind: 集体", "    recipients:"]
    lines += [f"      - name: {room}" for room in model_classes]
    return "\n".join(lines) + "\n"


def first(merit: dict[str, list[str]]) -> str:
    return next(names[0] for names in merit.values() if names)


def body(first_pupil: str, pupils: int, leaders: list[tuple[str, str]], model_classes: list[str]) -> list[str]:
    """The decision's text as a school writes it: the first name of each award "等N名同学"."""
    text = ["各班级：", "",
            "根据示例区教育局《关于开展2025—2026学年度中小学三好学生、优秀学生干部和先进班集体评选工作的通知》"
            "（示教发〔2026〕8号），经班级民主推荐、学校评审和公示，学校研究决定："
            f"授予{first_pupil}等{pupils}名同学“三好学生”称号，授予{leaders[0][1]}等{len(leaders)}名同学"
            f"“优秀学生干部”称号，授予{model_classes[0]}等{len(model_classes)}个班级“先进班集体”称号。", "",
            "希望受到表彰的同学和班级珍惜荣誉、再接再厉；全校同学以他们为榜样，勤奋学习，全面发展。"]
    return [f"  {line}" if line else "" for line in text]


CANDIDATES = HEADER + """\
# 荣誉榜：拟表彰名单公示。公示期内接受异议；公示结束、正式表彰后把 stage 改成 表彰。
title: 示例市实验小学2026年度“新时代好少年”和优秀少先队辅导员拟表彰名单公示
date: 2026-11-20
issuer: 示例市实验小学
level: 校级
stage: 公示                         # 拟表彰名单公示中
display:
  start: 2026-11-20
  end: 2026-11-27
objection_phones:
  - label: 学校德育处
    number: 0000-6600 1238
  - label: 示例区教育局德育科
    number: 0000-6602 2345
guardian_consent: true              # 已取得监护人书面同意（姓名打码公开）
groups:
  - award: 新时代好少年
    recipient_kind: 学生
    recipients:
      - name: 韩雨桐
        unit: 六年级（3）班
      - name: 欧阳明轩
        unit: 六年级（5）班
      - name: 沈一诺
        unit: 五年级（2）班
      - name: 古丽米拉·吐尔逊
        unit: 五年级（7）班
      - name: 覃思远
        unit: 四年级（1）班
  - award: 优秀少先队辅导员
    recipient_kind: 教师
    recipients:
      - name: 傅晓岚
        unit: 大队辅导员
      - name: 邝志明
        unit: 四年级（1）班中队辅导员
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pupils", type=int, default=216, help="三好学生 in the decision (default 216)")
    parser.add_argument("--out", type=Path, help="write only the decision, here")
    args = parser.parse_args()
    if args.out:
        args.out.write_text(decision(args.pupils), encoding="utf-8")
        return
    (REPO / "data/honors/2026-merit-pupils.yml").write_text(decision(args.pupils), encoding="utf-8")
    (REPO / "data/honors/2026-good-youth.yml").write_text(CANDIDATES, encoding="utf-8")


if __name__ == "__main__":
    main()
