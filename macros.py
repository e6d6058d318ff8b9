"""The macros of the pages in docs/ (`{{ home() }}`, `{{ section_index("fees") }}`, …), for any engine.

`schoolpub render` copies this module into the build directory next to macros.json, which holds
what each macro returns, computed once from the validated data (schoolpub.plan.macro_values).
mkdocs-macros (MkDocs) and Zensical's own macros both call `define_env`; Zensical calls it for
every page, so it only reads a file: nothing here loads or checks data, and nothing imports an
engine or schoolpub. Run outside a build directory (a plain `mkdocs build` in the project), it
stops with the command to use instead.
"""
import json
from pathlib import Path

VALUES = "macros.json"


def define_env(env):
    path = Path(env.project_dir) / VALUES
    if not path.is_file():
        raise RuntimeError("网站要用 make site（或 make serve）生成：它先检查数据、生成页面，再交给 MkDocs 或 Zensical。"
                           f"这里没有 {VALUES}，说明没有经过这一步。")
    values = json.loads(path.read_text(encoding="utf-8"))

    def pick(macro, key):
        table = values[macro]
        if key not in table:
            raise ValueError(f"{macro}：没有“{key}”这一栏目，可用的有：{'、'.join(k for k in table if k)}")
        return table[key]

    env.macro(lambda: values["home"], "home")
    env.macro(lambda: values["about"], "about")
    env.macro(lambda type_name: pick("section_index", type_name), "section_index")
    env.macro(lambda section=None: pick("subscribe_links", section or ""), "subscribe_links")
