"""The documentation holds together: README.md stays the newcomer's short path, every relative link in
README.md, docs/ and the folders' READMEs leads to a file (and, for a Markdown file, to a heading), and
every page of docs/ is listed in its index."""

import re

import pytest

from indicators.config import PROJECT_DIR

README = PROJECT_DIR / "README.md"
DOCS = PROJECT_DIR / "docs"
FOLDER_READMES = ["bench/README.md", "data/README.md", "tests/data/README.md"]

FENCE = re.compile(r"^(```|~~~).*?^\1", flags=re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"`[^`\n]*`")
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", flags=re.MULTILINE)


def markdown_files():
    return [README, *sorted(DOCS.glob("*.md")), *(PROJECT_DIR / name for name in FOLDER_READMES)]


def prose(text):
    """The text a reader sees as Markdown: code blocks and inline code hold no links."""
    return INLINE_CODE.sub("", FENCE.sub("", text))


def slug(heading):
    """GitHub's anchor for a heading: link text kept, lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(path):
    """Every anchor of a Markdown file; a repeated heading gets -1, -2 … as on GitHub."""
    seen = {}
    result = set()
    for heading in HEADING.findall(FENCE.sub("", path.read_text(encoding="utf-8"))):
        base = slug(heading)
        count = seen.get(base, 0)
        seen[base] = count + 1
        result.add(base if count == 0 else f"{base}-{count}")
    return result


def broken_links(path, root=PROJECT_DIR):
    """Every relative link of a Markdown file that leads nowhere, with the reason."""
    problems = []
    for target in LINK.findall(prose(path.read_text(encoding="utf-8"))):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, flags=re.IGNORECASE):
            continue  # http:, https:, mailto: … are outside the repository
        file_part, _, anchor = target.partition("#")
        linked = (path.parent / file_part).resolve() if file_part else path
        if not linked.exists():
            problems.append(f"{path.relative_to(root)}: {target}: no such file")
        elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
            problems.append(f"{path.relative_to(root)}: {target}: no heading with that anchor")
    return problems


def test_the_documentation_has_its_pages():
    assert README.exists() and (DOCS / "README.md").exists()
    assert len(list(DOCS.glob("*.md"))) > 10
    assert all((PROJECT_DIR / name).exists() for name in FOLDER_READMES)


@pytest.mark.parametrize("path", markdown_files(), ids=lambda p: str(p.relative_to(PROJECT_DIR)))
def test_every_relative_link_resolves(path):
    assert broken_links(path) == []


def test_a_broken_link_or_anchor_is_caught(tmp_path):
    (tmp_path / "other.md").write_text(
        "# Other page\n\n## Several instances / shared database\n", encoding="utf-8"
    )
    page = tmp_path / "page.md"
    page.write_text(
        "# Title\n\n"
        "[fine](other.md) [fine too](other.md#several-instances--shared-database) [here](#title)\n"
        "[gone](missing.md) [wrong anchor](other.md#configuration) [outside](https://example.org/x.md)\n"
        "[a link text on\ntwo lines](gone.md)\n"
        "`[in code](nowhere.md)`\n\n```\n[in a block](nowhere.md)\n```\n",
        encoding="utf-8",
    )
    assert broken_links(page, tmp_path) == [
        "page.md: missing.md: no such file",
        "page.md: other.md#configuration: no heading with that anchor",
        "page.md: gone.md: no such file",
    ]


def test_slugs_follow_github():
    assert slug("Several instances / shared database") == "several-instances--shared-database"
    assert (
        slug("The self-assessment (Session 2's round tables)")
        == "the-self-assessment-session-2s-round-tables"
    )
    assert slug("Language (Spanish and English)") == "language-spanish-and-english"
    assert slug("`IGM_DB_PATH` and Organización") == "igm_db_path-and-organización"


def test_the_readme_is_short_and_starts_with_the_two_commands():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 300, f"README.md has {len(lines)} lines: move reference material to docs/"
    first = "\n".join(lines[:40])
    assert "bash scripts/run.sh" in first
    assert "bash scripts/test.sh" in first


def test_every_docs_page_is_in_the_index():
    index = prose((DOCS / "README.md").read_text(encoding="utf-8"))
    listed = set(LINK.findall(index))
    pages = {p.name for p in DOCS.glob("*.md")} - {"README.md"}
    assert pages - listed == set(), "add these pages to docs/README.md"
