package ai.lyceum.reward.math;

import ai.lyceum.reward.math.Node.*;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Decides whether a predicted answer is equivalent to the gold one. Deliberately asymmetric, like Math-Verify: the
 * gold answer sets the shape, so a prediction that lists several candidates ("1 or 2", a set) never matches a
 * scalar gold, and a relation in the prediction is only read as a set when the options allow it.
 */
final class Equivalence {
    private static final int POINTS = 6;

    private final Budget budget;
    private final MathVerifyOptions options;
    private final Evaluator eval;

    Equivalence(Budget budget, MathVerifyOptions options) {
        this.budget = budget;
        this.options = options;
        this.eval = new Evaluator(budget, true);
    }

    boolean equivalent(Node gold, Node pred) {
        budget.tick();
        gold = canon(gold);
        pred = canon(pred);
        if (gold instanceof Text || pred instanceof Text) return textEq(gold, pred);
        if (gold instanceof Rel g && pred instanceof Rel p) {
            if (relEq(g, p)) return true;
            var gv = assigned(g);
            var pv = assigned(p);
            return gv != null && pv != null && equivalent(gv, pv);
        }
        if (gold instanceof Rel g) {
            var v = assigned(g);
            if (v != null) return equivalent(v, pred);
            var interval = asInterval(g);
            return interval != null && isSetLike(pred) && equivalent(interval, pred);
        }
        if (pred instanceof Rel p) {
            var v = assigned(p);
            if (v != null) return equivalent(gold, v);
            var interval = asInterval(p);
            return interval != null && options.allowSetRelation() && isSetLike(gold) && equivalent(gold, interval);
        }
        if (gold instanceof Union g) {
            return pred instanceof Union p && unordered(g.parts(), p.parts());
        }
        if (gold instanceof Matrix g) return pred instanceof Matrix p && matrixEq(g, p);
        if (gold instanceof Seq g) {
            if (pred instanceof Seq p) return seqEq(g, p);
            return g.items().size() == 1 && equivalent(g.items().get(0), pred);
        }
        if (pred instanceof Seq p) {
            // A scalar gold is only matched by a single value: listing candidates is not an answer.
            return p.items().size() == 1 && p.isSet() && equivalent(gold, p.items().get(0));
        }
        if (pred instanceof Union || pred instanceof Matrix) return false;
        return percentAware(gold, pred);
    }

    /** ± becomes a set of branches; "x \in S" becomes S; "≈" cuts a chain to its exact part. */
    private Node canon(Node n) {
        if (n instanceof In in) return canon(in.set());
        if (n instanceof Rel r) return chain(r);
        if (n instanceof Seq s && s.isSet()) {
            var items = new ArrayList<Node>();
            for (var item : s.items()) {
                var c = canon(item);
                if (c instanceof Seq inner && inner.open().isEmpty()) items.addAll(inner.items());
                else items.add(c);
            }
            return new Seq(s.open(), s.close(), List.copyOf(items));
        }
        var branches = Evaluator.expandPlusMinus(n, budget);
        return branches.size() == 1 ? branches.get(0) : new Seq("{", "}", branches);
    }

    private Node chain(Rel r) {
        var parts = new ArrayList<>(r.parts());
        var ops = new ArrayList<>(r.ops());
        int approx = ops.indexOf("≈");
        if (approx == 0) ops.set(0, "=");
        else if (approx > 0) {
            parts.subList(approx + 1, parts.size()).clear();
            ops.subList(approx, ops.size()).clear();
        }
        if (ops.size() >= 2 && ops.stream().allMatch("="::equals)) {
            // "x = 5+5+1 = 11": an assignment of the last value when a name appears in the chain.
            for (int k = 0; k < parts.size() - 1; k++) {
                if (parts.get(k) instanceof Sym s) return new Rel(List.of(s, parts.getLast()), List.of("="));
            }
            return new Rel(List.of(parts.getFirst(), parts.getLast()), List.of("="));
        }
        return parts.size() == 1 ? parts.get(0) : new Rel(List.copyOf(parts), List.copyOf(ops));
    }

