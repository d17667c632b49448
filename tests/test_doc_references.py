"""No file refers to a Markdown document the repository lacks, and every link to a section of one names a heading
it has: the design lives in docs/ and the READMEs, and a reference to anything else misleads the reader."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEXT_SUFFIXES = {".py", ".md", ".yaml", ".yml", ".tpl", ".txt", ".toml", ".json", ".sh", ".cfg", ".ini", ".html"}
TEXT_NAMES = {"Makefile", "Dockerfile", "run", "NOTES.txt"}
#: A path ending in .md, not part of a URL: `docs/domain.md`, `../../docs/contract.md`, `README.md`.
MD_REFERENCE = re.compile(r"(?<![\w/.:-])((?:\.{1,2}/|[\w-]+/)*[\w.-]*\w\.md)\b(#[\w-]+)?")
MD_LINK = re.compile(r"\]\(((?:\.{1,2}/|[\w-]+/)*[\w.-]+\.md)#([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.M)


def repository_files(root: Path) -> list[Path]:
    """Tracked files and new ones not ignored: what a clone would hold once committed."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    return [root / name for name in listed if (root / name).is_file()]


def is_text(path: Path) -> bool:
    return path.suffix in TEXT_SUFFIXES or path.name in TEXT_NAMES


def slug(heading: str) -> str:
    """A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[`*_]", "", heading).strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors_of(document: Path) -> set[str]:
    return {slug(heading) for heading in HEADING.findall(document.read_text(encoding="utf-8"))}


def resolve(root: Path, source: Path, reference: str) -> Path | None:
    """The file a reference names: relative to the referring file, else to the repository root."""
    for base in (source.parent, root):
        candidate = (base / reference).resolve()
        if candidate.is_file() and candidate.is_relative_to(root):
            return candidate
    return None


def broken_references(root: Path, files: list[Path]) -> list[str]:
    broken: list[str] = []
    for path in files:
        if not is_text(path):
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        where = path.relative_to(root)
        for number, line in enumerate(text.splitlines(), 1):
            for match in MD_REFERENCE.finditer(line):
                if resolve(root, path, match.group(1)) is None:
                    broken.append(f"{where}:{number}: {match.group(1)} does not exist")
            for match in MD_LINK.finditer(line):
                target = resolve(root, path, match.group(1))
                if target is not None and match.group(2) not in anchors_of(target):
                    broken.append(f"{where}:{number}: {match.group(1)} has no section #{match.group(2)}")
    return broken


def test_every_markdown_reference_names_a_document_of_the_repository() -> None:
    scanned = [path for path in repository_files(ROOT) if path != Path(__file__).resolve()]  # ours are examples
    assert broken_references(ROOT, scanned) == []


def test_the_design_documents_are_in_the_repository() -> None:
    for name in ("architecture", "contract", "domain"):
        assert (ROOT / "docs" / f"{name}.md").is_file()


def test_a_reference_to_a_missing_document_or_section_is_found(tmp_path: Path) -> None:
    missing = "DESIGN" + ".md"
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "guide.md").write_text("# Guide\n\n## The bus\n", encoding="utf-8")
    code = tmp_path / "code.py"
    code.write_text(
        f'"""See {missing} and docs/guide.md; https://example.org/{missing} is a URL."""\n'
        "# [bus](docs/guide.md#the-bus) and [gone](docs/guide.md#the-inbox)\n",
        encoding="utf-8",
    )
    assert broken_references(tmp_path, [code, tmp_path / "docs" / "guide.md"]) == [
        f"code.py:1: {missing} does not exist",
        "code.py:2: docs/guide.md has no section #the-inbox",
    ]
