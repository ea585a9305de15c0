"""The package's walls: every module imports on its own, no import hides inside a function,
and an area's package imports none of its own views (the factory registers the blueprints)."""

import ast
import pkgutil
import subprocess
import sys
import textwrap
from pathlib import Path

import hallbarhet

PACKAGE = Path(hallbarhet.__file__).parent

# Each module is imported by a child forked from one fresh interpreter that has loaded only
# the libraries the package uses (found by a first child that imports the package), so that
# every child starts with none of the package loaded, as a fresh interpreter would, without
# paying for the libraries again. Importing hallbarhet.x.y runs the package's __init__ first,
# and a module that is already loaded by then is not run again: so for every module the first
# child's import of the package loaded, importing it on its own is that same import, and only
# the modules it did not load need a child of their own.
_IMPORT_EACH = textwrap.dedent(
    """
    import importlib, os, sys, traceback

    def elsewhere():
        # A module missing here must not be found in another copy of the package (an
        # installed one): every module of it comes from this folder.
        root = os.path.join(os.getcwd(), "hallbarhet") + os.sep
        return [
            module for module, value in list(sys.modules.items())
            if module.split(".")[0] == "hallbarhet"
            and not (getattr(value, "__file__", None) or "").startswith(root)
        ]

    def imported(name):
        try:
            importlib.import_module(name)
        except BaseException:
            traceback.print_exc()
            return False
        if elsewhere():
            print(name, "loaded from elsewhere:", elsewhere(), file=sys.stderr)
            return False
        return True

    read, write = os.pipe()
    if os.fork() == 0:
        if not imported("hallbarhet"):
            os._exit(1)
        os.write(write, "\\n".join(sys.modules).encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as found:
        loaded = found.read().split()
    _, status = os.wait()
    if status != 0:
        print("FAILED hallbarhet")
        sys.exit()
    for library in loaded:
        if library.split(".")[0] != "hallbarhet":
            try:
                importlib.import_module(library)
            except Exception:
                pass
    failed = []
    for name in sys.argv[1:]:
        if name in loaded:
            continue
        pid = os.fork()
        if pid == 0:
            os._exit(0 if imported(name) else 1)
        _, status = os.waitpid(pid, 0)
        if status != 0:
            failed.append(name)
    print("FAILED " + " ".join(failed) if failed else "OK")
    """
)


def _modules() -> list[str]:
    names = ["hallbarhet"]
    for info in pkgutil.walk_packages([str(PACKAGE)], prefix="hallbarhet."):
        names.append(info.name)
    return names


def _sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_module_imports_on_its_own():
    modules = _modules()
    assert len(modules) > 80
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", _IMPORT_EACH, *modules],
        capture_output=True,
        text=True,
        cwd=PACKAGE.parent,
        timeout=300,
        check=False,
    )
    assert result.stdout.strip() == "OK", result.stdout + result.stderr


def test_no_function_imports_anything():
    found = []
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    assert found == []


def _route_modules() -> set[Path]:
    return {
        path
        for path in _sources()
        if "Blueprint(" in (text := path.read_text(encoding="utf-8")) or "@bp." in text
    }


def _imported_paths(init: Path) -> set[Path]:
    """The package modules an __init__.py imports, as files."""
    paths = set()
    for node in ast.walk(ast.parse(init.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.ImportFrom) or node.level == 0:
            continue
        base = init.parent
        for _ in range(node.level - 1):
            base = base.parent
        if node.module:
            base = base.joinpath(*node.module.split("."))
            paths.update({base.with_suffix(".py"), base / "__init__.py"})
        for alias in node.names:
            paths.update(
                {(base / alias.name).with_suffix(".py"), base / alias.name / "__init__.py"}
            )
    return paths - {init}


def test_area_packages_import_none_of_their_views():
    routes = _route_modules()
    assert routes
    offending = []
    for init in sorted(PACKAGE.glob("*/**/__init__.py")):
        for path in sorted(_imported_paths(init) & routes):
            offending.append(f"{init.relative_to(PACKAGE.parent)} imports {path.name}")
    assert offending == []
