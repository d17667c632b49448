"""The console's layers hold: its use cases (service/) and rules (domain/) reach the database only through the
unit of work's repositories, so they import no SQLAlchemy and no ORM tables (service/unit_of_work.py builds the
repositories and may), and the domain knows nothing of Flask."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "services" / "console" / "src" / "tiepdan" / "console"
SERVICE = sorted(p for p in (PACKAGE / "service").glob("*.py") if p.name != "unit_of_work.py")
DOMAIN = sorted((PACKAGE / "domain").glob("*.py"))


def imported(path: Path) -> set[str]:
    """Every module a file imports, absolute; relative imports resolved against the console package."""
    package = ["tiepdan", "console", path.parent.name]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def _from(names: set[str], *roots: str) -> list[str]:
    return sorted(n for n in names if any(n == root or n.startswith(f"{root}.") for root in roots))


def test_the_layers_are_found() -> None:
    assert {p.name for p in SERVICE} >= {"accounts.py", "signin.py", "tokens.py"}
    assert {p.name for p in DOMAIN} >= {"accounts.py", "limits.py"}


@pytest.mark.parametrize("path", SERVICE + DOMAIN, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_sql_outside_the_repositories(path: Path) -> None:
    assert (
        _from(imported(path), "sqlalchemy", "tiepdan.console.adapters.orm", "tiepdan.console.adapters.repository") == []
    )


@pytest.mark.parametrize("path", DOMAIN, ids=lambda p: p.name)
def test_the_domain_knows_no_web_framework(path: Path) -> None:
    assert _from(imported(path), "flask", "flask_smorest", "werkzeug", "tiepdan.console.web") == []


def test_the_check_sees_relative_imports(tmp_path: Path) -> None:
    service = tmp_path / "service"
    service.mkdir()
    module = service / "example.py"
    module.write_text("from ..adapters.orm import AccountRecord\nfrom sqlalchemy import select\nimport flask\n")
    names = imported(module)
    assert _from(names, "sqlalchemy") == ["sqlalchemy", "sqlalchemy.select"]
    assert "tiepdan.console.adapters.orm.AccountRecord" in names
    assert _from(names, "flask") == ["flask"]
