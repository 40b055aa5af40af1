package ai.lyceum.reward.math;

import ai.lyceum.reward.math.Node.*;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
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

    /** The entry point: pairs variables first when the options are not strict, then compares. */
    boolean matches(Node gold, Node pred) {
        if (!options.strict()) pred = renameLike(gold, pred);
        return equivalent(gold, pred);
    }

    boolean equivalent(Node gold, Node pred) {
        budget.tick();
        gold = canon(gold);
        pred = canon(pred);
        if (gold instanceof Matrix && !(pred instanceof Matrix)) {
            var m = matrixValue(pred, 0);
            if (m != null) pred = m;
        }
        if (gold instanceof Text || pred instanceof Text) return textEq(gold, pred);
        // Bare words parse as products of letters: "Yes" and "yes" are one word. Two letters are more likely a
        // segment or a product (AB is not ab), so only words of three letters or more.
        if (gold instanceof Mul && pred instanceof Mul && words(gold) instanceof String gw && words(pred) instanceof String pw
            && gw.length() > 2 && gw.equalsIgnoreCase(pw)) return true;
        boolean goldEquation = isEquation(gold);
        boolean predEquation = isEquation(pred);
        // The gold sets the shape (as Math-Verify does): "k = 1" predicted for 1 is its value; a labelled gold
        // ("AB = 4", "f(x) = 1") is its value when the prediction gives only a value, but "2x + z = 1" stays an equation.
        if (predEquation && !goldEquation) return equivalent(gold, valueOf((Rel) pred));
        if (goldEquation && !predEquation && labelled((Rel) gold)) return equivalent(valueOf((Rel) gold), pred);
        if (gold instanceof Rel g && pred instanceof Rel p) return relEq(g, p);
        if (gold instanceof Rel g) {
            var set = asSet(g);
            return set != null && isSetLike(pred) && equivalent(set, pred);
        }
        if (pred instanceof Rel p) {
            var set = asSet(p);
            return set != null && options.allowSetRelation() && isSetLike(gold) && equivalent(gold, set);
        }
        if (gold instanceof Seq g && pred instanceof Union) {
            var set = relationsAsUnion(g);
            if (set != null) return equivalent(set, pred);
        }
        if (gold instanceof Union g) {
            if (pred instanceof Seq p && options.allowSetRelation()) {
                var set = relationsAsUnion(p);
                if (set != null) return equivalent(gold, set);
            }
            return pred instanceof Union p && unordered(g.parts(), p.parts());
        }
        if (gold instanceof Matrix g) return pred instanceof Matrix p && matrixEq(g, p);
        if (gold instanceof Seq g) {
            if (pred instanceof Seq p) return seqEq(g, p);
            return g.items().size() == 1 && equivalent(g.items().get(0), pred);
        }
        if (pred instanceof Seq p) {
            // A scalar gold is only matched by a single value: listing candidates is not an answer, but writing the
            // same value twice ("15\frac{39}{40}, or \frac{639}{40}") is.
            if (!p.isSet() || p.items().isEmpty()) return false;
            for (var item : p.items()) if (!equivalent(gold, item)) return false;
            return true;
        }
        if (pred instanceof Union || pred instanceof Matrix) return false;
        return percentAware(gold, pred);
    }

    private static boolean isEquation(Node n) {
        return n instanceof Rel r && r.ops().stream().allMatch("="::equals);
    }

    /** A relation whose one side names the quantity: x, AB, f(x), |AB|, V_1:V_2, \angle ABC, P(A). */
    private boolean labelled(Rel r) {
        return r.parts().size() == 2 && (isLabel(r.parts().get(0)) != isLabel(r.parts().get(1)));
    }

    /** The value side of "label = value" (either way round); otherwise the last part ("2x + z = 1" gives 1). */
    private Node valueOf(Rel r) {
        var first = r.parts().getFirst();
        var last = r.parts().getLast();
        return isLabel(last) && !isLabel(first) ? first : last;
    }

    /** Only names: a symbol, a product of names led by a symbol (AB, f(x), h(2)), a ratio of names, |name|. */
    private static boolean isLabel(Node n) {
        return switch (n) {
            case Sym s -> true;
            case Fn f -> f.name().equals("abs") && isLabel(f.arg());
            case Mul m -> m.factors().getFirst() instanceof Sym && m.factors().stream().skip(1).allMatch(f ->
                isLabel(f) || f instanceof Num || f instanceof Const c && c != Const.INF
                    || f instanceof Pow p && p.exp() instanceof Num e && e.value().equals(Rational.of(-1)) && isLabel(p.base()));
            default -> false;
        };
    }

    /** With {@code strict} off, the prediction's variables are renamed to the gold's, paired in sorted order. */
    private Node renameLike(Node gold, Node pred) {
        var gs = List.copyOf(allSymbols(gold));
        var ps = List.copyOf(allSymbols(pred));
        if (gs.size() != ps.size() || gs.equals(ps)) return pred;
        var rename = new HashMap<String, String>();
        for (int k = 0; k < ps.size(); k++) rename.put(ps.get(k), gs.get(k));
        return Node.map(pred, n -> n instanceof Sym s && rename.containsKey(s.name()) ? new Sym(rename.get(s.name())) : n, budget);
    }

    private TreeSet<String> allSymbols(Node n) {
        var out = new TreeSet<String>();
        Node.map(n, x -> { if (x instanceof Sym s) out.add(s.name()); return x; }, budget);
        return out;
    }

    /** The value of a matrix expression in the prediction (A + B, 2A, AB), or null when it is not one. */
    private Node matrixValue(Node n, int depth) {
        budget.checkDepth(depth);
        return switch (n) {
            case Matrix m -> m;
            case Add a -> {
                Matrix acc = null;
                for (var t : a.terms()) {
                    if (!(matrixValue(t, depth + 1) instanceof Matrix m)) yield null;
                    acc = acc == null ? m : combine(acc, m, (x, y) -> new Add(List.of(x, y)));
                    if (acc == null) yield null;
                }
                yield acc;
            }
            case Mul mul -> {
                Matrix acc = null;
                var scalars = new ArrayList<Node>();
                for (var f : mul.factors()) {
                    var m = matrixValue(f, depth + 1);
                    if (m instanceof Matrix mm) acc = acc == null ? mm : product(acc, mm);
                    else if (containsMatrix(f)) yield null;
                    else scalars.add(f);
                    if (m != null && acc == null) yield null;
                }
                if (acc == null) yield null;
                if (scalars.isEmpty()) yield acc;
                var scale = scalars.size() == 1 ? scalars.get(0) : new Mul(List.copyOf(scalars));
                yield new Matrix(acc.rows().stream().map(r -> r.stream().map(x -> (Node) new Mul(List.of(scale, x))).toList()).toList());
            }
            default -> null;
        };
    }

    private static boolean containsMatrix(Node n) {
        return switch (n) {
            case Matrix m -> true;
            case Add a -> a.terms().stream().anyMatch(Equivalence::containsMatrix);
            case Mul m -> m.factors().stream().anyMatch(Equivalence::containsMatrix);
            case Pow p -> containsMatrix(p.base()) || containsMatrix(p.exp());
            default -> false;
        };
    }

    private static Matrix combine(Matrix a, Matrix b, java.util.function.BinaryOperator<Node> op) {
        if (a.rows().size() != b.rows().size()) return null;
        var rows = new ArrayList<List<Node>>();
        for (int r = 0; r < a.rows().size(); r++) {
            if (a.rows().get(r).size() != b.rows().get(r).size()) return null;
            var row = new ArrayList<Node>();
            for (int c = 0; c < a.rows().get(r).size(); c++) row.add(op.apply(a.rows().get(r).get(c), b.rows().get(r).get(c)));
            rows.add(List.copyOf(row));
        }
        return new Matrix(List.copyOf(rows));
    }

    private Matrix product(Matrix a, Matrix b) {
        int inner = b.rows().size();
        if (a.rows().stream().anyMatch(r -> r.size() != inner)) return null;
        int cols = b.rows().get(0).size();
        if (b.rows().stream().anyMatch(r -> r.size() != cols) || (long) a.rows().size() * cols * inner > 10_000) return null;
        var rows = new ArrayList<List<Node>>();
        for (var ar : a.rows()) {
            var row = new ArrayList<Node>();
            for (int c = 0; c < cols; c++) {
                var terms = new ArrayList<Node>();
                for (int k = 0; k < inner; k++) { budget.tick(); terms.add(new Mul(List.of(ar.get(k), b.rows().get(k).get(c)))); }
                row.add(new Add(List.copyOf(terms)));
            }
            rows.add(List.copyOf(row));
        }
        return new Matrix(List.copyOf(rows));
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

    private static boolean isSetLike(Node n) {
        return n instanceof Seq s && (s.open().equals("(") || s.open().equals("[")) && s.items().size() == 2
            || n instanceof Union;
    }

    /** "x<-1 or x>2" as the union of the sets its relations describe, or null when it is not such a list. */
    private Node relationsAsUnion(Seq s) {
        if (!s.open().isEmpty() || s.items().size() < 2) return null;
        var parts = new ArrayList<Node>();
        for (var item : s.items()) {
            if (!(item instanceof Rel r) || !(asSet(r) instanceof Node set)) return null;
            if (set instanceof Union u) parts.addAll(u.parts()); else parts.add(set);
        }
        return new Union(List.copyOf(parts));
    }

    /**
     * The set a relation describes: "-2 <= x <= 7" is [-2, 7], "x > 3" is (3, ∞), "0 < f(x) < 1" is (0, 1), and
     * "1 <= |z| <= 3/2" is [-3/2, -1] ∪ [1, 3/2]; null when it describes none of these.
     */
    private Node asSet(Rel r) {
        var p = r.parts();
        var o = r.ops();
        if (p.size() == 3 && o.stream().allMatch(op -> op.startsWith(">"))) {
            return asSet(new Rel(p.reversed(), o.reversed().stream().map(Equivalence::flip).toList()));
        }
        if (p.size() == 3 && o.stream().allMatch(op -> op.startsWith("<"))
            && !eval.symbols(p.get(1)).isEmpty() && eval.symbols(p.get(0)).isEmpty() && eval.symbols(p.get(2)).isEmpty()) {
            boolean lowOpen = o.get(0).equals("<");
            boolean highOpen = o.get(1).equals("<");
            if (p.get(1) instanceof Fn f && f.name().equals("abs")) return absBetween(p.get(0), p.get(2), lowOpen, highOpen);
            return new Seq(lowOpen ? "(" : "[", highOpen ? ")" : "]", List.of(p.get(0), p.get(2)));
        }
        if (p.size() == 2 && !o.get(0).equals("=") && !o.get(0).equals("!=") && !o.get(0).equals("≈")) {
            boolean leftNamed = !eval.symbols(p.get(0)).isEmpty() && eval.symbols(p.get(1)).isEmpty();
            boolean rightNamed = eval.symbols(p.get(0)).isEmpty() && !eval.symbols(p.get(1)).isEmpty();
            if (!leftNamed && !rightNamed) return null;
            var op = leftNamed ? o.get(0) : flip(o.get(0));
            var bound = leftNamed ? p.get(1) : p.get(0);
            var negInf = new Mul(List.of(new Num(Rational.of(-1), false), Const.INF));
            return switch (op) {
                case "<" -> new Seq("(", ")", List.of(negInf, bound));
                case "<=" -> new Seq("(", "]", List.of(negInf, bound));
                case ">" -> new Seq("(", ")", List.of(bound, Const.INF));
                default -> new Seq("[", ")", List.of(bound, Const.INF));
            };
        }
        return null;
    }

    /** a <= |x| <= b: two mirrored intervals when a > 0, one interval [-b, b] when a <= 0. */
    private Node absBetween(Node a, Node b, boolean lowOpen, boolean highOpen) {
        var low = eval.exact(a);
        if (low.isEmpty()) return null;
        var negB = new Mul(List.of(new Num(Rational.of(-1), false), b));
        if (low.get().signum() < 0 || low.get().signum() == 0 && !lowOpen) {
            return new Seq(highOpen ? "(" : "[", highOpen ? ")" : "]", List.of(negB, b));
        }
        var negA = new Mul(List.of(new Num(Rational.of(-1), false), a));
        return new Union(List.of(new Seq(highOpen ? "(" : "[", lowOpen ? ")" : "]", List.of(negB, negA)),
            new Seq(lowOpen ? "(" : "[", highOpen ? ")" : "]", List.of(a, b))));
    }

    /** Words compare case-insensitively, single letters exactly (\text{E} is not e), as Math-Verify does. */
    private boolean textEq(Node g, Node p) {
        var a = words(g);
        var b = words(p);
        if (a == null || b == null) return false;
        return a.length() == 1 && b.length() == 1 ? a.equals(b) : a.equalsIgnoreCase(b);
    }

    /** The letters of a word, whether written as \text{odd} or parsed as the product o·d·d; null for other math. */
    private static String words(Node n) {
        return switch (n) {
            case Text t -> t.words().replaceAll("[\\s()]", "");
            case Sym s -> s.name();
            case Const c when c == Const.E -> "e";
            case Const c when c == Const.I -> "i";
            case Mul m -> {
                var sb = new StringBuilder();
                for (var f : m.factors()) {
                    var w = f instanceof Sym || f instanceof Const ? words(f) : null;
                    if (w == null || w.startsWith("\\")) yield null;
                    sb.append(w);
                }
                yield sb.toString();
            }
            default -> null;
        };
    }

    private boolean seqEq(Seq g, Seq p) {
        if (g.items().size() != p.items().size()) return false;
        if (options.orderedLists() && g.open().isEmpty() && p.open().isEmpty()) return ordered(g.items(), p.items());
        if (g.isSet() && p.isSet()) return unordered(g.items(), p.items());
        if (!g.isSet() && !p.isSet() && !(g.open().equals(p.open()) && g.close().equals(p.close()))) return false;
        return ordered(g.items(), p.items());
    }

    private boolean ordered(List<Node> gold, List<Node> pred) {
        for (int k = 0; k < gold.size(); k++) {
            if (!equivalent(gold.get(k), pred.get(k))) return false;
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

    /**
     * Relations: the same parts in the same (or mirrored) order, or, for two-part relations, the same kind with
     * lhs−rhs of one a constant multiple of the other's (positive for inequalities).
     */
    private boolean relEq(Rel g, Rel p) {
        if (g.parts().size() == p.parts().size()) {
            if (g.ops().equals(p.ops()) && ordered(g.parts(), p.parts())) return true;
            var flipped = p.ops().reversed().stream().map(Equivalence::flip).toList();
            if (g.ops().equals(flipped) && ordered(g.parts(), p.parts().reversed())) return true;
        }
        if (g.parts().size() == 2 && p.parts().size() == 2) {
            var gf = oriented(g);
            var pf = oriented(p);
            if (!gf.op.equals(pf.op)) return false;
            return proportional(gf.f, pf.f, !gf.op.equals("<") && !gf.op.equals("<="));
        }
        return false;
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
        return point(syms, java.util.Set.of(), random);
    }

    private static Map<String, Complex> point(java.util.Set<String> syms, java.util.Set<String> integers, SplittableRandom random) {
        var env = new HashMap<String, Complex>();
        for (var s : syms) env.put(s, Complex.real(integers.contains(s) ? 2 + random.nextInt(9) : 0.3 + 2.2 * random.nextDouble()));
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
        if (syms.isEmpty()) {
            var eg = eval.exact(g);
            var ep = eval.exact(p);
            if (eg.isPresent() && ep.isPresent() && eg.get().equals(ep.get())) return true;
            int places = Math.max(eval.decimalPlaces(g), eval.decimalPlaces(p));
            boolean decimal = places >= 0;
            if (eg.isPresent() && ep.isPresent()) {
                if (!decimal) return false;
                var x = new BigDecimal(eg.get().num()).divide(new BigDecimal(eg.get().den()), MathContext.DECIMAL128);
                var y = new BigDecimal(ep.get().num()).divide(new BigDecimal(ep.get().den()), MathContext.DECIMAL128);
                int k = roundingPlaces(x.abs().max(y.abs()), places);
                return eg.get().round(k).compareTo(ep.get().round(k)) == 0;
            }
            if (sameUpToOrder(g, p)) return true;
            eval.resetLossy();
            var a = eval.numeric(g, Map.of());
            var b = eval.numeric(p, Map.of());
            if (eval.lossy()) return false; // an underflowed value is not zero, an overflowed one not infinite
            return close(a, b, decimal ? places : -1, namesInfinity(g) && namesInfinity(p));
        }
        boolean big = containsBig(g) || containsBig(p);
        if (big && sameUpToOrder(g, p)) return true;
        var integers = big ? boundSymbols(g, p) : java.util.Set.<String>of();
        var random = new SplittableRandom(0xC0FFEEL);
        int valid = 0;
        for (int k = 0; k < POINTS * 2 && valid < POINTS; k++) {
            var env = point(syms, integers, random);
            eval.resetLossy();
            var a = eval.numeric(g, env);
            var b = eval.numeric(p, env);
            if (eval.lossy()) continue;
            if (!a.isFinite() || !b.isFinite()) {
                if (a.isFinite() != b.isFinite()) return false;
                continue;
            }
            if (!close(a, b, -1, false)) return false;
            valid++;
        }
        return valid >= 3;
    }

    /**
     * Decimals compared when a decimal is involved: the precision option (Math-Verify's float_rounding), counted
     * from the first significant digit for values below 0.1, but never more than the decimal literals give. So
     * 0.0833333 matches 1/12, 4e-9 does not match 3.3e-9, and 1e-400 is not 0.
     */
    private int roundingPlaces(BigDecimal magnitude, int literalPlaces) {
        int precision = options.floatRounding();
        int leadingZeros = magnitude.signum() == 0 ? 0 : Math.max(0, magnitude.scale() - magnitude.precision());
        return Math.min(precision + leadingZeros, Math.max(precision, literalPlaces));
    }

    /** Commuted factors under a \sum or \prod, which may have no value to compare numerically. */
    private boolean sameUpToOrder(Node g, Node p) {
        return (containsBig(g) || containsBig(p)) && canonical(g).equals(canonical(p));
    }

    private static boolean containsBig(Node n) {
        return switch (n) {
            case Big b -> true;
            case Add a -> a.terms().stream().anyMatch(Equivalence::containsBig);
            case Mul m -> m.factors().stream().anyMatch(Equivalence::containsBig);
            case Pow p -> containsBig(p.base()) || containsBig(p.exp());
            case Fn f -> containsBig(f.arg());
            default -> false;
        };
    }

    /** Sums and products sorted term by term and factor by factor, so that commuted writings compare equal. */
    private Node canonical(Node n) {
        java.util.Comparator<Node> byText = java.util.Comparator.comparing(Object::toString);
        return Node.map(n, x -> switch (x) {
            case Add a -> new Add(a.terms().stream().sorted(byText).toList());
            case Mul m -> new Mul(m.factors().stream().sorted(byText).toList());
            default -> x;
        }, budget);
    }

    /** Symbols in the bounds of a sum or product: sampled as integers, so that \sum_{k=1}^{n} k can be evaluated. */
    private java.util.Set<String> boundSymbols(Node g, Node p) {
        var out = new TreeSet<String>();
        for (var n : List.of(g, p)) {
            Node.map(n, x -> {
                if (x instanceof Big b) { eval.symbols(b.from(), out); eval.symbols(b.to(), out); }
                return x;
            }, budget);
        }
        return out;
    }

    private boolean close(Complex a, Complex b, int places, boolean infinityNamed) {
        if (!a.isFinite() || !b.isFinite()) {
            // Only true infinities match: an overflow on both sides (9999! vs 10000!) proves nothing.
            return Double.isInfinite(a.re()) && Double.isInfinite(b.re()) && a.re() == b.re()
                && infinityNamed;
        }
        if (places >= 0) {
            return roundEq(a.re(), b.re(), places) && roundEq(a.im(), b.im(), places);
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

    private boolean roundEq(double x, double y, int literalPlaces) {
        if (x == y) return true;
        try {
            var bx = new BigDecimal(x);
            var by = new BigDecimal(y);
            int k = roundingPlaces(bx.abs().max(by.abs()).round(MathContext.DECIMAL64), literalPlaces);
            if (bx.setScale(k, RoundingMode.HALF_UP).compareTo(by.setScale(k, RoundingMode.HALF_UP)) == 0) return true;
            // Doubles like 0.1+0.2 round unluckily; allow one unit in the last kept place from binary noise only.
            return Math.abs(x - y) <= 1e-12 * Math.max(Math.abs(x), Math.abs(y));
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
