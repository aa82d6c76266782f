"""HTML mode, whole pipeline, out of fold: newsclean's configurations against trafilatura.

Every corpus page (or every K-th with ``--every K``) goes through the whole
``newsclean.clean(html, url=...)`` with fold models of *both* learned scorers (the text line
scorer and the HTML block scorer), trained only on the sites of the other four folds
(``bench/_oof_models.py``: one grouped 5-fold split by site, each scorer trained with its own
training code, thresholds chosen on the other folds). Systems, interleaved page by page in a
rotating order, each call timed in CPU time after trafilatura's caches are emptied and a
``gc.collect()`` (as bench/html_corpus.py):

* trafilatura default; trafilatura ``favor_precision``;
* newsclean rules only (``disable=["line-model"]``: both scorers off);
* newsclean default (text scorer at its default threshold + block scorer at its default ones);
* newsclean ``favor="precision"`` (text scorer at its precision threshold; no block scorer);
* newsclean ``favor="recall"`` (text scorer at its recall threshold + block scorer).

Untimed, per page: the text scorer at every threshold of a grid on HTML mode's extracted text,
with the block scorer off, at its default and at its recall thresholds (the page is extracted once each way, then the text stage and
the metadata merge run as ``clean`` runs them), from which a threshold is chosen per fold on the
other folds by issue 15's rule; and a second cleaning of each configuration's body as text (same
options, and default options), counting what it removes.

Scores: bag-of-words P/R/F1 of the body against gold.txt, per page, macro over pages
(bench/html_corpus.py). Per-page results go to a JSON-lines file in the work folder, so an
interrupted run resumes; ``--report`` prints the tables from that file alone.

Usage: ``python bench/html_oof.py [--every K] [--work DIR] [--limit N] [--report]``
Needs the corpus and the ``[train]`` extra; without either it says so and measures nothing.
"""

from __future__ import annotations

import argparse
import copy
import gc
import json
import os
import platform
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from _corpus import require_corpus  # noqa: E402
from html_corpus import _cold_caches  # noqa: E402

TRAF, TRAF_P = "trafilatura (default)", "trafilatura (favor_precision)"
RULES, DEFAULT, PRECISION, RECALL = ("newsclean rules only", "newsclean default", "newsclean favor=precision",
                                     "newsclean favor=recall")
SYSTEMS = (TRAF, TRAF_P, RULES, DEFAULT, PRECISION, RECALL)
NEWSCLEAN = (RULES, DEFAULT, PRECISION, RECALL)
SWEEP = (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.98)  # text thresholds tried on HTML mode's text
OFF = "off"
LABELS = ("blocks off", "blocks default", "blocks on")  # the sweep's block scorer: off, default, recall


def default_work() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    return Path(base) / "newsclean-bench" / "html-oof"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--every", type=int, default=1, help="the pipeline on every K-th page of the manifest only")
    ap.add_argument("--limit", type=int, default=0, help="stop after N pages (smoke test)")
    ap.add_argument("--work", type=Path, default=default_work(),
                    help="cache folder for rows, fold models and per-page results (outside the repository)")
    ap.add_argument("--report", action="store_true", help="only print the tables of the results file")
    args = ap.parse_args()
    root = require_corpus()
    try:
        import lightgbm  # noqa: F401
        import sklearn  # noqa: F401
    except ImportError:
        print("LightGBM / scikit-learn are not installed (pip install -e '.[train]'): the fold models "
              "cannot be trained; nothing measured.")
        return 0
    args.work.mkdir(parents=True, exist_ok=True)
    results = args.work / f"pages-every{args.every}.jsonl"
    if not args.report:
        run(root, args, results)
    report(root, results, args)
    return 0


# --- the run ---------------------------------------------------------------------------------

