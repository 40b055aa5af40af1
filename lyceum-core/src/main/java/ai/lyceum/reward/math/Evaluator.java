package ai.lyceum.reward.math;

import ai.lyceum.reward.math.Node.*;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Evaluates scalar expressions two ways: exactly, as a {@link Rational}, when the expression is built from
 * rationals with integer powers, factorials and binomials (so 1/2004! and 1/2006! stay distinct instead of both
 * rounding to zero); and numerically, as a {@link Complex}, at given values of the free symbols.
 */
final class Evaluator {
    /** Largest n whose factorial is computed exactly; beyond it the value is numeric (and usually infinite). */
    static final int MAX_EXACT_FACTORIAL = 3_000;

    /** Most terms a {@code \sum} or {@code \prod} with numeric bounds is expanded to. */
    static final int MAX_BIG_TERMS = 10_000;

    private final Budget budget;
    private final boolean percentAsFraction;
    /**
     * Set when a numeric evaluation underflowed or overflowed (a nonzero value became 0 or a finite one infinite):
     * the double then says nothing about the true value, so no equality may be claimed from it.
     */
    private boolean lossy;

    Evaluator(Budget budget, boolean percentAsFraction) {
        this.budget = budget;
        this.percentAsFraction = percentAsFraction;
    }

    Optional<Rational> exact(Node n) {
        budget.tick();
        return switch (n) {
            case Num num -> Optional.of(num.value());
            case Add add -> {
                var acc = Optional.of(Rational.ZERO);
                for (var t : add.terms()) {
                    var v = exact(t);
                    if (v.isEmpty() || acc.isEmpty()) yield Optional.empty();
                    acc = acc.get().add(v.get());
                }
                yield acc;
            }
            case Mul mul -> {
                var acc = Optional.of(Rational.ONE);
                for (var f : mul.factors()) {
                    var v = exact(f);
                    if (v.isEmpty() || acc.isEmpty()) yield Optional.empty();
                    acc = acc.get().mul(v.get());
                }
                yield acc;
            }
            case Pow pow -> {
                var e = exact(pow.exp());
                if (e.isEmpty()) yield Optional.empty();
                var b = exact(pow.base());
                if (b.isEmpty()) yield Optional.empty();
                if (e.get().isInteger()) yield b.get().pow(e.get());
                yield exactRoot(b.get(), e.get());
            }
            case Fn fn when fn.name().equals("fact") -> exact(fn.arg()).flatMap(this::factorial);
            case Fn fn when fn.name().equals("abs") -> exact(fn.arg()).map(v -> v.signum() < 0 ? v.negate() : v);
            case Fn2 f when f.name().equals("binom") -> {
                var a = exact(f.a());
                var b = exact(f.b());
                if (a.isEmpty() || b.isEmpty()) yield Optional.empty();
                yield binom(a.get(), b.get());
            }
            case Percent p -> percentAsFraction ? exact(p.value()).flatMap(v -> v.mul(new Rational(BigInteger.ONE,
                BigInteger.valueOf(100)))) : exact(p.value());
            case Big b -> {
                var from = exact(b.from());
                var to = exact(b.to());
                if (from.isEmpty() || to.isEmpty() || !from.get().isInteger() || !to.get().isInteger()) yield Optional.empty();
                var lo = from.get().num();
                var count = to.get().num().subtract(lo).add(BigInteger.ONE);
                if (count.compareTo(BigInteger.valueOf(MAX_BIG_TERMS)) > 0) yield Optional.empty();
                boolean sum = b.op().equals("sum");
                var acc = Optional.of(sum ? Rational.ZERO : Rational.ONE);
                for (long k = 0; k < count.longValue() && acc.isPresent(); k++) {
                    var term = exact(bind(b, new Num(new Rational(lo.add(BigInteger.valueOf(k)), BigInteger.ONE), false)));
                    if (term.isEmpty()) yield Optional.empty();
                    acc = sum ? acc.get().add(term.get()) : acc.get().mul(term.get());
                }
                yield acc;
            }
            default -> Optional.empty();
        };
    }

