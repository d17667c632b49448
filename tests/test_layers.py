"""The layers stay apart (docs/architecture.md): SQL lives in a service's adapters, so its domain, service layer, API
and event handlers import no SQLAlchemy (but `service/unit_of_work.py`, which binds the SQL repositories), and the
domain is pure Python: no Flask, SQLAlchemy or message broker client."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SERVICES = ("intake", "roster", "alerts", "reports")
LAYERS = ("domain", "service", "api", "handlers")
#: Top-level packages each layer may not import.
FORBIDDEN = {
    "domain": frozenset({"flask", "sqlalchemy", "kombu", "pika"}),
    "service": frozenset({"sqlalchemy"}),
    "api": frozenset({"sqlalchemy"}),
    "handlers": frozenset({"sqlalchemy"}),
}
#: The one module of a service layer that may name SQLAlchemy: it builds the unit of work's SQL repositories.
ALLOWED = frozenset({Path("service/unit_of_work.py")})


def layer_modules() -> Iterator[tuple[str, Path, Path]]:
    """(layer, path inside the service package, file) for every module of the checked layers."""
    for service in SERVICES:
        package = ROOT / "services" / service / "src" / "tiepdan" / service
        for layer in LAYERS:
            for module in sorted((package / layer).rglob("*.py")):
                yield layer, module.relative_to(package), module


def imported_packages(source: str) -> Iterator[tuple[int, str]]:
    """(line, top-level package) of every import, wherever it stands (a function's body included)."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module


def forbidden_imports(layer: str, relative: Path, source: str) -> list[str]:
    if relative in ALLOWED:
        return []
    return [
        f"line {line}: imports {name}"
        for line, name in imported_packages(source)
        if name.split(".")[0] in FORBIDDEN[layer]
    ]


def test_the_walk_finds_every_service_and_layer() -> None:
    found = {(module.relative_to(ROOT).parts[1], layer) for layer, _, module in layer_modules()}
    assert found >= {(service, layer) for service in SERVICES for layer in ("domain", "service", "api")}


@pytest.mark.parametrize(
    ("layer", "relative", "source", "found"),
    [
        ("service", Path("service/views.py"), "from sqlalchemy import select\n", ["line 1: imports sqlalchemy"]),
        ("service", Path("service/unit_of_work.py"), "from sqlalchemy.orm import Session\n", []),
        ("api", Path("api/cases.py"), "def f():\n    import sqlalchemy.orm\n", ["line 2: imports sqlalchemy.orm"]),
        (
            "domain",
            Path("domain/cases.py"),
            "import flask\nfrom kombu import Queue\n",
            ["line 1: imports flask", "line 2: imports kombu"],
        ),
        ("domain", Path("domain/cases.py"), "from sqlalchemy_utils import x\nimport pikachu\n", []),
        ("service", Path("service/views.py"), "from .orm import select\n", []),
    ],
)
def test_the_check_names_what_breaks_a_layer(layer: str, relative: Path, source: str, found: list[str]) -> None:
    assert forbidden_imports(layer, relative, source) == found


def test_no_layer_imports_what_it_may_not() -> None:
    broken = []
    for layer, relative, module in layer_modules():
        for problem in forbidden_imports(layer, relative, module.read_text(encoding="utf-8")):
            broken.append(f"{module.relative_to(ROOT)} {problem} (not allowed in {layer}/)")
    assert not broken, "SQL belongs in adapters/, the domain stays pure:\n" + "\n".join(broken)
