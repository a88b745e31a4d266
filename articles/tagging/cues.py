"""Headline cues: wire and news headlines that decide a topic by their shape, not by a phrase.

"HANSON TRUST SELLS UNIT" (a deal verb with the thing sold), "DUTCH BANK TO LAY OFF 2,850 STAFF"
(a bank as the subject), "WALGREEN <WAG> FEBRUARY SALES RISE" (a company's sales moving). The
topic rule (topics.py) counts each cue as a headline hit.
"""

import re

from articles.tagging import rules

DEAL_TOPIC, BANKING_TOPIC, EARNINGS_TOPIC = "Mergers and acquisitions", "Banking", "Corporate earnings"
# An institution named as the source ("CHILEAN GDP UP 5.7 PCT, CENTRAL BANK SAYS", "US economy
# still growing says Fed", "the Libyan central bank has said") is no headline evidence and gets
# no lead weight.
SOURCE_AFTER = re.compile(r"[ \t]+(?:(?:" + "|".join(rules.SOURCE_AUXILIARIES) + r")[ \t]+)?(?:" + "|".join(rules.SAYING_VERBS) + r")\b", re.IGNORECASE)
# rules.HEADLINE_CUES compiled: a verb, up to three words (also "GULF/WESTERN <GW>"), an object
# ("SELLS STAKE", "TO BUY HEUBLEIN UNIT", "BUYS GULF/WESTERN <GW> UNIT").
HEADLINE_CUE_PATTERNS = {
    topic: re.compile(
        "|".join(
            r"\b(?:" + "|".join(verbs) + r")(?:[ \t]+[\w&'.<>/-]+){0,3}?[ \t]+(?:" + "|".join(objects) + r")\b"
            for verbs, objects in cues
        ),
        re.IGNORECASE,
    )
    for topic, cues in rules.HEADLINE_CUES.items()
}
# rules.CUE_FINANCING_WORDS compiled: a headline cue naming a company's own financing.
FINANCING_WORD = re.compile(r"\b(?:" + "|".join(rules.CUE_FINANCING_WORDS) + r")\b", re.IGNORECASE)
FINANCING_NEXT_WORD = re.compile(r"[ \t]+(?:" + "|".join(rules.CUE_FINANCING_WORDS) + r")\b", re.IGNORECASE)
# A bank in a headline, and what may follow it (see find_headline_banks).
HEADLINE_BANK = re.compile(r"\bbanks?\b(?![ \t]+(?:" + "|".join(rules.BANK_HEADLINE_NOT_BEFORE) + r")\b)", re.IGNORECASE)
COMMERCIAL_BANK_OF = re.compile(r"[ \t]+of[ \t]+(?:" + "|".join(rules.COMMERCIAL_BANK_OF_COUNTRIES) + r")\b", re.IGNORECASE)
OF_AFTER = re.compile(r"[ \t]+of\b", re.IGNORECASE)
END_OF_HEADLINE = re.compile(r"[ \t]*$")
SOURCE_SEPARATOR = re.compile(r"(?:,|[ \t]-)[ \t]*(?:[\w'-]+[ \t]+)?$")  # ", BANK", " - CENTRAL BANK"

# A company's sales moving (see find_company_sales): the sales and the move, then what must come
# before them in the headline.
COMPANY_SALES = re.compile(
    r"(?<!-)\bsales(?:[ \t]+[\w&'.<>/-]+){0,3}?[ \t]+(?:" + "|".join(rules.COMPANY_SALES_MOVES) + r")\b", re.IGNORECASE
)
COMPANY_BEFORE = re.compile(r"<[^>]+>|\b(?:" + "|".join(re.escape(word) for word in rules.COMPANY_SALES_NAME_WORDS) + r")\b", re.IGNORECASE)
MARKET_SALES_BEFORE = re.compile(r"\b(?:" + "|".join(rules.MARKET_SALES_WORDS) + r")[ \t]+$", re.IGNORECASE)


def find_headline_cues(text: str, headline_end: int) -> list[tuple[str, int, int]]:
    """Return (topic, start, end) of each cue of rules.HEADLINE_CUES in text[:headline_end].

    Wire headlines say "HANSON TRUST SELLS UNIT" or "CORBY TO BUY HEUBLEIN UNIT": a deal verb,
    weak alone, with the thing sold a few words on, decides the topic like a phrase would. A cue
    with a financing word in it ("HITECH ENGINEERING COMPLETES STOCK SALE") is a company raising
    money, not a deal (rules.CUE_FINANCING_WORDS), and so is one whose next word is such a word
    ("GOLDMAN SACHS SELLS SIGNET <SBK> UNIT NOTES": the unit's debt, not the unit). A bank as
    the headline's subject is a Banking cue (find_headline_banks), a company's sales moving a
    results cue (find_company_sales).
    """
    return find_headline_banks(text, headline_end) + find_company_sales(text, headline_end) + [
        (topic, match.start(), match.end())
        for topic, pattern in HEADLINE_CUE_PATTERNS.items()
        for match in pattern.finditer(text, 0, headline_end)
        if topic != DEAL_TOPIC
        or (not FINANCING_WORD.search(match.group()) and not FINANCING_NEXT_WORD.match(text, match.end(), headline_end))
    ]


def find_headline_banks(text: str, headline_end: int) -> list[tuple[str, int, int]]:
    """Return (Banking, start, end) of each bank that is the subject of text[:headline_end]:
    "DUTCH BANK TO LAY OFF 2,850 STAFF", "BANK OF CHINA TAKES STAKE" (see rules.BANK_HEADLINE_NOT_AFTER)."""
    found = []
    for match in HEADLINE_BANK.finditer(text, 0, headline_end):
        before = text[:match.start()].split()
        is_of_commercial = COMMERCIAL_BANK_OF.match(text, match.end()) is not None
        if not is_of_commercial and (not before or OF_AFTER.match(text, match.end())):
            continue  # "Bank holds interest rate at 4.75%", "BANK OF JAPAN": the state's bank
        if before and before[-1].lower().strip("'\"") in rules.BANK_HEADLINE_NOT_AFTER:
            continue
        if SOURCE_AFTER.match(text, match.end()) or (
            END_OF_HEADLINE.match(text, match.end(), headline_end) and SOURCE_SEPARATOR.search(text, 0, match.start())
        ):
            continue  # "GERMAN BANK SEES ...", "AUSTRALIAN ECONOMY NEEDS MORE INVESTMENT, BANK"
        found.append((BANKING_TOPIC, match.start(), match.end()))
    return found


def find_company_sales(text: str, headline_end: int) -> list[tuple[str, int, int]]:
    """Return (Corporate earnings, start, end) of a company's sales moving in text[:headline_end]:
    "WALGREEN <WAG> FEBRUARY SALES RISE", not "U.S. HOME SALES FELL" (see rules.COMPANY_SALES_MOVES)."""
    match = COMPANY_SALES.search(text, 0, headline_end)
    if match is None or MARKET_SALES_BEFORE.search(text, 0, match.start()) or not COMPANY_BEFORE.search(text, 0, match.start()):
        return []
    return [(EARNINGS_TOPIC, match.start(), match.end())]