    /** The body of a sum or product with its index replaced by {@code value}. */
    private Node bind(Big b, Node value) {
        return Node.map(b.body(), n -> switch (n) {
            case Sym s when s.name().equals(b.var()) -> value;
            case Const c when c == Const.I && b.var().equals("i") || c == Const.E && b.var().equals("e") -> value;
            default -> n;
        }, budget);
    }

    /** Whether a numeric evaluation since the last {@link #resetLossy()} lost the value to under- or overflow. */
    boolean lossy() { return lossy; }

    void resetLossy() { lossy = false; }

    /** b^(p/q) exactly when b is a perfect q-th power (sqrt(16) = 4); otherwise not exact. */
    private Optional<Rational> exactRoot(Rational b, Rational e) {
        if (e.den().bitLength() > 5 || b.signum() < 0) return Optional.empty();
        int q = e.den().intValue();
        var rn = root(b.num(), q);
        var rd = root(b.den(), q);
        if (rn.isEmpty() || rd.isEmpty()) return Optional.empty();
        return Rational.of(rn.get(), rd.get()).flatMap(r -> r.pow(new Rational(e.num(), BigInteger.ONE)));
    }

    private Optional<BigInteger> root(BigInteger x, int q) {
        if (x.bitLength() > 2000) return Optional.empty();
        var guess = BigInteger.valueOf(Math.round(Math.pow(x.doubleValue(), 1.0 / q)));
        for (int d = -1; d <= 1; d++) {
            var g = guess.add(BigInteger.valueOf(d));
            if (g.signum() >= 0 && g.pow(q).equals(x)) return Optional.of(g);
        }
        return Optional.empty();
    }

    private Optional<Rational> factorial(Rational v) {
        if (!v.isInteger() || v.signum() < 0 || v.num().bitLength() > 31) return Optional.empty();
        int k = v.num().intValue();
        if (k > MAX_EXACT_FACTORIAL) return Optional.empty();
        var acc = BigInteger.ONE;
        for (int i = 2; i <= k; i++) {
            budget.tick();
            acc = acc.multiply(BigInteger.valueOf(i));
        }
        return Rational.of(acc, BigInteger.ONE);
    }

    private Optional<Rational> binom(Rational n, Rational k) {
        if (!n.isInteger() || !k.isInteger() || n.num().bitLength() > 31 || k.num().bitLength() > 31) return Optional.empty();
        long nn = n.num().longValue();
        long kk = k.num().longValue();
        if (kk < 0 || nn < 0 || kk > nn) return Optional.of(Rational.ZERO);
        kk = Math.min(kk, nn - kk);
        if (kk > MAX_EXACT_FACTORIAL) return Optional.empty();
        var acc = BigInteger.ONE;
        for (long i = 1; i <= kk; i++) {
            budget.tick();
            acc = acc.multiply(BigInteger.valueOf(nn - kk + i)).divide(BigInteger.valueOf(i));
        }
        return Rational.of(acc, BigInteger.ONE);
    }