def run(root: Path, args, results: Path) -> None:
    import trafilatura

    import newsclean
    from _oof_models import Say, fold_models
    from newsclean.html.blockscore import using as using_blocks
    from newsclean.model.trees import using as using_text
    from newsclean.train.collect import page_folders, read_page
    from newsclean.train.metrics import prf

    say = Say()
    models = fold_models(root, args.work, say)
    done = set()
    if results.is_file():
        done = {json.loads(line)["id"] for line in results.read_text().splitlines() if line.strip()}
    folders = page_folders(root)
    chosen = [f for n, f in enumerate(folders) if n % args.every == 0][: args.limit or None]
    todo = [f for f in chosen if f.relative_to(root).as_posix() not in done]
    say(f"{len(chosen)} pages chosen, {len(todo)} to run")

    def cleaner(favor: str | None, off: bool = False):
        def call(html: str, url: str | None, f: int):
            with using_text(models.text[f]), using_blocks(models.blocks[f]):
                return newsclean.clean(html, kind="html", url=url, favor=favor,
                                       disable=["line-model"] if off else [])
        return call

    runs = {
        TRAF: lambda html, url, f: trafilatura.extract(html, url=url) or "",
        TRAF_P: lambda html, url, f: trafilatura.extract(html, url=url, favor_precision=True) or "",
        RULES: cleaner(None, off=True),
        DEFAULT: cleaner(None),
        PRECISION: cleaner("precision"),
        RECALL: cleaner("recall"),
    }
    if todo:  # warm-up outside the clock: imports, word lists, model files
        html, _gold, meta = read_page(todo[0])
        for call in runs.values():
            call(html, meta.get("url"), 0)
    start = time.perf_counter()
    with results.open("a") as out:
        for n, folder in enumerate(todo, 1):
            page_id = folder.relative_to(root).as_posix()
            html, gold, meta = read_page(folder)
            url = meta.get("url")
            f = models.folds[page_id]
            record: dict = {"id": page_id, "fold": f, "type": meta.get("page_type", "article"),
                            "language": meta.get("language", ""), "site": meta.get("domain") or "",
                            "cpu": {}, "prf": {}, "counts": {}}
            order = list(SYSTEMS)
            k = n % len(order)
            for name in order[k:] + order[:k]:
                _cold_caches()
                gc.collect()
                t0 = time.process_time()
                got = runs[name](html, url, f)
                record["cpu"][name] = time.process_time() - t0
                body = got if isinstance(got, str) else got.body
                record["prf"][name] = prf(body, gold)
                if not isinstance(got, str):
                    record["counts"][name] = _counts(got, f, models, name)
            record["sweep"] = _sweep(html, url, gold, f, models, record)
            out.write(json.dumps(record) + "\n")
            out.flush()
            if n % 25 == 0:
                say(f"  {n}/{len(todo)} pages, {time.perf_counter() - start:.0f} s")


def _counts(article, f: int, models, name: str) -> dict:
    """What the scorers did, and what a second cleaning of the body as text removes."""
    import newsclean
    from newsclean.model.trees import using as using_text

    favor = {PRECISION: "precision", RECALL: "recall"}.get(name)
    off = ["line-model"] if name == RULES else []
    out = {"text": sum(r.code == "line-model.line" for r in article.removed),
           "block": sum(r.code == "line-model.block" for r in article.removed),
           "recovered": len(article.extra.get("recovered", ()))}
    with using_text(models.text[f]):
        again = newsclean.clean(article.body, kind="markdown", favor=favor, disable=off)
        out["again_same"] = len(again.removed)
        out["again_same_model"] = sum(r.detector == "line-model" for r in again.removed)
        if favor or off:
            again = newsclean.clean(article.body, kind="markdown")
        out["again_default"] = len(again.removed)
        out["again_default_model"] = sum(r.detector == "line-model" for r in again.removed)
    return out