    /** The value of "x = v" (or "v = x"), or null when the relation is not a plain assignment. */
    private Node assigned(Rel r) {
        var value = assignedTo(r);
        return value != null ? value : computed(r);
    }

    private static Node assignedTo(Rel r) {
        if (r.ops().size() != 1 || !r.ops().get(0).equals("=")) return null;
        var l = r.parts().get(0);
        var rhs = r.parts().get(1);
        if (l instanceof Sym && !(rhs instanceof Sym)) return rhs;
        if (rhs instanceof Sym && !(l instanceof Sym)) return l;
        if (l instanceof Sym && rhs instanceof Sym) return rhs;
        return null;
    }

    /** "1/2 = 10/9" (a computation and its result, no unknowns): the last value. */
    private Node computed(Rel r) {
        if (r.ops().size() != 1 || !r.ops().get(0).equals("=")) return null;
        var l = r.parts().get(0);
        var rhs = r.parts().get(1);
        return eval.symbols(l).isEmpty() && eval.symbols(rhs).isEmpty() ? rhs : null;
    }

    private static boolean isSetLike(Node n) {
        return n instanceof Seq s && (s.open().equals("(") || s.open().equals("[")) && s.items().size() == 2
            || n instanceof Union;
    }

    /** "-2 <= x <= 7" as [-2, 7]; "x > 3" as (3, ∞). */
    private static Node asInterval(Rel r) {
        var p = r.parts();
        var o = r.ops();
        if (p.size() == 3 && p.get(1) instanceof Sym && o.stream().allMatch(op -> op.startsWith("<"))) {
            return new Seq(o.get(0).equals("<") ? "(" : "[", o.get(1).equals("<") ? ")" : "]", List.of(p.get(0), p.get(2)));
        }
        if (p.size() == 3 && p.get(1) instanceof Sym && o.stream().allMatch(op -> op.startsWith(">"))) {
            return new Seq(o.get(1).equals(">") ? "(" : "[", o.get(0).equals(">") ? ")" : "]", List.of(p.get(2), p.get(0)));
        }
        if (p.size() == 2 && p.get(0) instanceof Sym && !o.get(0).equals("=") && !o.get(0).equals("!=")) {
            var inf = Const.INF;
            var negInf = new Mul(List.of(new Num(Rational.of(-1), false), Const.INF));
            return switch (o.get(0)) {
                case "<" -> new Seq("(", ")", List.of(negInf, p.get(1)));
                case "<=" -> new Seq("(", "]", List.of(negInf, p.get(1)));
                case ">" -> new Seq("(", ")", List.of(p.get(1), inf));
                default -> new Seq("[", ")", List.of(p.get(1), inf));
            };
        }
        return null;
    }

    private boolean textEq(Node g, Node p) {
        var a = words(g);
        var b = words(p);
        return a != null && a.equals(b);
    }

    private static String words(Node n) {
        return switch (n) {
            case Text t -> t.words().replaceAll("[\\s()]", "").toLowerCase(java.util.Locale.ROOT);
            case Sym s -> s.name().toLowerCase(java.util.Locale.ROOT);
            default -> null;
        };
    }

    private boolean seqEq(Seq g, Seq p) {
        if (g.items().size() != p.items().size()) return false;
        if (g.isSet() && p.isSet()) return unordered(g.items(), p.items());
        if (!g.isSet() && !p.isSet() && !(g.open().equals(p.open()) && g.close().equals(p.close()))) return false;
        for (int k = 0; k < g.items().size(); k++) {
            if (!equivalent(g.items().get(k), p.items().get(k))) return false;
        }
        return true;
    }

