"""Text mode on the corpus: clean the trafilatura.txt files and compare with gold.txt.

The word-list rules only: the line scorer is off, because the shipped model was trained on
these pages (bench/line_model.py measures it by grouped cross-validation).

A line of trafilatura's output counts as gold when at least half of its word 3-grams are in
the page's gold body (the rule the corpus uses for its residual list); a line of fewer than
three words counts as gold when its words appear in that order in the gold body. Prints one table:
clutter caught (non-gold lines removed), content lost (gold lines removed; target ≤ 0.5% of
gold lines), and residual clutter (non-gold lines left in the body).
Run: python bench/text_corpus.py [-v]   (-v lists every gold line removed and residual line)
"""

from __future__ import annotations

import sys
import time

from _corpus import pages, require_corpus, trigrams, words

import newsclean
from newsclean.text.lines import split_lines


def main() -> None:
    verbose = "-v" in sys.argv
    corpus = require_corpus()
    entries = [e for e in pages(corpus) if e["has_trafilatura"]]
    totals = dict.fromkeys(("lines", "gold_lines", "nongold_lines", "caught", "moved_meta",
                            "lost", "lost_meta", "residual"), 0)
    lost_list, residual_list = [], []
    seconds = 0.0
    for entry in entries:
        text = (entry["dir"] / "trafilatura.txt").read_text(encoding="utf-8")
        gold = (entry["dir"] / "gold.txt").read_text(encoding="utf-8")
        gold_grams = trigrams(gold)
        gold_words = " " + " ".join(words(gold)) + " "
        totals["gold_lines"] += sum(1 for line in gold.splitlines() if line.strip())
        start = time.perf_counter()
        # The shipped line scorer was trained on these pages: its numbers come from
        # bench/line_model.py (held-out folds only), so it is off here.
        article = newsclean.clean(text, kind="text", disable=["line-model"])
        seconds += time.perf_counter() - start
        removed = {}
        for r in article.removed:
            removed.setdefault(r.line, []).append(r)
        for line in split_lines(text).lines:
            if not line.text:
                continue
            totals["lines"] += 1
            line_words = words(line.text)
            if len(line_words) < 3:
                in_gold = bool(line_words) and f" {' '.join(line_words)} " in gold_words
            else:
                grams = trigrams(line.text)
                in_gold = len(grams & gold_grams) / len(grams) >= 0.5
            gone = [r for r in removed.get(line.number, []) if r.start is None]
            meta = bool(gone) and all(r.is_metadata for r in gone)
            if in_gold:
                if gone:
                    totals["lost_meta" if meta else "lost"] += 1
                    lost_list.append((entry["id"], gone[0].category, line.text))
            else:
                totals["nongold_lines"] += 1
                if gone:
                    totals["moved_meta" if meta else "caught"] += 1
                else:
                    totals["residual"] += 1
                    residual_list.append((entry["id"], line.text))
    g = totals["gold_lines"]
    print(f"text mode, {len(entries)} trafilatura.txt files, {totals['lines']} non-blank lines, "
          f"{g} gold lines, {totals['nongold_lines']} non-gold lines")
    print("| measure | lines | share |\n|---|---:|---:|")
    print(f"| non-gold lines removed as clutter (caught) | {totals['caught']} | "
          f"{totals['caught'] / max(totals['nongold_lines'], 1):.1%} of non-gold |")
    print(f"| non-gold lines moved to metadata (title, byline…) | {totals['moved_meta']} | "
          f"{totals['moved_meta'] / max(totals['nongold_lines'], 1):.1%} of non-gold |")
    print(f"| gold lines removed as clutter (lost) | {totals['lost']} | {totals['lost'] / g:.2%} of gold |")
    print(f"| gold lines moved to metadata | {totals['lost_meta']} | {totals['lost_meta'] / g:.2%} of gold |")
    print(f"| residual non-gold lines left in body | {totals['residual']} | "
          f"{totals['residual'] / max(totals['nongold_lines'], 1):.1%} of non-gold |")
    print(f"\ncleaning time {seconds:.2f} s ({len(entries) / seconds:.0f} documents/s)")
    if verbose:
        print("\ngold lines removed:")
        for page, category, text in lost_list:
            print(f"  {page}: [{category}] {text[:110]}")
        print("\nresidual non-gold lines:")
        for page, text in residual_list:
            print(f"  {page}: {text[:110]}")


if __name__ == "__main__":
    main()