    Complex numeric(Node n, Map<String, Complex> env) {
        budget.tick();
        return switch (n) {
            case Num num -> {
                double d = num.value().toDouble();
                if (d == 0 && num.value().signum() != 0 || Double.isInfinite(d)) lossy = true;
                yield Complex.real(d);
            }
            case Sym s -> env.getOrDefault(s.name(), Complex.NaN);
            case Const c -> switch (c) {
                case PI -> Complex.real(Math.PI);
                case E -> Complex.real(Math.E);
                case I -> Complex.I;
                case INF -> Complex.real(Double.POSITIVE_INFINITY);
            };
            case Add add -> {
                var acc = Complex.real(0);
                for (var t : add.terms()) acc = acc.add(numeric(t, env));
                yield acc;
            }
            case Mul mul -> {
                var acc = Complex.real(1);
                for (var f : mul.factors()) {
                    var v = numeric(f, env);
                    var next = acc.mul(v);
                    if (next.re() == 0 && next.im() == 0 && (acc.re() != 0 || acc.im() != 0) && (v.re() != 0 || v.im() != 0)) lossy = true;
                    acc = next;
                }
                yield acc;
            }
            case Pow pow -> {
                var b = numeric(pow.base(), env);
                var e = numeric(pow.exp(), env);
                if (e.im() == 0 && b.im() == 0 && b.re() < 0 && e.re() != Math.rint(e.re())) {
                    // An odd root of a negative real is real (cbrt(-8) = -2), as in school algebra.
                    double inv = 1 / e.re();
                    if (Math.abs(inv - Math.rint(inv)) < 1e-9 && ((long) Math.rint(inv)) % 2 != 0) {
                        yield Complex.real(-Math.pow(-b.re(), e.re()));
                    }
                }
                var r = b.pow(e);
                if (b.isFinite() && e.isFinite() && (r.re() == 0 && r.im() == 0 && (b.re() != 0 || b.im() != 0)
                    || Double.isInfinite(r.re()) && b.re() != 0)) lossy = true;
                yield r;
            }
            case Fn fn -> function(fn.name(), numeric(fn.arg(), env));
            case Fn2 f when f.name().equals("binom") -> {
                var a = numeric(f.a(), env);
                var b = numeric(f.b(), env);
                yield Complex.real(Math.exp(lgamma(a.re() + 1) - lgamma(b.re() + 1) - lgamma(a.re() - b.re() + 1)));
            }
            case Fn2 f -> numeric(f.b(), env).log().div(numeric(f.a(), env).log());
            case Percent p -> percentAsFraction ? numeric(p.value(), env).div(Complex.real(100)) : numeric(p.value(), env);
            case Big b -> {
                var from = numeric(b.from(), env);
                var to = numeric(b.to(), env);
                if (!from.isReal() || !to.isReal() || from.re() != Math.rint(from.re()) || to.re() != Math.rint(to.re())
                    || to.re() - from.re() >= MAX_BIG_TERMS) yield Complex.NaN;
                boolean sum = b.op().equals("sum");
                var acc = Complex.real(sum ? 0 : 1);
                for (double k = from.re(); k <= to.re(); k++) {
                    var term = numeric(bind(b, new Num(Rational.of((long) k), false)), env);
                    acc = sum ? acc.add(term) : acc.mul(term);
                }
                yield acc;
            }
            default -> Complex.NaN;
        };
    }

    private Complex function(String name, Complex x) {
        return switch (name) {
            case "sin" -> x.sin();
            case "cos" -> x.cos();
            case "tan" -> x.sin().div(x.cos());
            case "sec" -> Complex.real(1).div(x.cos());
            case "csc" -> Complex.real(1).div(x.sin());
            case "cot" -> x.cos().div(x.sin());
            case "arcsin" -> x.isReal() ? Complex.real(Math.asin(x.re())) : Complex.NaN;
            case "arccos" -> x.isReal() ? Complex.real(Math.acos(x.re())) : Complex.NaN;
            case "arctan" -> x.isReal() ? Complex.real(Math.atan(x.re())) : Complex.NaN;
            case "sinh" -> x.isReal() ? Complex.real(Math.sinh(x.re())) : Complex.NaN;
            case "cosh" -> x.isReal() ? Complex.real(Math.cosh(x.re())) : Complex.NaN;
            case "tanh" -> x.isReal() ? Complex.real(Math.tanh(x.re())) : Complex.NaN;
            case "ln", "log" -> x.log();
            case "exp" -> x.exp();
            case "abs" -> Complex.real(x.abs());
            case "floor" -> x.isReal() ? Complex.real(Math.floor(x.re())) : Complex.NaN;
            case "ceil" -> x.isReal() ? Complex.real(Math.ceil(x.re())) : Complex.NaN;
            case "fact" -> x.isReal() && x.re() >= 0 ? Complex.real(Math.exp(lgamma(x.re() + 1))) : Complex.NaN;
            default -> Complex.NaN;
        };
    }