    private boolean unordered(List<Node> gold, List<Node> pred) {
        if (gold.size() != pred.size()) return false;
        var used = new boolean[pred.size()];
        outer:
        for (var g : gold) {
            for (int k = 0; k < pred.size(); k++) {
                if (!used[k] && equivalent(g, pred.get(k))) { used[k] = true; continue outer; }
            }
            return false;
        }
        return true;
    }

    private boolean matrixEq(Matrix g, Matrix p) {
        if (g.rows().size() != p.rows().size()) return false;
        for (int r = 0; r < g.rows().size(); r++) {
            var gr = g.rows().get(r);
            var pr = p.rows().get(r);
            if (gr.size() != pr.size()) return false;
            for (int c = 0; c < gr.size(); c++) if (!equivalent(gr.get(c), pr.get(c))) return false;
        }
        return true;
    }

    /** Relations: same kind, and lhs−rhs of one a constant multiple of the other's (positive for inequalities). */
    private boolean relEq(Rel g, Rel p) {
        if (g.parts().size() == 2 && p.parts().size() == 2) {
            var gf = oriented(g);
            var pf = oriented(p);
            if (!gf.op.equals(pf.op)) return false;
            return proportional(gf.f, pf.f, !gf.op.equals("<") && !gf.op.equals("<="));
        }
        if (g.parts().size() != p.parts().size()) return false;
        if (g.ops().equals(p.ops())) {
            boolean same = true;
            for (int k = 0; k < g.parts().size() && same; k++) same = equivalent(g.parts().get(k), p.parts().get(k));
            if (same) return true;
        }
        var flipped = p.ops().reversed().stream().map(Equivalence::flip).toList();
        if (!g.ops().equals(flipped)) return false;
        var reversed = p.parts().reversed();
        for (int k = 0; k < g.parts().size(); k++) if (!equivalent(g.parts().get(k), reversed.get(k))) return false;
        return true;
    }

    private record Oriented(Node f, String op) {}

    private static Oriented oriented(Rel r) {
        var l = r.parts().get(0);
        var rhs = r.parts().get(1);
        var op = r.ops().get(0);
        if (op.equals(">") || op.equals(">=")) { var t = l; l = rhs; rhs = t; op = flip(op); }
        return new Oriented(new Add(List.of(l, new Mul(List.of(new Num(Rational.of(-1), false), rhs)))), op);
    }

    private static String flip(String op) {
        return switch (op) { case "<" -> ">"; case ">" -> "<"; case "<=" -> ">="; case ">=" -> "<="; default -> op; };
    }

    private boolean proportional(Node gf, Node pf, boolean anySign) {
        var syms = eval.symbols(gf);
        eval.symbols(pf, syms);
        var random = new SplittableRandom(0x5EEDL);
        Double ratio = null;
        int valid = 0;
        for (int k = 0; k < POINTS * 2 && valid < POINTS; k++) {
            var env = point(syms, random);
            var a = eval.numeric(gf, env);
            var b = eval.numeric(pf, env);
            if (!a.isFinite() || !b.isFinite() || !a.isReal() || !b.isReal()) continue;
            if (Math.abs(a.re()) < 1e-12 || Math.abs(b.re()) < 1e-12) {
                if (Math.abs(a.re()) < 1e-12 && Math.abs(b.re()) < 1e-12) continue;
                return false;
            }
            double r = b.re() / a.re();
            if (ratio == null) ratio = r;
            else if (Math.abs(r - ratio) > 1e-7 * Math.abs(ratio)) return false;
            valid++;
        }
        return ratio != null && (anySign || ratio > 0) && (valid >= 3 || syms.isEmpty());
    }

    private static Map<String, Complex> point(java.util.Set<String> syms, SplittableRandom random) {
        var env = new HashMap<String, Complex>();
        for (var s : syms) env.put(s, Complex.real(0.3 + 2.2 * random.nextDouble()));
        return env;
    }

