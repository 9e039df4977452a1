"""How well do the suggested matches find the projects that took up the chambers' proposals?

Usage: .venv/bin/python bench/proposal_matching.py [--format json]

Imports the three source documents into a throw-away in-memory SQLite
database (the same importers as `make data`), ranks the projects for each of
the 40 chamber proposals exactly as `manage.py suggest_matches` does (without
any office feedback), and compares with the hand-labelled pairs in
bench/data/proposal_matches.json.

Figures, per split (dev: labelled proposals with odd numbers, which may be
looked at while tuning; test: even numbers, held out; all):
  precision@1  share of labelled proposals whose first suggestion is a labelled project
  recall@3     mean over labelled proposals of (labelled projects in the top three / labelled projects, at most 3)
  hit@3        share of labelled proposals with at least one labelled project in the top three
Then the same with relevance feedback, leave-one-out: every other labelled pair
counts as confirmed by the office, the proposal's own pairs do not.
Misses are listed with the top three and the words that matched.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

import ruhr_data

ROOT = ruhr_data.ROOT
LABELS = ROOT / "bench" / "data" / "proposal_matches.json"


def setup_django() -> None:
    ruhr_data.setup_django()
    ruhr_data.import_sources()


def metrics(ranking: dict[int, list[str]], labels: dict[int, set[str]], numbers: list[int]) -> dict:
    p1 = r3 = h3 = 0.0
    for n in numbers:
        relevant, top = labels[n], ranking.get(n, [])[:3]
        found = len(relevant & set(top))
        p1 += bool(top) and top[0] in relevant
        r3 += found / min(len(relevant), 3)
        h3 += found > 0
    count = len(numbers) or 1
    return {
        "proposals": len(numbers),
        "precision@1": round(p1 / count, 3),
        "recall@3": round(r3 / count, 3),
        "hit@3": round(h3 / count, 3),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--format", choices=["text", "json"], default="text")
    args = parser.parse_args()

    started = time.perf_counter()
    setup_django()
    from programmes.models import Project
    from proposals.matching import Matcher
    from proposals.models import Proposal, ProposalSource
    from proposals.suggestions import project_candidates, proposal_query, rank_matches

    data = json.loads(LABELS.read_text(encoding="utf-8"))
    labels = {int(n): {pair["code"] for pair in pairs} for n, pairs in data["labels"].items()}
    splits = {"dev": data["split"]["dev"], "test": data["split"]["test"], "all": sorted(labels)}

    proposals = list(Proposal.objects.of_source(ProposalSource.CHAMBERS).order_by("number"))
    imported = time.perf_counter()
    ranked = rank_matches(proposals, top=len(Project.objects.all()), feedback=False)
    ranking = {p.number: [m.suggestion.code for m in matches] for p, matches in ranked.items()}
    details = {p.number: [m.suggestion for m in matches[:3]] for p, matches in ranked.items()}
    ranked_at = time.perf_counter()

    # Leave-one-out feedback: the matcher drops a proposal's own confirmed text when ranking it.
    projects = list(Project.objects.published().order_by("code"))
    candidates = project_candidates(projects, feedback=False)
    by_number = {p.number: p for p in proposals}
    for c in candidates:
        for n, codes in labels.items():
            if c.code in codes:
                p = by_number[n]
                c.feedback[str(p.pk)] = " ".join([p.title, p.goal, p.background])
    queries = {p.number: proposal_query(p) for p in proposals}
    matcher = Matcher(candidates, queries=list(queries.values()))
    loo = {n: [s.code for s in matcher.rank(queries[n])] for n in labels}

    unlabelled_top = [details[n][0].score for n in ranking if n not in labels and details[n]]
    labelled_top = [details[n][0].score for n in labels if details[n]]
    result = {
        "method": "TF-IDF cosine over stems, compound parts and synonyms (proposals/matching.py), no feedback",
        "projects": len(projects),
        "labelled_proposals": len(labels),
        "labelled_pairs": sum(len(v) for v in labels.values()),
        "scores": {name: metrics(ranking, labels, numbers) for name, numbers in splits.items()},
        "with_feedback_leave_one_out": {name: metrics(loo, labels, numbers) for name, numbers in splits.items()},
        "mean_top_score": {
            "labelled": round(sum(labelled_top) / max(len(labelled_top), 1), 3),
            "unlabelled": round(sum(unlabelled_top) / max(len(unlabelled_top), 1), 3),
        },
        "misses": [
            {
                "number": n,
                "split": "dev" if n in splits["dev"] else "test",
                "expected": sorted(labels[n]),
                "rank_of_first_expected": min(
                    (ranking[n].index(c) + 1 for c in labels[n] if c in ranking[n]), default=None
                ),
                "top3": [s.to_dict() for s in details[n]],
            }
            for n in sorted(labels)
            if not labels[n] & set(ranking[n][:3])
        ],
        "seconds": {"import": round(imported - started, 1), "ranking": round(ranked_at - imported, 2)},
    }
    if args.format == "json":
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    print(
        f"{result['method']}\n{result['projects']} projects, {result['labelled_proposals']} labelled proposals, "
        f"{result['labelled_pairs']} labelled pairs (bench/data/proposal_matches.json)\n"
    )
    print(f"{'':32}{'n':>4}{'P@1':>8}{'R@3':>8}{'hit@3':>8}")
    for title, block in (
        ("text only", result["scores"]),
        ("+ feedback (leave-one-out)", result["with_feedback_leave_one_out"]),
    ):
        for name, m in block.items():
            print(
                f"{title + ' – ' + name:32}{m['proposals']:>4}{m['precision@1']:>8.3f}{m['recall@3']:>8.3f}{m['hit@3']:>8.3f}"
            )
    print(
        f"\nmean score of the first suggestion: labelled {result['mean_top_score']['labelled']}, "
        f"unlabelled {result['mean_top_score']['unlabelled']}"
    )
    print("\nmisses (no labelled project in the top three):")
    for miss in result["misses"]:
        got = ", ".join(f"{s['code']} {s['score']:.2f} [{' '.join(s['matched_terms'][:4])}]" for s in miss["top3"])
        print(
            f"  {miss['number']:>2} ({miss['split']}) expected {'/'.join(miss['expected'])} "
            f"(rank {miss['rank_of_first_expected']}): {got}"
        )
    print(f"\nimport {result['seconds']['import']} s, ranking {result['seconds']['ranking']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