def _sweep(html: str, url: str | None, gold: str, f: int, models, record: dict) -> dict:
    """The text scorer at every threshold of :data:`SWEEP` (and off) on HTML mode's text, with the
    block scorer off and on; checks that the shipped configurations come out as ``clean`` made them."""
    from newsclean.html import extract_page
    from newsclean.html.blockscore import using as using_blocks
    from newsclean.model.trees import using as using_text
    from newsclean.options import Options
    from newsclean.train.metrics import prf

    text_model = models.text[f]
    out: dict = {}
    plain = extract_page(html, url=url, disable=frozenset({"line-model"}))
    with using_blocks(models.blocks[f]):
        balanced = extract_page(html, url=url, favor="balanced")
        blocks = extract_page(html, url=url, favor="recall")
    for label, page, favor in (("blocks off", plain, "balanced"), ("blocks default", balanced, "balanced"),
                               ("blocks on", blocks, "recall")):
        row = {}
        for threshold in SWEEP + (OFF,):
            options = Options(kind="html", favor=favor, disable=("line-model",) if threshold == OFF else ())
            model = copy.copy(text_model)
            if threshold != OFF:
                model.thresholds = dict.fromkeys(("default", "precision", "recall"), float(threshold))
            with using_text(model):
                article = _finish(copy.deepcopy(page), url, options)
            row[str(threshold)] = prf(article.body, gold)
        out[label] = row
    # The sweep must reproduce the pipeline (same text, same stages): flag any page where not.
    t = text_model.thresholds
    out["check"] = {
        RULES: _same(out["blocks off"][OFF], record["prf"][RULES]),
        DEFAULT: _same(_at(text_model, out["blocks default"], balanced, url, gold, "default"), record["prf"][DEFAULT]),
        RECALL: _same(_at(text_model, out["blocks on"], blocks, url, gold, "recall"), record["prf"][RECALL]),
    }
    out["thresholds"] = {"default": t["default"], "precision": t["precision"], "recall": t["recall"]}
    return out


def _at(model, row: dict, page, url, gold, favor: str):
    """The sweep's score at the model's own threshold for ``favor`` (computed if not on the grid)."""
    from newsclean.model.trees import using as using_text
    from newsclean.options import Options
    from newsclean.train.metrics import prf

    key = str(model.thresholds[favor])
    if key in row:
        return row[key]
    with using_text(model):
        return prf(_finish(copy.deepcopy(page), url, Options(kind="html", favor=favor if favor != "default"
                                                              else "balanced")).body, gold)


def _same(a, b) -> bool:
    return all(abs(x - y) < 1e-12 for x, y in zip(a, b))


def _finish(page, url: str | None, options):
    """The HTML branch of ``newsclean.pipeline.clean_document`` after ``extract_page``."""
    from newsclean.html import apply_page
    from newsclean.pipeline import clean_text
    from newsclean.text.language import choose

    lang = choose(options.lang, page.language, page.text)
    article = clean_text(page.text, options=replace(options, kind="markdown", lang=lang))
    return apply_page(article, page, url=url, disable=options.disabled)


# --- the report ------------------------------------------------------------------------------

