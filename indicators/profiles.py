"""A place's local IGM profile: findings grouped by domain, answers counted, places side by side.

No function here produces a total score or an order of places: the IGM is not a ranking, so a
comparison is a table of what was found in each domain, place by place.
"""

import pandas as pd

from indicators.framework import Framework
from indicators.results import ANSWERS, FINDING_TYPES

MAX_COMPARED = 4


def findings_by_domain(findings: pd.DataFrame, framework: Framework) -> dict[str, dict[str, list[dict]]]:
    """{domain: {finding type: [rows]}} in framework order, every domain and type present."""
    grouped: dict[str, dict[str, list[dict]]] = {
        d: {kind: [] for kind in FINDING_TYPES} for d in framework.domains.index
    }
    for row in findings.sort_values("position").to_dict("records"):
        grouped[row["domain"]][row["finding_type"]].append(row)
    return grouped


def answer_counts(answers: pd.DataFrame, framework: Framework, language: str) -> pd.DataFrame:
    """Indicators per (domain, sub-area) and answer, in framework order: the profile's chart."""
    if answers.empty:
        return pd.DataFrame(columns=["group", "answer", "count"])
    labels = {
        (row["domain"], row["key"]): row[f"name_{language}"] for row in framework.subareas.to_dict("records")
    }
    frame = answers.assign(
        order=answers["domain"].map(framework.domains["number"]),
        group=[
            framework.domain_name(d, language) + (f" · {labels.get((d, s), s)}" if s else "")
            for d, s in zip(answers["domain"], answers["subarea"].fillna(""), strict=True)
        ],
    )
    counts = frame.groupby(["order", "group", "answer"]).size().rename("count").reset_index()
    counts["answer"] = pd.Categorical(counts["answer"], ANSWERS, ordered=True)
    return counts.sort_values(["order", "group", "answer"])[["group", "answer", "count"]].reset_index(
        drop=True
    )


def compare(
    place_ids: list[str], findings: pd.DataFrame, answers: pd.DataFrame, framework: Framework
) -> pd.DataFrame:
    """Per domain (rows) and place (columns): counts of findings by type and of indicators met.

    Each cell is a dict {developed, potential, met, total}; None where the place has no results.
    """
    table = pd.DataFrame(index=framework.domains.index, columns=place_ids, dtype=object)
    for place_id in place_ids:
        place_findings = findings[findings["place_id"] == place_id]
        place_answers = answers[answers["place_id"] == place_id]
        has_results = not (place_findings.empty and place_answers.empty)
        for domain in framework.domains.index:
            if not has_results:
                table.at[domain, place_id] = None
                continue
            f = place_findings[place_findings["domain"] == domain]
            a = place_answers[place_answers["domain"] == domain]
            table.at[domain, place_id] = {
                "developed": int((f["finding_type"] == "well_developed").sum()),
                "potential": int((f["finding_type"] == "potential").sum()),
                "met": int((a["answer"] == "met").sum()),
                "total": len(a),
            }
    return table
