package ai.lyceum.reward.math;

import java.util.List;

/** The parsed form of an answer: arithmetic expressions plus the structures answers come in. */
sealed interface Node {
    /**
     * A number; {@code decimal} marks one written with a point or an exponent, which compares after rounding, and
     * {@code places} is how many decimals its literal gives (1e-400 gives 400), which bounds that rounding.
     */
    record Num(Rational value, boolean decimal, int places) implements Node {
        Num(Rational value, boolean decimal) { this(value, decimal, 0); }
    }

    /** A free variable such as {@code x}, {@code \alpha} or {@code x_1}. */
    record Sym(String name) implements Node {}

    /** pi, e, the imaginary unit and infinity (signed by a surrounding negation). */
    enum Const implements Node { PI, E, I, INF }

    record Add(List<Node> terms) implements Node {}

    record Mul(List<Node> factors) implements Node {}

    record Pow(Node base, Node exp) implements Node {}

    /** A named one-argument function: sin, cos, tan, sec, csc, cot, arcsin…, ln, log, exp, abs, fact, floor. */
    record Fn(String name, Node arg) implements Node {}

    /** {@code \binom{n}{k}} and {@code \log_b x}. */
    record Fn2(String name, Node a, Node b) implements Node {}

    /** {@code a \pm b}: two answers in one. */
    record PlusMinus(Node a, Node b) implements Node {}

    /** A value written with a percent sign. */
    record Percent(Node value) implements Node {}

    /**
     * A bracketed or bare list. {@code open}/{@code close} are the written delimiters ("(", "]", "{" …; empty for a
     * bare comma list), so {@code [0,1)} and {@code (0,1)} stay distinct.
     */
    record Seq(String open, String close, List<Node> items) implements Node {
        boolean isSet() { return open.equals("{") || open.isEmpty(); }
    }

    record Matrix(List<List<Node>> rows) implements Node {}

    /** A chain of relations: {@code parts.size() == ops.size() + 1}; ops are =, <, <=, >, >=, !=, ≈. */
    record Rel(List<Node> parts, List<String> ops) implements Node {}

    /** {@code x \in S}. */
    record In(Node element, Node set) implements Node {}

    record Union(List<Node> parts) implements Node {}

    /** Words: {@code \text{Evelyn}} or a multiple-choice letter. Compared case-insensitively. */
    record Text(String words) implements Node {}

    /** {@code \sum_{var=from}^{to} body} ({@code op} "sum") or {@code \prod} ({@code op} "prod"). */
    record Big(String op, String var, Node from, Node to, Node body) implements Node {}

    /** Rebuilds {@code n} bottom-up, applying {@code f} to every node after its children. */
    static Node map(Node n, java.util.function.UnaryOperator<Node> f, Budget budget) {
        budget.tick();
        java.util.function.UnaryOperator<Node> m = c -> map(c, f, budget);
        Node rebuilt = switch (n) {
            case Add a -> new Add(a.terms().stream().map(m).toList());
            case Mul x -> new Mul(x.factors().stream().map(m).toList());
            case Pow p -> new Pow(m.apply(p.base()), m.apply(p.exp()));
            case Fn fn -> new Fn(fn.name(), m.apply(fn.arg()));
            case Fn2 fn -> new Fn2(fn.name(), m.apply(fn.a()), m.apply(fn.b()));
            case PlusMinus pm -> new PlusMinus(m.apply(pm.a()), m.apply(pm.b()));
            case Percent pc -> new Percent(m.apply(pc.value()));
            case Seq s -> new Seq(s.open(), s.close(), s.items().stream().map(m).toList());
            case Matrix mx -> new Matrix(mx.rows().stream().map(r -> r.stream().map(m).toList()).toList());
            case Rel r -> new Rel(r.parts().stream().map(m).toList(), r.ops());
            case In in -> new In(m.apply(in.element()), m.apply(in.set()));
            case Union u -> new Union(u.parts().stream().map(m).toList());
            case Big b -> new Big(b.op(), b.var(), m.apply(b.from()), m.apply(b.to()), m.apply(b.body()));
            case Num x -> x;
            case Sym x -> x;
            case Const x -> x;
            case Text x -> x;
        };
        return f.apply(rebuilt);
    }
}