def report(root: Path, results: Path, args) -> None:
    import trafilatura

    records = [json.loads(line) for line in results.read_text().splitlines() if line.strip()]
    if args.limit:
        records = records[: args.limit]
    if not records:
        print("no results yet")
        return
    n = len(records)
    fold = np.array([r["fold"] for r in records])
    types = np.array([r["type"] for r in records])
    art = types == "article"
    prf = {s: np.array([r["prf"][s] for r in records]) for s in SYSTEMS}
    print(f"HTML mode, whole pipeline, out of fold: {n} pages of {root.name} "
          f"({len({r['site'] or r['id'] for r in records})} sites; 5 folds grouped by site"
          + (f"; every {args.every}th page of the manifest" if args.every > 1 else "") + ")")
    print(f"Python {platform.python_version()}, trafilatura {trafilatura.__version__}; body: bag-of-words "
          "P/R/F1, macro over pages; every page cleaned by fold models that never saw its site\n")

    cell = lambda s, m: " / ".join(f"{v:.4f}" for v in prf[s][m].mean(axis=0)) if m.any() else "–"  # noqa: E731
    print("### Articles and all pages, per fold: P / R / F1\n")
    print("| pages | n | " + " | ".join(SYSTEMS) + " |")
    print("|---|---:|" + "---|" * len(SYSTEMS))
    for label, base in (("articles", art), ("all types", np.ones(n, dtype=bool))):
        for f in range(int(fold.max()) + 1):
            m = base & (fold == f)
            print(f"| fold {f}, {label} | {m.sum()} | " + " | ".join(cell(s, m) for s in SYSTEMS) + " |")
        print(f"| **all folds, {label}** | {base.sum()} | " + " | ".join(cell(s, base) for s in SYSTEMS) + " |")
    print()
    print("### Every page type: P / R / F1\n")
    print("| page type | n | " + " | ".join(SYSTEMS) + " |")
    print("|---|---:|" + "---|" * len(SYSTEMS))
    for t in sorted(set(types), key=lambda t: (t != "article", t)):
        m = types == t
        print(f"| {t} | {m.sum()} | " + " | ".join(cell(s, m) for s in SYSTEMS) + " |")
    print()
    _languages(records, prf)
    _speed(records)
    _counts_table(records)
    _sweep_tables(records, art, types, fold)
    _targets(prf, art, types)
    bad = {s: sum(not r["sweep"]["check"][s] for r in records) for s in (RULES, DEFAULT, RECALL)}
    print(f"\nsweep reproduces the pipeline (pages where not): {bad}")


def _languages(records, prf) -> None:
    langs = np.array([r["language"] for r in records])
    print("### Languages (corpus pages): F1\n")
    print("| language | n | " + " | ".join(SYSTEMS) + " |")
    print("|---|---:|" + "---:|" * len(SYSTEMS))
    for lang in sorted(set(langs), key=lambda x: (-np.sum(langs == x), x)):
        m = langs == lang
        print(f"| {lang} | {m.sum()} | " + " | ".join(f"{prf[s][m, 2].mean():.4f}" for s in SYSTEMS) + " |")
    print()


def _speed(records) -> None:
    cpu = {s: np.array([r["cpu"][s] for r in records]) for s in SYSTEMS}
    n = len(records)
    print("### Speed (CPU time of the timed call, all systems interleaved page by page)\n")
    print("| system | pages/s | × rules only | median ms/page |")
    print("|---|---:|---:|---:|")
    for s in SYSTEMS:
        print(f"| {s} | {n / cpu[s].sum():.2f} | {cpu[RULES].sum() / cpu[s].sum():.3f} | "
              f"{np.median(cpu[s]) * 1000:.0f} |")
    print()


