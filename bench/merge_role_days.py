r"""Give the gazetteer's roles the days of taking and leaving office that two blind passes agree on.

Usage: .venv/bin/python bench/merge_role_days.py [--write]

bench/results/role_days/ holds the roles as they were sent out (roles_part*.jsonl: id, name, country,
title, from and to years) and two independent passes over each part (out_A_part*.jsonl and
out_B_part*.jsonl: id, from_date, to_date, note), made from general knowledge, each blind to the
other, told to give a day only when sure of it (README.md there). A day is taken only when both
passes give the same day and its year is the role's year in the gazetteer, so one pass's slip
or a role whose years are themselves in doubt keeps its year alone.

Prints how many days each rule kept or left out and lists the year disagreements; with --write,
rewrites articles/data/gazetteer/leaders.json and leaders_historical.json with "from"/"to" as
"YYYY-MM-DD" where a day was kept (the files' own layout, one-space indent, UTF-8).
"""

import argparse
import json
import sys
from collections import Counter
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results" / "role_days"
GAZETTEER = REPO / "articles" / "data" / "gazetteer"
FILES = ("leaders", "leaders_historical")


def read_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def read_passes() -> tuple[list[dict], dict[str, dict], dict[str, dict]]:
    """Return the roles sent out, in order, and each pass's answers by role id."""
    roles, first, second = [], {}, {}
    for part in sorted(RESULTS.glob("roles_part*.jsonl")):
        roles += read_lines(part)
        suffix = part.name.removeprefix("roles_")
        first.update({answer["id"]: answer for answer in read_lines(RESULTS / f"out_A_{suffix}")})
        second.update({answer["id"]: answer for answer in read_lines(RESULTS / f"out_B_{suffix}")})
    return roles, first, second


def agreed_day(role: dict, bound: str, first: dict, second: dict, counts: Counter, disagreements: list[str]) -> str | None:
    """Return the day both passes give for the role's "from" or "to", when its year is the role's; else None."""
    key = "from_date" if bound == "from" else "to_date"
    one, other = first.get(key), second.get(key)
    if not one or not other:
        counts[f"{bound}: a pass gave no day"] += 1
        return None
    if one != other:
        counts[f"{bound}: the passes gave different days"] += 1
        return None
    day = date.fromisoformat(one)
    if role[bound] is None or day.year != int(role[bound]):
        counts[f"{bound}: both passes agree on a day outside the role's year"] += 1
        disagreements.append(f"{role['name']} ({role['title']}, {role['from']}–{role['to'] or ''}): {bound} {one}")
        return None
    counts[f"{bound}: day kept"] += 1
    return one


def role_key(leader_name: str, record: dict) -> tuple:
    """Return what names a role across runs: the leader, the title and the years ("2015-09-15" counts as 2015)."""
    return (leader_name, record["title"], *(str(record[bound])[:4] if record.get(bound) else None for bound in ("from", "to")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help="rewrite the gazetteer's leader files")
    arguments = parser.parse_args()
    roles, first, second = read_passes()
    counts: Counter = Counter()
    disagreements: list[str] = []
    # By leader, title and years, not by position: roles added to the files later shift positions.
    days: dict[tuple, dict[str, str]] = {}
    for role in roles:
        kept = {}
        for bound in ("from", "to"):
            day = agreed_day(role, bound, first[role["id"]], second[role["id"]], counts, disagreements)
            if day:
                kept[bound] = day
        if kept:
            days[role_key(role["name"], role)] = kept
    print(f"{len(roles)} roles; {len(days)} get at least one day", file=sys.stderr)
    for rule, count in sorted(counts.items()):
        print(f"  {rule}: {count}", file=sys.stderr)
    print("Both passes put these days outside the gazetteer's years (years left as they are):", file=sys.stderr)
    for line in disagreements:
        print(f"  {line}", file=sys.stderr)
    if not arguments.write:
        return
    for name in FILES:
        path = GAZETTEER / f"{name}.json"
        leaders = json.loads(path.read_text(encoding="utf-8"))
        for leader in leaders:
            for record in leader["roles"]:
                record.update(days.get(role_key(leader["name"], record), {}))
        path.write_text(json.dumps(leaders, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
