"""Importers refuse what they cannot read — the wrong kind of document, a structure that makes no sense, an empty
file, bombs — with a German message naming file and line, and write nothing; a re-import that would rewrite many
public fields waits for the office's confirmation. The checks themselves, on parsed documents:
sources/tests/test_document_checks.py."""

from __future__ import annotations

import json
import random

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fuzz import bombs
from programmes.models import Ministry, Project
from proposals.models import Proposal
from sources.models import ImportRun, SourceDocument

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def nothing_written() -> bool:
    return not (
        SourceDocument.objects.exists()
        or ImportRun.objects.exists()
        or Project.objects.exists()
        or Proposal.objects.exists()
    )


def refused(command: str, path, match: str) -> str:
    with pytest.raises(CommandError, match=match) as info:
        call_command(command, str(path))
    assert nothing_written()
    return str(info.value)


def shuffled(path, tmp_path, seed: int = 1):
    lines = path.read_text().splitlines()
    random.Random(seed).shuffle(lines)
    target = tmp_path / path.name
    target.write_text("\n".join(lines))
    return target


def test_the_proposal_importer_refuses_the_parliamentary_answer(answer_path):
    message = refused("import_proposals", answer_path, "Kleine Anfrage")
    assert message.startswith(f"{answer_path.name}, Zeile ")
    assert "import_parliamentary_answer" in message


def test_the_report_importer_refuses_the_proposal_list(proposals_path):
    refused("import_progress_report", proposals_path, "Liste von Projektideen")


@pytest.mark.parametrize("command", ["import_progress_report", "import_proposals", "import_parliamentary_answer"])
@pytest.mark.parametrize("content", [b"", b"\n \n\t\n", b"\xef\xbb\xbf"])
def test_an_empty_file_is_refused_by_every_importer(command, content, tmp_path):
    path = tmp_path / "leer.txt"
    path.write_bytes(content)
    refused(command, path, "leer.txt: Die Datei ist leer")


def test_a_report_with_shuffled_lines_is_refused_naming_lines(report_path, tmp_path):
    message = refused("import_progress_report", shuffled(report_path, tmp_path), "Aufbau passt nicht")
    assert f"{report_path.name}, Zeile " in message
    assert not Ministry.objects.exists()


def test_a_pdf_of_the_wrong_kind_is_refused(answer_path, tmp_path):
    path = tmp_path / "anfrage.pdf"
    path.write_bytes(bombs.text_pdf(answer_path.read_text().splitlines()[:40]))
    refused("import_proposals", path, "anfrage.pdf, Zeile .*Kleine Anfrage")


@pytest.mark.parametrize(
    ("bomb", "expected"),
    [
        ("inflation", "entpackt|Grenzen für entpackte|dauert länger"),
        ("page_count", "200000 Seiten"),
        ("many_pages", "3000 Seiten"),
        ("huge_stream", "PDF-Datei"),
    ],
)
def test_pdf_bombs_end_in_a_german_message(bomb, expected, tmp_path, settings):
    settings.IMPORT_PDF_SECONDS = 10
    path = tmp_path / f"{bomb}.pdf"
    path.write_bytes(bombs.BOMBS[bomb]())
    message = refused("import_progress_report", path, expected)
    assert message.startswith(f"{bomb}.pdf: ") and "Traceback" not in message


def test_a_pdf_that_inflates_beyond_the_memory_bound_is_stopped(tmp_path, settings):
    settings.IMPORT_PDF_MEMORY_BYTES = 150 * 1024 * 1024
    path = tmp_path / "bombe.pdf"
    path.write_bytes(bombs.inflation_bomb())
    refused("import_progress_report", path, "entpackt sich auf mehr als 150 MB")


def test_text_beyond_the_size_limit_is_refused_before_parsing(report_path, settings):
    settings.IMPORT_MAX_TEXT_BYTES = 50_000
    refused("import_progress_report", report_path, "Textdatei ist 0.1 MB groß; erlaubt sind höchstens 0 MB")


def test_a_reimport_rewriting_many_public_fields_waits_for_confirmation(proposals_path, tmp_path, capsys):
    call_command("import_proposals", str(proposals_path), verbosity=0)
    goals = dict(Proposal.objects.values_list("number", "goal"))
    capsys.readouterr()
    # the same list, with the goal of the first ten ideas rewritten (5 % of 160 fields is the threshold)
    text = proposals_path.read_text()
    changed = tmp_path / "liste-2.txt"
    lines = text.splitlines()
    rewritten, count = [], 0
    for line in lines:
        if line.strip().startswith("Ziel:") and count < 10:
            line, count = "Ziel: Etwas ganz anderes als zuvor.", count + 1
        rewritten.append(line)
    changed.write_text("\n".join(rewritten))

    with pytest.raises(CommandError, match="würde 10 von 160 bestehenden öffentlichen Angaben ändern") as info:
        call_command("import_proposals", str(changed), "--format", "json")
    assert "--confirm" in str(info.value)
    shown = json.loads(capsys.readouterr().out)
    assert shown["status"] == "needs_confirmation" and len(shown["changes"]) == 10
    assert shown["changes"][0]["after"].startswith("Etwas ganz anderes als zuvor.")
    assert dict(Proposal.objects.values_list("number", "goal")) == goals  # nothing written
    assert SourceDocument.objects.count() == 1

    call_command("import_proposals", str(changed), "--confirm", verbosity=0)
    assert Proposal.objects.get(number=1).goal.startswith("Etwas ganz anderes als zuvor.")
