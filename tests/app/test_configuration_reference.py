"""One configuration reference: every setting is defined once, with its default, in
hallbarhet/config.py, and README.md's table lists exactly those settings with the same
defaults. The code reads no setting that is not defined there, and gives none a second
default of its own."""

import ast
import json
import re
from pathlib import Path

from hallbarhet.config import DEFAULTS

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "hallbarhet"
README = ROOT / "README.md"
# Flask's own settings that the code reads but the app leaves to Flask.
FLASKS_OWN = {"SERVER_NAME", "TESTING", "DEBUG"}
ROW = re.compile(r"^\| `HALLBARHET_([A-Z0-9_]+)` \| (.+?) \| .+ \|$")


def readme_table() -> dict[str, str]:
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Configuration\n", 1)[1].split("\n#", 1)[0]
    rows = {}
    for line in section.splitlines():
        match = ROW.match(line)
        if match:
            assert match.group(1) not in rows, f"{match.group(1)} twice in the table"
            rows[match.group(1)] = match.group(2)
    return rows


def as_written(value) -> str:
    """A default as the table writes it: — for one decided at start, JSON in backticks."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return f"`{value}`" if value else '`""`'
    if isinstance(value, tuple):
        value = list(value)
    return f"`{json.dumps(value, ensure_ascii=False)}`"


def test_the_readme_lists_every_setting_with_its_default():
    table = readme_table()
    assert sorted(set(DEFAULTS) - set(table)) == [], "settings missing from README's table"
    assert sorted(set(table) - set(DEFAULTS)) == [], "README lists settings config.py lacks"
    wrong = {
        name: (table[name], as_written(default))
        for name, default in DEFAULTS.items()
        if table[name] != as_written(default)
    }
    assert wrong == {}, "README's default (left) differs from config.py's (right)"


def _is_config(node) -> bool:
    """app.config, current_app.config, self.config, or a name `config` bound to one."""
    return getattr(node, "attr", "") == "config" or getattr(node, "id", "") == "config"


def settings_read() -> dict[str, list[str]]:
    """Every setting the package reads by name: config["X"], config.get("X", ...)."""
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            key, second_default = None, False
            if (
                isinstance(node, ast.Subscript)
                and _is_config(node.value)
                and isinstance(node.slice, ast.Constant)
            ):
                key = node.slice.value
            elif (
                isinstance(node, ast.Call)
                and getattr(node.func, "attr", "") == "get"
                and _is_config(node.func.value)
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                key = node.args[0].value
                second_default = len(node.args) > 1 and not (
                    isinstance(node.args[1], ast.Constant) and node.args[1].value is None
                )
            if isinstance(key, str):
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                found.setdefault(key, []).append(
                    where + (" (with a default)" if second_default else "")
                )
    return found


def test_the_code_reads_only_settings_defined_once_in_config():
    read = settings_read()
    assert "MAIL_TIMEOUT" in read and "BASE_URL" in read  # the scan sees the code
    undefined = {k: v for k, v in read.items() if k not in DEFAULTS and k not in FLASKS_OWN}
    assert undefined == {}, "read but not defined in hallbarhet/config.py"
    second = {k: v for k, v in read.items() if any("with a default" in w for w in v)}
    assert second == {}, "a default given again where the setting is read"
