#!/usr/bin/env python3
"""Side by side: Lyceum's math verdicts against HuggingFace Math-Verify's on the same JSONL.

Lyceum does not need Python; this script is only for people who have Math-Verify installed
(`pip install math-verify`) and want to list where the two disagree.

    ./lyceum verify math --input cases.jsonl > lyceum.jsonl
    python3 scripts/compare_math_verify.py lyceum.jsonl            # disagreements, then a summary
    python3 scripts/compare_math_verify.py lyceum.jsonl --json     # one JSON line per disagreement

Each line of lyceum.jsonl is an input line ({gold, pred} plus optional option fields) with Lyceum's boolean
"verdict" added. The same option fields steer Math-Verify: precision -> float_rounding, strict -> strict,
allow_set_relation (or set_relation) -> allow_set_relation_comp, targets ("latex", "expr", or a list) or
last_number -> the prediction's extraction targets (the gold is always read with both, as Math-Verify's default).
ordered_lists has no Math-Verify counterpart (it compares lists as sets); such lines are reported but counted apart.
"""
import argparse
import json
import sys
import time


def load_math_verify():
    try:
        from math_verify import ExprExtractionConfig, LatexExtractionConfig, parse, verify
    except ImportError:
        sys.exit("compare_math_verify: Math-Verify is not installed (pip install math-verify)")
    return ExprExtractionConfig, LatexExtractionConfig, parse, verify


def targets_of(row):
    targets = row.get("targets")
    if targets is None:
        return ["latex", "expr"] if row.get("last_number", False) else ["latex"]
    if isinstance(targets, str):
        targets = [t for t in targets.replace(",", " ").split() if t]
    return ["latex", "expr"] if "both" in targets else list(targets)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("verdicts", help="output of `lyceum verify math --input FILE`")
    ap.add_argument("--json", action="store_true", help="print disagreements as JSON lines")
    ap.add_argument("--timeout", type=int, default=5, help="Math-Verify's per-call timeout in seconds (default 5)")
    args = ap.parse_args()
    Expr, Latex, parse, verify = load_math_verify()
    configs = {"latex": lambda: Latex(boxed_match_priority=0), "expr": lambda: Expr()}

    lines = agree = ordered = 0
    started = time.perf_counter()
    with open(args.verdicts, encoding="utf-8") as f:
        for number, text in enumerate(f, 1):
            if not text.strip():
                continue
            try:
                row = json.loads(text)
                gold, pred, lyceum = row["gold"], row["pred"], row["verdict"]
            except (ValueError, KeyError) as e:
                sys.exit(f"{args.verdicts}:{number}: not a Lyceum verdict line ({e})")
            try:
                pred_targets = [configs[t]() for t in targets_of(row)]
            except KeyError as e:
                sys.exit(f"{args.verdicts}:{number}: unknown target {e}")
            gold_parsed = parse(gold, [configs["latex"](), configs["expr"]()], parsing_timeout=args.timeout)
            pred_parsed = parse(pred, pred_targets, parsing_timeout=args.timeout)
            reference = bool(verify(gold_parsed, pred_parsed,
                                    float_rounding=int(row.get("precision", 6)),
                                    strict=bool(row.get("strict", True)),
                                    allow_set_relation_comp=bool(row.get("allow_set_relation", row.get("set_relation", False))),
                                    timeout_seconds=args.timeout))
            lines += 1
            if row.get("ordered_lists", False):
                ordered += 1
            if reference == lyceum:
                agree += 1
                continue
            report = {"line": number, "gold": gold, "pred": pred, "lyceum": lyceum, "math_verify": reference,
                      "ordered_lists": row.get("ordered_lists", False), "failure": row.get("failure")}
            if args.json:
                print(json.dumps(report, ensure_ascii=False))
            else:
                one = lambda s: s.replace("\n", "⏎") if len(s) <= 100 else s[:45].replace("\n", "⏎") + " … " + s[-45:].replace("\n", "⏎")
                print(f"{args.verdicts}:{number}: lyceum={lyceum} math_verify={reference}"
                      f"{' (ordered_lists)' if report['ordered_lists'] else ''}  gold={one(gold)}  pred={one(pred)}")
    seconds = time.perf_counter() - started
    print(f"{lines} lines: {agree} agree ({100.0 * agree / max(lines, 1):.1f}%), {lines - agree} disagree; "
          f"{ordered} ran with ordered_lists, which Math-Verify does not have; "
          f"Math-Verify took {seconds:.1f} s ({lines / max(seconds, 1e-9):.0f} verdicts/s, parse + verify)",
          file=sys.stderr)


if __name__ == "__main__":
    main()
