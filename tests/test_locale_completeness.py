"""The English catalogues of the apps are complete: every German msgid has a real English msgstr, nothing is left
fuzzy, and every placeholder and markup tag of the German survives in the English. A missing or broken
translation shows the German text in the middle of an English page, or raises KeyError/ValueError when
Django fills in %(name)s, so it fails here instead of in front of a reader.

A catalogue is also checked against its app: makemessages on a copy must find nothing new to translate.

The .po files are parsed here with a few lines of Python (no polib in the environment); where gettext's msgfmt
is installed (it is needed for compilemessages anyway) it checks the same files with its own rules."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[1]
# The apps whose strings the app-level catalogues translate; the root locale/ covers templates/, portal/,
# places/, organisations/ and config/.
APPS = ["accounts", "answers", "api", "importers", "operations", "programmes", "proposals", "reporting", "sources"]
CATALOGUES = sorted(ROOT.glob("*/locale/en/LC_MESSAGES/django.po"))

# %(name)s, %s, %d, %% as Python's %-formatting reads them; {name} as str.format reads them.
PERCENT = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]|%[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc%]")
NAMED_PERCENT = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]")
BRACES = re.compile(r"\{\w*(?:![rsa])?(?::[^{}]*)?\}")
TAGS = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)")


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    obsolete: bool = False


def parse_po(path: Path) -> list[Entry]:
    """The entries of a .po file (header included), enough for these checks: flags, context, plural forms."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int] | None = None
    pending_flags: set[str] = set()

    def start(line: int) -> Entry:
        nonlocal pending_flags
        entry = Entry(line=line, flags=pending_flags)
        pending_flags = set()
        entries.append(entry)
        return entry

    def append(entry: Entry, where: tuple[str, int], text: str) -> None:
        name, index = where
        if name == "msgstr":
            entry.msgstr[index] = entry.msgstr.get(index, "") + text
        else:
            setattr(entry, name, (getattr(entry, name) or "") + text)

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        if not line:
            continue
        if line.startswith("#,"):
            pending_flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            assert current is not None and target is not None, f"{path}:{number}: Fortsetzung ohne Feld"
            append(current, target, ast.literal_eval(line))
            continue
        text = ast.literal_eval(rest.strip())
        if keyword == "msgctxt" or (keyword == "msgid" and (current is None or current.msgstr)):
            # A new entry begins with msgctxt, or with a msgid that does not follow its own msgctxt.
            current = start(number)
        assert current is not None, f"{path}:{number}: unerwartete Zeile {raw!r}"
        current.obsolete = current.obsolete or obsolete
        match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
        if match:
            target = ("msgstr", int(match.group(1)))
        elif keyword in {"msgctxt", "msgid", "msgid_plural", "msgstr"}:
            target = (keyword, 0)
        else:
            raise AssertionError(f"{path}:{number}: unbekanntes Schlüsselwort {keyword!r}")
        append(current, target, text)
    return entries


def placeholders(text: str, *, python_format: bool) -> Counter[str]:
    found = Counter(BRACES.findall(text)) + Counter(NAMED_PERCENT.findall(text))
    if python_format:
        # Positional %s and %% only count where xgettext recognised %-formatting: "90 % der Mittel" is prose.
        found = Counter(BRACES.findall(text)) + Counter(PERCENT.findall(text))
    return found


def nplurals(header: Entry) -> int:
    match = re.search(r"nplurals\s*=\s*(\d+)", header.msgstr.get(0, ""))
    assert match, "Plural-Forms fehlt im Kopf"
    return int(match.group(1))


