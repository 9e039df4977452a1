"""A large progress report set in parts and joined into one tagged PDF. Plain Python, no Django.

Typst keeps what it lays out in its caches until a run ends, about 1 MB per page and twice that when
the table of contents and running heads make it lay the report out a second time: 1,000 projects
peaked at 1.5 GB. Set in parts of bounded size, one process each, a run's peak stays at a part's
(reporting/documents/typst_process.py runs them one after another), and the parts are joined here:

- the front part (cover, table of contents) is set last, with the page numbers the body parts were
  set on; its length is learnt first from a run with placeholder numbers;
- every outlined heading carries its anchor as label, so each part names its destinations; the
  table of contents' `toc:<anchor>` links and the bookmarks are pointed at them;
- the parts' structure trees (PDF/UA-1) are joined under one Document element, their parent-tree
  keys moved past the ones before, so the joined file stays tagged.

A part ending in a page of one to three stray lines (a project's last lines) is set again with its
last project moved to the next part: a part always ends with a page break, and the layout check
(reporting/tests) allows no near-empty page.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field

import pikepdf
from pypdf import PdfReader

TOC_SCHEME = "toc:"
THIN_LINES = 3
# What a printed photo weighs in a part's budget, in characters of content: Typst holds its print
# copy decoded (800 × 533 px, about 1.7 MB), about what 8,000 characters of text cost a run.
PHOTO_COST = 8_000


@dataclass
class Part:
    """A slice of the body: entries as (group index, entry index), and whether it opens or closes the report."""

    entries: list[tuple[int, int]] = field(default_factory=list)
    first: bool = False
    last: bool = False


def plan(content: dict, budget: int, single: int = 0) -> list[Part]:
    """The body cut into parts of at most `budget` characters of content JSON each (at least one project),
    or left in one part when all of it weighs no more than `single`."""
    if single and _weight(content) <= single:
        budget = single
    parts = [Part(first=True)]
    front_matter = sum(
        len(json.dumps(content.get(key), ensure_ascii=False))
        for key in ("editorial", "overview_before_chart", "overview_after_chart", "counts")
    )
    size = front_matter
    for gi, group in enumerate(content["groups"]):
        for ei, entry in enumerate(group["entries"]):
            cost = len(json.dumps(entry, ensure_ascii=False)) + PHOTO_COST * len(entry.get("photos", []))
            if parts[-1].entries and size + cost > budget:
                parts.append(Part())
                size = 0
            parts[-1].entries.append((gi, ei))
            size += cost
    back_matter = sum(len(json.dumps(content.get(key), ensure_ascii=False)) for key in ("outlook", "imprint", "errata"))
    if parts[-1].entries and size + back_matter > budget and len(parts[-1].entries) > 1:
        parts.append(Part(entries=[parts[-1].entries.pop()]))
    parts[-1].last = True
    return parts


def _weight(content: dict) -> int:
    photos = sum(len(e.get("photos", [])) for g in content["groups"] for e in g["entries"])
    return len(json.dumps(content, ensure_ascii=False)) + PHOTO_COST * photos


def part_content(content: dict, part: Part) -> dict:
    """The content JSON a body part's run receives: only its own projects; the rest stays out of its memory."""
    groups: list[dict] = []
    for gi, ei in part.entries:
        group = content["groups"][gi]
        if not groups or groups[-1]["_index"] != gi:
            groups.append({**group, "_index": gi, "banner": ei == 0, "entries": []})
        groups[-1]["entries"].append(group["entries"][ei])
    sliced = dict(content, groups=groups)
    if not part.first:
        sliced.update(editorial=[], editorial_heading="", overview_before_chart=[], overview_after_chart=[])
    if not part.last:
        sliced.update(outlook=[], outlook_heading="", imprint=[], errata=[])
    return sliced


def headings(content: dict, labels: dict) -> list[dict]:
    """The outlined headings in order, as the template sets them: anchor, title, level."""
    out = []
    if content["editorial"] or content["editorial_heading"]:
        out.append({"anchor": "kapitel-editorial", "title": labels["editorial"], "level": 1})
    out.append({"anchor": "kapitel-ueberblick", "title": labels["overview"], "level": 1})
    out.append({"anchor": "kapitel-projekte", "title": labels["projects"], "level": 1})
    for group in content["groups"]:
        out.append({"anchor": group["anchor"], "title": group["name"], "level": 2})
        for entry in group["entries"]:
            out.append({"anchor": entry["anchor"], "title": f"{entry['title']} ({entry['code']})", "level": 3})
    if content["outlook"] or content["outlook_heading"]:
        out.append({"anchor": "kapitel-ausblick", "title": labels["outlook"], "level": 1})
    if content["errata"]:
        out.append({"anchor": "kapitel-korrekturen", "title": labels["errata"], "level": 1})
    if content["imprint"]:
        out.append({"anchor": "kapitel-impressum", "title": labels["imprint"], "level": 1})
    return out


def thin_last_page(pdf: pikepdf.Pdf) -> bool:
    """Whether the last page holds only a few lines besides its running head and foot."""
    last = pikepdf.new()
    last.pages.append(pdf.pages[-1])
    data = io.BytesIO()
    last.save(data)
    page = PdfReader(data).pages[0]
    lines = [line for line in page.extract_text().splitlines() if line.strip()]
    return len(lines[1:-1]) <= THIN_LINES