def _counts_table(records) -> None:
    print("### What the scorers did, and second cleanings of the body as text\n")
    print("| system | text-scorer removals/page | block removals/page | blocks recovered/page | "
          "bodies a 2nd cleaning (same options) changes | of them by line-model | "
          "bodies a 2nd cleaning (default options) changes | of them by line-model |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    n = len(records)
    for s in NEWSCLEAN:
        c = [r["counts"][s] for r in records]
        print(f"| {s} | {sum(x['text'] for x in c) / n:.2f} | {sum(x['block'] for x in c) / n:.2f} | "
              f"{sum(x['recovered'] for x in c) / n:.2f} | {sum(x['again_same'] > 0 for x in c)} | "
              f"{sum(x['again_same_model'] > 0 for x in c)} | {sum(x['again_default'] > 0 for x in c)} | "
              f"{sum(x['again_default_model'] > 0 for x in c)} |")
    print()


def _sweep_scores(records, label: str) -> dict[str, np.ndarray]:
    keys = [str(t) for t in SWEEP] + [OFF]
    return {k: np.array([r["sweep"][label][k] for r in records]) for k in keys}


def _sweep_tables(records, art, types, fold) -> None:
    thresholds = {json.dumps(r["sweep"]["thresholds"], sort_keys=True) for r in records}
    print("### The text scorer's threshold on HTML mode's text (out of fold)\n")
    print(f"Fold models' own thresholds: {sorted(thresholds)}\n")
    for label in LABELS:
        s = _sweep_scores(records, label)
        print(f"Block scorer {label[7:]} (`{label}`); text threshold → P / R / F1 "
              f"(articles | all pages), worst page type's F1 change vs rules only\n")
        print("| text threshold | articles | all pages | worst type vs rules only |")
        print("|---|---|---|---|")
        base = _sweep_scores(records, "blocks off")[OFF]
        for k, v in s.items():
            worst = min(((v[types == t, 2].mean() - base[types == t, 2].mean()), t) for t in set(types))
            print(f"| {k} | {_prf(v[art])} | {_prf(v)} | {worst[1]} {worst[0]:+.4f} |")
        print()
    print("Issue 15's rule per fold, chosen on the other folds' pages (articles: best F1 with precision "
          "not below rules only; no page type's F1 below rules only), scored on the fold:\n")
    print("| block scorer | fold | chosen text threshold | articles P / R / F1 | all pages P / R / F1 |")
    print("|---|---:|---|---|---|")
    base = _sweep_scores(records, "blocks off")[OFF]
    for label in LABELS:
        s = _sweep_scores(records, label)
        oof = np.zeros((len(records), 3))
        for f in range(int(fold.max()) + 1):
            others = fold != f
            pick = _issue_rule(s, base, art & others, types, others)
            oof[fold == f] = s[pick][fold == f]
            print(f"| {label[7:]} | {f} | {pick} | {_prf(s[pick][art & (fold == f)])} | {_prf(s[pick][fold == f])} |")
        print(f"| {label[7:]} | all | | {_prf(oof[art])} | {_prf(oof)} |")
    print()


def _issue_rule(s: dict[str, np.ndarray], base: np.ndarray, articles: np.ndarray, types, among) -> str:
    """Best article F1 with article precision not below the rules' and no page type worse than the rules."""
    floor = base[articles, 0].mean() - 1e-9
    ok = []
    for k, v in s.items():
        if v[articles, 0].mean() < floor:
            continue
        if any(v[(types == t) & among, 2].mean() < base[(types == t) & among, 2].mean() - 1e-9
               for t in set(types) if ((types == t) & among).any()):
            continue
        ok.append(k)
    return max(ok, key=lambda k: s[k][articles, 2].mean()) if ok else OFF


def _prf(rows: np.ndarray) -> str:
    return " / ".join(f"{v:.4f}" for v in rows.mean(axis=0)) if len(rows) else "–"


def _targets(prf, art, types) -> None:
    print("### Issue 15's HTML targets (articles, out of fold)\n")
    t_p, t_r, t_f = prf[TRAF][art].mean(axis=0)
    tp_p = prf[TRAF_P][art, 0].mean()
    print(f"trafilatura default P/R/F1 {t_p:.4f} / {t_r:.4f} / {t_f:.4f}; favor_precision P {tp_p:.4f}\n")
    print("| system | F1 ≥ traf + 0.02 | P ≥ traf favor_precision + 0.02 | R ≥ traf − 0.005 | "
          "page types worse than rules only (F1) |")
    print("|---|---|---|---|---|")
    for s in NEWSCLEAN:
        p, r, f = prf[s][art].mean(axis=0)
        worse = [f"{t} {prf[s][types == t, 2].mean() - prf[RULES][types == t, 2].mean():+.4f}"
                 for t in sorted(set(types)) if prf[s][types == t, 2].mean() < prf[RULES][types == t, 2].mean() - 1e-9]
        print(f"| {s} | {f:.4f} ({f - t_f:+.4f}) {'met' if f >= t_f + 0.02 else 'not met'} | "
              f"{p:.4f} ({p - tp_p:+.4f}) {'met' if p >= tp_p + 0.02 else 'not met'} | "
              f"{r:.4f} ({r - t_r:+.4f}) {'met' if r >= t_r - 0.005 else 'not met'} | "
              f"{', '.join(worse) or 'none'} |")


if __name__ == "__main__":
    raise SystemExit(main())