def catalogue_id(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_every_app_has_its_english_catalogue():
    have = {path.relative_to(ROOT).parts[0] for path in CATALOGUES}
    assert set(APPS) <= have, f"ohne englischen Katalog: {sorted(set(APPS) - have)}"


@pytest.mark.parametrize("path", CATALOGUES, ids=catalogue_id)
def test_catalogue_is_complete_and_keeps_placeholders(path):
    entries = parse_po(path)
    header, messages = entries[0], [e for e in entries[1:] if not e.obsolete]
    assert header.msgid == "", "der Katalog beginnt nicht mit dem Kopf"
    assert "fuzzy" not in header.flags, "der Kopf ist noch als fuzzy markiert"
    assert "Language: en\n" in header.msgstr[0], "der Kopf nennt nicht Language: en"
    assert messages, "der Katalog ist leer"
    forms = nplurals(header)

    problems = []
    for entry in messages:
        where = f"{catalogue_id(path)}:{entry.line} {entry.msgid[:60]!r}"
        if "fuzzy" in entry.flags:
            problems.append(f"{where}: fuzzy")
        python_format = "python-format" in entry.flags
        if entry.msgid_plural is None:
            sources = {0: entry.msgid}
        else:
            if sorted(entry.msgstr) != list(range(forms)):
                problems.append(f"{where}: {len(entry.msgstr)} statt {forms} Pluralformen")
            sources = {index: entry.msgid if index == 0 else entry.msgid_plural for index in range(forms)}
        for index, source in sources.items():
            translated = entry.msgstr.get(index, "")
            if not translated.strip():
                problems.append(f"{where}: nicht übersetzt")
                continue
            if placeholders(source, python_format=python_format) != placeholders(
                translated, python_format=python_format
            ):
                problems.append(f"{where}: Platzhalter weichen ab: {translated!r}")
            if Counter(TAGS.findall(source)) != Counter(TAGS.findall(translated)):
                problems.append(f"{where}: HTML-Auszeichnung weicht ab: {translated!r}")
            if source.endswith("\n") != translated.endswith("\n"):
                problems.append(f"{where}: Zeilenende am Schluss weicht ab")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", CATALOGUES, ids=catalogue_id)
def test_catalogue_is_a_translation_not_a_copy(path):
    # Names, codes and a few words (Status, Name, Ruhr-Konferenz) are the same in both languages; a catalogue
    # whose msgstr mostly repeat the German msgid was filled in by copying.
    messages = [e for e in parse_po(path)[1:] if not e.obsolete]
    copied = [e.msgid for e in messages if e.msgstr.get(0) == e.msgid]
    assert len(copied) <= 0.1 * len(messages), f"{len(copied)} von {len(messages)} unverändert: {copied[:20]}"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
@pytest.mark.parametrize("path", CATALOGUES, ids=catalogue_id)
def test_msgfmt_accepts_catalogue(path):
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    # msgfmt counts what it compiles: "N translated messages." and nothing fuzzy or untranslated after it.
    assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr, result.stderr


@pytest.mark.skipif(
    shutil.which("xgettext") is None or shutil.which("msgmerge") is None, reason="gettext is not installed"
)
@pytest.mark.parametrize("app", APPS)
def test_catalogue_knows_every_string_of_its_app(app, tmp_path, monkeypatch, settings):
    # A string marked for translation after the catalogue was last updated would show in German on the English
    # pages, and the checks above would never see it. So run makemessages, as the catalogue header says, on a
    # copy of the app and see whether it adds anything (msgmerge marks near-misses fuzzy; those count too).
    copy = tmp_path / app
    shutil.copytree(ROOT / app, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    settings.LOCALE_PATHS = []  # otherwise makemessages creates the project's locale/ as a side effect
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["en"], verbosity=0)
    merged = [e for e in parse_po(copy / "locale/en/LC_MESSAGES/django.po")[1:] if not e.obsolete]
    missing = [e.msgid for e in merged if "fuzzy" in e.flags or not all(e.msgstr.values()) or not e.msgstr]
    assert not missing, (
        f"{app}: {len(missing)} Texte ohne englische Übersetzung; `cd {app} && makemessages -l en` ausführen und "
        f"übersetzen: {missing[:20]}"
    )


def test_parser_reads_what_the_checks_need(tmp_path):
    # The checks above are only as good as the parser: it must see fuzzy flags, plural forms, context and
    # continuation lines, and an empty msgstr must come out empty.
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        '#, fuzzy, python-format\nmsgid "%(n)s Projekt"\nmsgstr "%(n)s project"\n\n'
        'msgctxt "Status"\nmsgid "offen"\nmsgstr ""\n"open"\n\n'
        'msgid "ein Projekt"\nmsgid_plural "%(count)s Projekte"\nmsgstr[0] "one project"\nmsgstr[1] ""\n\n'
        '#~ msgid "alt"\n#~ msgstr "old"\n',
        encoding="utf-8",
    )
    header, fuzzy, context, plural, old = parse_po(po)
    assert nplurals(header) == 2
    assert fuzzy.flags == {"fuzzy", "python-format"} and fuzzy.msgstr == {0: "%(n)s project"}
    assert (context.msgctxt, context.msgid, context.msgstr) == ("Status", "offen", {0: "open"})
    assert plural.msgid_plural == "%(count)s Projekte" and plural.msgstr == {0: "one project", 1: ""}
    assert old.obsolete and old.msgstr == {0: "old"}
    assert placeholders("90 % der Mittel", python_format=False) == Counter()
    assert placeholders("%(a)s und %s, {b}", python_format=True) == Counter({"%(a)s": 1, "%s": 1, "{b}": 1})