def move_last_entry(parts: list[Part], index: int) -> bool:
    """Move part `index`'s last project to the start of the next part; False when it has only one."""
    if len(parts[index].entries) < 2 or index + 1 >= len(parts):
        return False
    parts[index + 1].entries.insert(0, parts[index].entries.pop())
    return True


@dataclass
class Destination:
    page: int  # index in the joined document
    left: float
    top: float


def destinations(pdf: pikepdf.Pdf, first_page: int) -> dict[str, Destination]:
    """A part's named destinations (its headings' anchors), their pages counted from `first_page`."""
    if "/Names" not in pdf.Root or "/Dests" not in pdf.Root.Names:
        return {}
    index = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
    out = {}
    for name, dest in pikepdf.NameTree(pdf.Root.Names.Dests).items():
        if isinstance(dest, pikepdf.Dictionary):
            dest = dest.D
        out[str(name)] = Destination(first_page + index[dest[0].objgen], float(dest[2]), float(dest[3]))
    return out


def _numbers(tree) -> list:
    """The flat key/value list of a PDF number tree (with or without /Kids)."""
    out = list(tree.get("/Nums", []))
    for kid in tree.get("/Kids", []):
        out.extend(_numbers(kid))
    return out


def _document_element(tree):
    kids = tree.K
    return kids[0] if isinstance(kids, pikepdf.Array) else kids


def join(
    front: bytes,
    bodies: list[str],
    dests: dict[str, Destination],
    outline: list[dict],
    toc_text: Callable[[str, int], str],
) -> bytes:
    """One tagged PDF of the front part and the body parts, with table-of-contents links and bookmarks.

    `bodies` are the body parts' files (qpdf reads them as it needs them, rather than all held in
    memory); `dests` their named destinations, their pages counted in the joined document;
    `outline` lists the outlined headings (anchor, title, level) in order; `toc_text(title, page)`
    gives a table-of-contents link its accessible description. qpdf (pikepdf) does the copying: pypdf
    needed 30 s and 550 MB for the objects of a thousand tagged pages.
    """
    pdf = pikepdf.open(io.BytesIO(front))
    catalog = pdf.Root
    for key in ("/Outlines", "/PageMode", "/Names"):
        if key in catalog:
            del catalog[key]
    tree = catalog.StructTreeRoot
    document = _document_element(tree)
    numbers = _numbers(tree.ParentTree)
    next_key = int(tree.ParentTreeNextKey)
    role_map = dict(tree.get("/RoleMap", {}).items())
    front_pages = len(pdf.pages)

    for path in bodies:
        part = pikepdf.open(path)
        for page in part.pages:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + next_key
            for annotation in page.obj.get("/Annots", []):
                if "/StructParent" in annotation:
                    annotation.StructParent = int(annotation.StructParent) + next_key
        pdf.pages.extend(part.pages)
        # Copied after the pages, the structure tree's page and annotation references land on the copies.
        part_tree = pdf.copy_foreign(part.Root.StructTreeRoot)
        for kid in _document_element(part_tree).get("/K", []):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                kid.P = document
            document.K.append(kid)
        part_numbers = _numbers(part_tree.ParentTree)
        for i in range(0, len(part_numbers), 2):
            numbers.extend([int(part_numbers[i]) + next_key, part_numbers[i + 1]])
        next_key += int(part_tree.ParentTreeNextKey)
        for role, standard in part_tree.get("/RoleMap", {}).items():
            role_map.setdefault(role, standard)

    tree.ParentTree = pikepdf.Dictionary(Nums=pikepdf.Array(numbers))
    tree.ParentTreeNextKey = next_key
    if role_map:
        tree.RoleMap = pikepdf.Dictionary(role_map)

    pages = [page.obj for page in pdf.pages]

    def target(dest: Destination) -> pikepdf.Array:
        return pikepdf.Array([pages[dest.page], pikepdf.Name.XYZ, dest.left, dest.top, 0])

    titles = {h["anchor"]: h["title"] for h in outline}
    for page in pdf.pages[:front_pages]:
        for annotation in page.obj.get("/Annots", []):
            uri = str(annotation.get("/A", {}).get("/URI", ""))
            if not uri.startswith(TOC_SCHEME):
                continue
            anchor = uri[len(TOC_SCHEME) :]
            dest = dests[anchor]
            del annotation.A
            annotation.Dest = target(dest)
            annotation.Contents = pikepdf.String(toc_text(titles.get(anchor, anchor), dest.page + 1))

    # Named destinations, as a single run writes them: `bericht.pdf#projekt-05-02a` opens the project.
    names = pikepdf.Array()
    for anchor in sorted(dests):
        names.extend([pikepdf.String(anchor), target(dests[anchor])])
    catalog.Names = pikepdf.Dictionary(Dests=pikepdf.Dictionary(Names=names))

    with pdf.open_outline() as bookmarks:
        parents: dict[int, pikepdf.OutlineItem] = {}
        for heading in outline:
            dest = dests.get(heading["anchor"])
            if dest is None:
                continue
            level = heading["level"]
            item = pikepdf.OutlineItem(heading["title"], target(dest))
            parent = next((parents[lv] for lv in range(level - 1, 0, -1) if lv in parents), None)
            (parent.children if parent else bookmarks.root).append(item)
            parents = {lv: it for lv, it in parents.items() if lv < level}
            parents[level] = item

    out = io.BytesIO()
    pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()