    /** Lanczos log-gamma; factorials of huge n become honestly infinite. */
    static double lgamma(double x) {
        if (x > 1e15) return Double.POSITIVE_INFINITY;
        double[] g = {676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};
        if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
        x -= 1;
        double a = 0.99999999999980993;
        double t = x + 7.5;
        for (int i = 0; i < 8; i++) a += g[i] / (x + i + 1);
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
    }

    /** Free symbols, sorted so that sampling is deterministic. */
    Set<String> symbols(Node n, Set<String> into) {
        budget.tick();
        switch (n) {
            case Sym s -> into.add(s.name());
            case Add a -> a.terms().forEach(t -> symbols(t, into));
            case Mul m -> m.factors().forEach(f -> symbols(f, into));
            case Pow p -> { symbols(p.base(), into); symbols(p.exp(), into); }
            case Fn f -> symbols(f.arg(), into);
            case Fn2 f -> { symbols(f.a(), into); symbols(f.b(), into); }
            case Percent p -> symbols(p.value(), into);
            case PlusMinus pm -> { symbols(pm.a(), into); symbols(pm.b(), into); }
            case Big b -> {
                symbols(b.from(), into);
                symbols(b.to(), into);
                var inner = symbols(b.body(), new TreeSet<>());
                inner.remove(b.var());
                into.addAll(inner);
            }
            default -> { }
        }
        return into;
    }

    Set<String> symbols(Node n) { return symbols(n, new TreeSet<>()); }

    /**
     * The most decimals any decimal literal in {@code n} gives, or -1 when there is none (then comparison is exact;
     * otherwise it rounds, as Math-Verify does).
     */
    int decimalPlaces(Node n) {
        budget.tick();
        return switch (n) {
            case Num num -> num.decimal() ? num.places() : -1;
            case Add a -> a.terms().stream().mapToInt(this::decimalPlaces).max().orElse(-1);
            case Mul m -> m.factors().stream().mapToInt(this::decimalPlaces).max().orElse(-1);
            case Pow p -> Math.max(decimalPlaces(p.base()), decimalPlaces(p.exp()));
            case Fn f -> decimalPlaces(f.arg());
            case Fn2 f -> Math.max(decimalPlaces(f.a()), decimalPlaces(f.b()));
            case Percent p -> decimalPlaces(p.value());
            case Big b -> decimalPlaces(b.body());
            default -> -1;
        };
    }

    /** Replaces each {@code a \pm b} by its two branches: "1 \pm \sqrt 5" is the pair of roots. */
    static java.util.List<Node> expandPlusMinus(Node n, Budget budget) {
        budget.tick();
        return switch (n) {
            case PlusMinus pm -> {
                var out = new ArrayList<Node>();
                for (var a : expandPlusMinus(pm.a(), budget)) {
                    for (var b : expandPlusMinus(pm.b(), budget)) {
                        out.add(new Add(java.util.List.of(a, b)));
                        out.add(new Add(java.util.List.of(a, new Mul(java.util.List.of(new Num(Rational.of(-1), false), b)))));
                    }
                }
                if (out.size() > 16) throw new Budget.TooComplex("too many ± branches");
                yield out;
            }
            case Add a -> combine(a.terms(), Add::new, budget);
            case Mul m -> combine(m.factors(), Mul::new, budget);
            default -> java.util.List.of(n);
        };
    }

    private static java.util.List<Node> combine(java.util.List<Node> parts,
                                                java.util.function.Function<java.util.List<Node>, Node> make, Budget budget) {
        var acc = new ArrayList<java.util.List<Node>>();
        acc.add(java.util.List.of());
        for (var p : parts) {
            var branches = expandPlusMinus(p, budget);
            var next = new ArrayList<java.util.List<Node>>();
            for (var prefix : acc) {
                for (var b : branches) {
                    var l = new ArrayList<>(prefix);
                    l.add(b);
                    next.add(l);
                }
            }
            if (next.size() > 16) throw new Budget.TooComplex("too many ± branches");
            acc = next;
        }
        var out = new ArrayList<Node>();
        for (var l : acc) out.add(make.apply(java.util.List.copyOf(l)));
        return out;
    }
}
