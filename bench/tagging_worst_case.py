"""Tagging time on pages built to be slow: one topic word repeated, in one sentence, with and without spaces.

Usage: .venv/bin/python bench/tagging_worst_case.py [--words 6000,30000]

An imported page is tagged whatever it holds, so the time per hit must not grow with the page: a
rule that reads from the start of the text at every hit makes a page of N topic words cost N^2.
Each page is "economy, economy, ..." (every word a topic hit, no sentence end), "economy,economy,..."
(one run without spaces, read by the code-and-address rule), "economy. economy. ..." (short
sentences) and "Asynchronous Task Framework (ATF)" repeated (an acronym spelled out, checked
against the vocabulary), and two leaders' names spelt another way ("Andreas Papanderou", "Moammar
Qaddafi": a surname or a first name one letter apart), "The United States and Georgia met. ..." (each
"Georgia" read in its sentence, for a US state) and "Casino owner Donald Trump said so. ..." (a person
out of role, each given a sentence) and "Blairite and Thatcherite MPs met. ..." (words made of a surname); it prints the seconds tag_sections takes on each (one run; the gazetteer is built once
first and not timed). Numbers and the machine's load are in docs/tagging.md.
"""

import argparse
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from articles.tagging import build_tagger, load_gazetteer, tag_sections  # noqa: E402

# label -> (the repeated unit, what joins the units)
PAGES = {
    "comma and space": ("economy", ", "),
    "comma, no space": ("economy", ","),
    "full stop": ("economy", ". "),
    "spelled acronym": ("Asynchronous Task Framework (ATF)", " "),
    "respelt surname": ("Andreas Papanderou", " and "),
    "respelt first name": ("Moammar Qaddafi", " and "),
    "state or US state": ("The United States and Georgia met", ". "),
    "out of role": ("Casino owner Donald Trump said so", ". "),
    "word made of a surname": ("Blairite and Thatcherite MPs met", ". "),
}
# Every page is dated, so that people out of role are read: Donald Trump held no role in 1987.
PUBLISHED = date(1987, 3, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", default="6000,30000", help="comma-separated page sizes, in repeated units")
    arguments = parser.parse_args()
    gazetteer = load_gazetteer()
    build_tagger(gazetteer)  # compile the patterns once, outside the timings
    for words in (int(size) for size in arguments.words.split(",")):
        for label, (unit, separator) in PAGES.items():
            text = separator.join([unit] * words)
            started = time.perf_counter()
            tag_sections([text], gazetteer=gazetteer, title="A page", published=PUBLISHED)
            print(f"{words:>7} units, {label:<18} {len(text):>8} chars  {time.perf_counter() - started:7.2f} s")


if __name__ == "__main__":
    main()
