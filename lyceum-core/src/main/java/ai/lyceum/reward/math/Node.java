package ai.lyceum.reward.math;

import java.util.List;

/** The parsed form of an answer: arithmetic expressions plus the structures answers come in. */
sealed interface Node {
    /** A number; {@code decimal} marks one written with a point, which compares after rounding. */
    record Num(Rational value, boolean decimal) implements Node {}

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
}