    private boolean percentAware(Node g, Node p) {
        if (g instanceof Percent gp && p instanceof Percent pp) return scalarEq(gp.value(), pp.value());
        var hundred = new Num(Rational.of(100), false);
        if (g instanceof Percent gp) {
            var asFraction = new Mul(List.of(gp.value(), new Pow(hundred, new Num(Rational.of(-1), false))));
            return switch (options.percent()) {
                case AS_NUMBER -> scalarEq(gp.value(), p);
                case AS_FRACTION -> scalarEq(asFraction, p);
                case EITHER -> scalarEq(gp.value(), p) || scalarEq(asFraction, p);
            };
        }
        if (p instanceof Percent pp) {
            var asFraction = new Mul(List.of(pp.value(), new Pow(hundred, new Num(Rational.of(-1), false))));
            return switch (options.percent()) {
                case AS_NUMBER -> scalarEq(g, pp.value());
                case AS_FRACTION -> scalarEq(g, asFraction);
                case EITHER -> scalarEq(g, pp.value()) || scalarEq(g, asFraction);
            };
        }
        return scalarEq(g, p);
    }

    boolean scalarEq(Node g, Node p) {
        budget.tick();
        if (g.equals(p)) return true;
        var syms = new TreeSet<String>();
        eval.symbols(g, syms);
        eval.symbols(p, syms);
        boolean decimal = eval.hasDecimal(g) || eval.hasDecimal(p);
        if (syms.isEmpty()) {
            var eg = eval.exact(g);
            var ep = eval.exact(p);
            if (eg.isPresent() && ep.isPresent()) {
                if (eg.get().equals(ep.get())) return true;
                if (!decimal) return false;
                return eg.get().round(options.floatRounding()).compareTo(ep.get().round(options.floatRounding())) == 0;
            }
            return close(eval.numeric(g, Map.of()), eval.numeric(p, Map.of()), decimal, namesInfinity(g) && namesInfinity(p));
        }
        var random = new SplittableRandom(0xC0FFEEL);
        int valid = 0;
        for (int k = 0; k < POINTS * 2 && valid < POINTS; k++) {
            var env = point(syms, random);
            var a = eval.numeric(g, env);
            var b = eval.numeric(p, env);
            if (!a.isFinite() || !b.isFinite()) {
                if (a.isFinite() != b.isFinite()) return false;
                continue;
            }
            if (!close(a, b, false, false)) return false;
            valid++;
        }
        return valid >= 3;
    }

    private boolean close(Complex a, Complex b, boolean decimal, boolean infinityNamed) {
        if (!a.isFinite() || !b.isFinite()) {
            // Only true infinities match: an overflow on both sides (9999! vs 10000!) proves nothing.
            return Double.isInfinite(a.re()) && Double.isInfinite(b.re()) && a.re() == b.re()
                && infinityNamed;
        }
        if (decimal) {
            return roundEq(a.re(), b.re()) && roundEq(a.im(), b.im());
        }
        double scale = Math.max(a.abs(), b.abs());
        if (scale < 1e-250) return a.equals(b); // underflow: magnitudes are not known, so no claim of equality
        return a.sub(b).abs() <= 1e-9 * scale;
    }

    private static boolean namesInfinity(Node n) {
        return switch (n) {
            case Const c -> c == Const.INF;
            case Mul m -> m.factors().stream().anyMatch(Equivalence::namesInfinity);
            case Add a -> a.terms().stream().anyMatch(Equivalence::namesInfinity);
            default -> false;
        };
    }

    private boolean roundEq(double x, double y) {
        if (x == y) return true;
        try {
            var bx = new java.math.BigDecimal(x).setScale(options.floatRounding(), java.math.RoundingMode.HALF_UP);
            var by = new java.math.BigDecimal(y).setScale(options.floatRounding(), java.math.RoundingMode.HALF_UP);
            if (bx.compareTo(by) == 0) return true;
            // Doubles like 0.1+0.2 round unluckily; allow one unit in the last kept place from binary noise only.
            return Math.abs(x - y) <= 1e-12 * Math.max(Math.abs(x), Math.abs(y));
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
