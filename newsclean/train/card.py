"""The model card, docs/model.md: written by ``python -m newsclean.train`` from its results."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

from newsclean.model.features import NAMES
from newsclean.model.trees import TreeModel
from newsclean.train.data import Text
from newsclean.train.fit import PARAMS, ROUNDS, Row, summarise

__all__ = ["write_card"]

# Where the card's hand-written part (the scorer's speed, the HTML block scorer) starts;
# write_card keeps it.
HAND_PART = "<!-- written by hand from here on (speed, block scorer), kept by python -m newsclean.train -->"

_INTRO = """\
# The line scorer (`line-model`)

The word lists name clutter that speaks in fixed phrases ("Sign up for our newsletter"). Much of
what is left after them speaks in none: teaser headlines of other stories, menu and widget
labels, photo credits, comment threads, press-release boilerplate. The line scorer gives each
line that the rules left a probability of being boilerplate, from the line's own text and from
its neighbours, and removes the lines above a threshold. Rules run first and name the category;
the scorer catches the rest. Its removals have detector `line-model`, the category of the word
list whose words pushed the score up most (else `boilerplate`), and a reason with the score and
the three features that raised it most (e.g. `line scorer 0.93 > 0.80 (strongest:
run_length=7, words=3, after_main=12)`).

**Turn it off** (`--disable line-model`, `disable=["line-model"]`) to get the rules' output
alone: when a removed line would cost more than a line of clutter left in (legal texts,
transcripts), or on texts unlike news pages (code, tables, forum threads: see Limits).
`favor="precision"` (`--favor precision`) raises the threshold, `favor="recall"` lowers it: it
names how often the scorers act, not the body's precision and recall as trafilatura's `favor_*` do
(see [Thresholds and `--favor`](#thresholds-and---favor)).

## How it works

* **What it sees.** The non-blank lines of the text in order, as the body shows them (markdown
  unwrapped, what a rule cut at the edge of a line already gone), a flag per line saying what
  the rules took (clutter, title, byline, other metadata, cut), and nothing else: no title
  string, no link markup, no blank lines, no line numbers.
* **Features** (`newsclean/model/features.py`, {n_features} columns). The line's own text:
  words, characters, word length, end punctuation, first character, list marker, shares of
  capitalised words, upper-case letters, digits, punctuation, code characters and CJK
  characters, the share of function words and of reader-address words ("you", "our"; all eight
  languages' lists together, so a cleaned body detected as another language gets the same
  features), the share of words from each group of the clutter word lists, URLs, @handles,
  hashtags, separators (`|`, `»`, `•`), quotes, ©, years, clock times, prices, sentence
  breaks, and how often the same line occurs. Its context: the rules' flag, position (relative,
  from each end, share of the text before it), the densest run of long paragraphs (inside it,
  lines before or after it, lines to the nearest long paragraph on each side, the density of
  long paragraphs around it), the run of short lines it is in (length, place, mean words), the
  lines the rules removed around it, whether its neighbours have its length, the share of its
  content words that other lines use, and seven of these (words, end punctuation, capitalised
  and function-word shares, list marker, flag, long paragraph) for the lines at -2, -1, +1, +2.
* **Model.** Gradient-boosted trees (LightGBM, {trees} trees of depth {depth}), exported to
  `newsclean/data/model/line-model.npz` ({size} bytes) and evaluated with numpy: every line
  walks every tree in {depth} steps, one set of array operations for all lines and trees.
  Loaded once per process, on first use; the runtime needs numpy only.
* **Rounds.** Cleaning a cleaned body must remove nothing more, and the body has no flags and
  fewer lines. So the scorer runs to a fixpoint: the first round sees every line (what the
  rules took is flagged context), each later round only the lines still kept, without flags,
  until a round removes nothing (at most 30 rounds). A second cleaning sees exactly the last
  round's input.

## Data

{data}

Labels: a line is gold when at least half of its word 3-grams are in `gold.txt` (a line of one
or two words: when its words appear in that order), the rule of `bench/text_corpus.py`; the
scorer learns "not gold" as boilerplate, and a line matching one of the page's WCXB
`boilerplate_snippets` counts as boilerplate. Training rows are the lines the rules left, with
their first-round features. Parameters: {params}, {rounds} rounds, fixed seeds.

## Validation

Grouped {folds}-fold cross-validation by site (`meta.json` `domain`, else the URL's host, else
the page): every page of a site is in one fold only, and every number below comes from pages
the model scoring them was not trained on (the scorer runs all its rounds, as in `clean()`).
Thresholds are chosen from these held-out results ({choice}).

* **removed**: share of the non-gold lines of the text that are out of the body (rules,
  metadata fields, scorer); **lost**: share of the gold lines removed as clutter (rules or
  scorer; gold lines moved to a metadata field, such as a standfirst, are not counted);
  **model precision**: share of the scorer's removals that are not gold.
* **body P/R/F1**: bag-of-words precision, recall and F1 of the body against `gold.txt`, per page,
  averaged over pages (as `bench/html_corpus.py`); "text as is" is the input text itself.

{tables}

## Retrain on your own pages

Put each page in a folder with `gold.txt` (the clean body, one paragraph a line) and the text
to clean (`trafilatura.txt` and/or `fullpage.txt`; or only `page.html.gz`, whose text newsclean
extracts itself); `meta.json` may give `domain` or `url` (validation groups), `page_type`,
`language` and `boilerplate_snippets`. Then:

    pip install 'newsclean[train]'
    python -m newsclean.train /path/to/pages

It labels the lines, validates by site, writes `newsclean/data/model/line-model.npz` and this
card (`--out`, `--card` to put them elsewhere; `--cache FILE` keeps the labelled lines for a
second run). To use another model file in a program, load it with
`newsclean.model.trees.TreeModel.load(path)` and call `newsclean.model.scorer.line_findings`.

## Limits

* The corpus is 99% English: the features are language-neutral by design (shares of function
  words of all eight languages, shapes, positions), but nothing here measures them on German or
  Polish news; `bench/languages.py` compares with the scorer off.
* The gold is the benchmark's notion of main content: WCXB golds leave out code blocks and
  some tables on some pages and keep them on others, and some golds are shorter than the
  article. The "lost" column counts such lines as gold lost and "removed" counts the
  non-gold ones as clutter, both ways; many of the non-gold lines of trafilatura.txt are such
  content, which is why no threshold removes most of them at a small loss.
* Non-article pages (product, listing, forum) have short lines everywhere; the scorer removes
  more of what their golds keep than on articles (see the page-type table).
* HTML input: the scorer runs on the text that HTML mode extracts (so that cleaning an HTML
  body again as text removes nothing more), but it is trained and validated on text input only;
  its effect on HTML mode, out of fold, is in the whole-pipeline section below.
* Texts over 128 KB are cleaned in pieces (newsclean/text/pieces.py) without the scorer: it reads
  the whole text, which pieces would not give it the same way twice.
* Rounds: removing lines changes their neighbours' context, so a round can make the next one
  remove more (see "Rounds the scorer ran" above). `clean()` and the validation above run the
  same loop: at most 30 rounds, ending with one on the body's lines alone. A text that still
  changes in the last round is left as it is then, and a second cleaning of its body may
  remove more (`bench/line_model.py --idempotence` counts them: on 2026-12-06 at first, of the
  corpus's 2,633 texts, 16 bodies lost something to a second cleaning, 15 of them to the
  metadata rules, the same with the scorer off; since the metadata scans' fixes of that day,
  none).
* The validation runs the scorer on the rules' first-pass flags; `clean()` also runs the
  metadata scan again on what the scorer left (a headline below a removed menu becomes the
  title), which the tables above do not include.
* Categories: a removal is named after a word list only when the share of that list's words is
  among the three features that raised its score most; the lists are grouped (newsletter,
  paywall, login, donation and app prompts are one group, named `newsletter-plug`; share and
  comment prompts one, named `share-prompt`), so the name is a hint, not a verdict.
* Lines of more than 2,000 characters are read for their shares and shapes up to their first
  2,000 characters (bounded memory), in training as at run time.
"""


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _row(label: str, s: dict) -> str:
    return (f"| {label} | {s['pages']} | {s['other lines']} | {_pct(s['removed, rules'])} | "
            f"{_pct(s['removed, rules + model'])} | {100 * s['lost, rules']:.2f}% | "
            f"{100 * s['lost, rules + model']:.2f}% | {s['model precision']:.3f} | "
            f"{s['body F1, rules']:.3f} | {s['body P']:.3f} | {s['body R']:.3f} | {s['body F1']:.3f} |")


_HEAD = ("| rows | pages | non-gold lines | removed, rules | removed, +scorer | lost, rules | "
         "lost, +scorer | model precision | body F1, rules | body P | body R | body F1 |\n"
         "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")


def _as_is(texts: list[Text]) -> dict[str, dict[str, float]]:
    """Body F1 of each source's text as it is (no cleaning), all pages and articles."""
    from newsclean.train.fit import body_prf

    by: dict[tuple[str, str], list[Text]] = defaultdict(list)
    for t in texts:
        by[(t.source, t.page)].append(t)
    out: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for (source, _), parts in by.items():
        f1 = body_prf("\n".join(s for t in parts for s in t.texts), parts[0].gold)[2]
        out[source]["all"].append(f1)
        if parts[0].page_type == "article":
            out[source]["article"].append(f1)
    return {s: {k: sum(v) / len(v) for k, v in d.items()} for s, d in out.items()}


def _tables(rows: list[Row], texts: list[Text], results: dict[float, dict], default: float) -> str:
    parts: list[str] = []
    as_is = _as_is(texts)
    for source in sorted({r.source for r in rows}):
        mine = [r for r in rows if r.source == source]
        parts.append(f"### {source}.txt, default threshold {default}\n")
        parts.append(f"Text as is: body F1 {as_is[source]['all']:.3f} (articles "
                     f"{as_is[source].get('article', float('nan')):.3f}).\n")
        parts.append(_HEAD)
        parts.append(_row("all pages", summarise(mine)))
        parts.append(_row("articles", summarise([r for r in mine if r.page_type == "article"])))
        for fold in sorted({r.fold for r in mine}):
            parts.append(_row(f"fold {fold}, all", summarise([r for r in mine if r.fold == fold])))
            parts.append(_row(f"fold {fold}, articles",
                              summarise([r for r in mine if r.fold == fold and r.page_type == "article"])))
        for kind in sorted({r.page_type for r in mine} - {"article"}):
            parts.append(_row(f"type: {kind}", summarise([r for r in mine if r.page_type == kind])))
        for lang in sorted({r.language for r in mine}):
            parts.append(_row(f"language: {lang}", summarise([r for r in mine if r.language == lang])))
        parts.append("")
        parts.append(f"Every threshold ({source}.txt; articles | all pages):\n")
        parts.append("| threshold | removed | lost | model precision | body F1 | removed (all) | lost (all) | body F1 (all) |\n"
                     "|---:|---:|---:|---:|---:|---:|---:|---:|")
        for t in sorted(results):
            a, al = results[t][source]["article"], results[t][source]["all"]
            parts.append(f"| {t} | {_pct(a['removed, rules + model'])} | {100 * a['lost, rules + model']:.2f}% | "
                         f"{a['model precision']:.3f} | {a['body F1']:.3f} | {_pct(al['removed, rules + model'])} | "
                         f"{100 * al['lost, rules + model']:.2f}% | {al['body F1']:.3f} |")
        ok = [t for t in results if results[t][source]["article"]["lost, rules + model"] <= 0.005]
        if ok:
            best = max(ok, key=lambda t: results[t][source]["article"]["removed, rules + model"])
            a = results[best][source]["article"]
            parts.append(f"\nWith at most 0.5% of the articles' gold lines lost, the best threshold here "
                         f"({best}) removes {_pct(a['removed, rules + model'])} of their non-gold lines.")
        parts.append("")
    rounds: dict[int, int] = defaultdict(int)
    for r in rows:
        rounds[r.rounds] += 1
    parts.append("Rounds the scorer ran (texts): " + ", ".join(f"{k}: {v}" for k, v in sorted(rounds.items())) + ".")
    return "\n".join(parts)


def write_card(path: Path, model: TreeModel, texts: list[Text], rows_at: dict[float, list[Row]],
               results: dict[float, dict], thresholds: dict[str, float], root: Path) -> None:
    default = thresholds["default"]
    pages = {t.page for t in texts}
    kinds: dict[str, int] = defaultdict(int)
    for page_type in {(t.page, t.page_type) for t in texts}:
        kinds[page_type[1]] += 1
    data = (f"Trained {dt.date.today().isoformat()} on `{root.name}`: {len(pages)} pages "
            f"({', '.join(f'{k} {v}' for k, v in sorted(kinds.items(), key=lambda kv: -kv[1]))}), "
            f"{len(texts)} texts ({', '.join(sorted({t.source for t in texts}))}), "
            f"{sum(len(t.texts) for t in texts)} lines, {len({t.site for t in texts})} sites. "
            "For the newsclean development corpus: its README (revision 2, 1,319 pages: the WCXB "
            "development split of all page types and Mozilla readability's test pages).")
    choice = (f"default {default}: the best mean body F1 over the sources whose removals are at least "
              f"as precise as the rules'; precision {thresholds['precision']}: the lowest threshold above the "
              f"default whose removals are 95% precise; recall {thresholds['recall']}: the best mean body F1 at or below the default")
    size = Path(path.parents[1] / "newsclean" / "data" / "model" / "line-model.npz")
    text = _INTRO.format(
        n_features=len(NAMES), trees=model.trees, depth=model.depth,
        size=size.stat().st_size if size.exists() else "?", data=data,
        params=", ".join(f"{k}={v}" for k, v in PARAMS.items() if k not in ("verbose", "num_threads")),
        rounds=ROUNDS, folds=len({r.fold for r in rows_at[default]}), choice=choice,
        tables=_tables(rows_at[default], texts, results, default))
    path.write_text(with_hand_part(text, path.read_text("utf-8") if path.is_file() else None), encoding="utf-8")


def with_hand_part(card: str, old: str | None) -> str:
    """The generated ``card`` followed by the old card's hand-written part, from
    :data:`HAND_PART` on (its numbers come from ``python -m newsclean.train.html`` and
    bench/html_oof.py, not from this training): retraining the line model keeps it."""
    if old is None or HAND_PART not in old:
        return card
    return card.rstrip("\n") + "\n\n" + old[old.index(HAND_PART):]
