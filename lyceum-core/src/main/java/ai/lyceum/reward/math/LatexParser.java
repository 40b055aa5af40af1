package ai.lyceum.reward.math;

import ai.lyceum.reward.math.LatexLexer.Kind;
import ai.lyceum.reward.math.LatexLexer.Tok;
import ai.lyceum.reward.math.Node.*;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A recursive-descent parser from normalised LaTeX (or plain math) to {@link Node}s. Precedence, lowest first:
 * list (",") → union ("\cup") → relation → sum (+ - \pm) → product (* / implicit) → unary → power → postfix (! %).
 * Every step ticks the budget and nesting is bounded, so hostile input ends in a typed refusal, never a hang.
 */
final class LatexParser {
    /** Thrown when the text is not math this parser understands; the caller falls back to text comparison. */
    static final class ParseError extends RuntimeException {
        ParseError(String why) { super(why, null, false, false); }
    }

    private static final Set<String> FUNCTIONS = Set.of("sin", "cos", "tan", "sec", "csc", "cot", "arcsin",
        "arccos", "arctan", "sinh", "cosh", "tanh", "ln", "log", "exp", "lg");
    private static final Set<String> GREEK = Set.of("alpha", "beta", "gamma", "delta", "epsilon", "varepsilon",
        "zeta", "eta", "theta", "vartheta", "iota", "kappa", "lambda", "mu", "nu", "xi", "rho", "sigma", "tau",
        "upsilon", "phi", "varphi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Sigma",
        "Phi", "Psi", "Omega");
    private static final Map<String, String> MATRIX_ENVS = Map.of("pmatrix", "", "bmatrix", "", "matrix", "",
        "array", "", "vmatrix", "", "Bmatrix", "", "smallmatrix", "");
    private static final Num MINUS_ONE = new Num(Rational.of(-1), false);
    /** Commands that end a product rather than start a factor. */
    private static final Set<String> STOPS = Set.of("cup", "in", "pm", "mp", "end", "}", "right", "rfloor", "rceil");

    private final List<Tok> toks;
    private final Budget budget;
    private int pos;
    private int depth;

    private LatexParser(List<Tok> toks, Budget budget) {
        this.toks = new ArrayList<>(toks);
        this.budget = budget;
    }

    static Node parse(String normalized, Budget budget) {
        var p = new LatexParser(LatexLexer.tokenize(normalized, budget), budget);
        if (p.peek().kind() == Kind.END) throw new ParseError("empty answer");
        var node = p.list();
        if (p.peek().kind() != Kind.END) throw new ParseError("unexpected '" + p.peek().text() + "'");
        return node;
    }

    private Tok peek() { return toks.get(pos); }

    private boolean isOp(String op) { return peek().kind() == Kind.OP && peek().text().equals(op); }

    private boolean isCmd(String name) { return peek().kind() == Kind.CMD && peek().text().equals(name); }

    private Tok next() { budget.tick(); return toks.get(pos++); }

    private void expectOp(String op) {
        if (!isOp(op)) throw new ParseError("expected '" + op + "' but found '" + peek().text() + "'");
        pos++;
    }

    private void enter() { budget.checkDepth(++depth); }

    private Node list() {
        enter();
        var items = new ArrayList<Node>();
        items.add(union());
        while (isOp(",") || isOp(";")) {
            next();
            if (atClose()) break; // a trailing comma
            items.add(union());
        }
        depth--;
        return items.size() == 1 ? items.get(0) : new Seq("", "", List.copyOf(items));
    }

    private boolean atClose() {
        var t = peek();
        return t.kind() == Kind.END || t.kind() == Kind.OP && (t.text().equals(")") || t.text().equals("]")
            || t.text().equals("}")) || t.kind() == Kind.CMD && t.text().equals("}");
    }

    private Node union() {
        var first = relation();
        if (!isCmd("cup")) return first;
        var parts = new ArrayList<Node>(List.of(first));
        while (isCmd("cup")) { next(); parts.add(relation()); }
        return new Union(List.copyOf(parts));
    }

    private Node relation() {
        var first = sum();
        if (isCmd("in")) { next(); return new In(first, union()); }
        var parts = new ArrayList<Node>(List.of(first));
        var ops = new ArrayList<String>();
        while (peek().kind() == Kind.OP) {
            var op = switch (peek().text()) {
                case "=", "==" -> "=";
                case "<" -> "<";
                case ">" -> ">";
                case "<=", "=<" -> "<=";
                case ">=", "=>" -> ">=";
                case "!=" -> "!=";
                case "≈" -> "≈";
                default -> null;
            };
            if (op == null) break;
            next();
            ops.add(op);
            parts.add(sum());
        }
        return ops.isEmpty() ? first : new Rel(List.copyOf(parts), List.copyOf(ops));
    }

    private Node sum() {
        enter();
        var terms = new ArrayList<Node>();
        if (isCmd("pm")) { next(); terms.add(new PlusMinus(new Num(Rational.ZERO, false), term())); }
        else terms.add(unarySigned());
        while (true) {
            if (isOp("+")) { next(); terms.add(term()); }
            else if (isOp("-")) { next(); terms.add(neg(term())); }
            else if (isCmd("pm") || isCmd("mp")) {
                next();
                var left = terms.size() == 1 ? terms.get(0) : new Add(List.copyOf(terms));
                terms.clear();
                terms.add(new PlusMinus(left, term()));
            } else break;
        }
        depth--;
        return terms.size() == 1 ? terms.get(0) : new Add(List.copyOf(terms));
    }

    private Node unarySigned() {
        if (isOp("-")) { next(); return neg(term()); }
        if (isOp("+")) { next(); return term(); }
        return term();
    }

    private static Node neg(Node n) {
        if (n instanceof Num num) return new Num(num.value().negate(), num.decimal());
        return new Mul(List.of(MINUS_ONE, n));
    }

    private Node term() {
        enter();
        var factors = new ArrayList<Node>();
        factors.add(unary());
        while (true) {
            if (isOp("*")) { next(); factors.add(unary()); }
            else if (isOp("/") || isOp(":")) { next(); factors.add(new Pow(unary(), MINUS_ONE)); } // a ratio 11:21 is 11/21
            else if (peek().kind() == Kind.TEXT && !factors.isEmpty()) {
                next(); // a unit after a value ("15 \text{ cm}^2"): dropped
                if (isOp("^")) { next(); scriptArg(); }
            } else if (startsPrimary()) {
                boolean mixed = isCmd("frac") && factors.size() == 1 && factors.get(0) instanceof Num whole
                    && whole.value().isInteger() && whole.value().signum() >= 0 && !whole.decimal();
                var next = power();
                if (mixed && isNumericFraction(next)) factors.set(0, new Add(List.of(factors.get(0), next))); // 3\frac12
                else factors.add(next);
            }
            else break;
        }
        depth--;
        return factors.size() == 1 ? factors.get(0) : new Mul(List.copyOf(factors));
    }

    private static boolean isNumericFraction(Node n) {
        return n instanceof Mul m && m.factors().size() == 2 && m.factors().get(0) instanceof Num a && a.value().isInteger()
            && m.factors().get(1) instanceof Pow p && p.base() instanceof Num b && b.value().isInteger();
    }

    private boolean startsPrimary() {
        var t = peek();
        return switch (t.kind()) {
            case NUM, LETTER -> true;
            case CMD -> !STOPS.contains(t.text());
            case OP -> t.text().equals("(") || t.text().equals("{");
            default -> false;
        };
    }

    private Node unary() {
        if (isOp("-")) { next(); return neg(unary()); }
        if (isOp("+")) { next(); return unary(); }
        return power();
    }

    private Node power() {
        enter();
        var base = postfix();
        if (isOp("^")) {
            next();
            base = new Pow(base, scriptArg());
            while (isOp("!")) { next(); base = new Fn("fact", base); }
        }
        depth--;
        return base;
    }

    private Node postfix() {
        var p = primary();
        while (true) {
            if (isOp("!")) { next(); p = new Fn("fact", p); }
            else if (isOp("%")) { next(); p = new Percent(p); }
            else break;
        }
        return p;
    }

    /** A LaTeX macro argument: a braced group, or else a single character ("\frac13", "x^23" = x²·3). */
    private Node scriptArg() {
        enter();
        try {
            if (isOp("{")) {
                next();
                var inner = list();
                expectOp("}");
                return inner;
            }
            if (isOp("-")) { next(); return neg(scriptArg()); }
            var t = peek();
            if (t.kind() == Kind.NUM && t.text().length() > 1 && Character.isDigit(t.text().charAt(1))) {
                toks.set(pos, new Tok(Kind.NUM, t.text().substring(1)));
                return new Num(Rational.of(t.text().charAt(0) - '0'), false);
            }
            return primary();
        } finally {
            depth--;
        }
    }

    private Node primary() {
        enter();
        try {
            var t = next();
            return switch (t.kind()) {
                case NUM -> number(t.text());
                case LETTER -> letter(t.text());
                case TEXT -> text(t.text());
                case CMD -> command(t.text());
                case OP -> bracket(t.text());
                case END -> throw new ParseError("answer ends too early");
            };
        } finally {
            depth--;
        }
    }

    private Node number(String text) {
        java.math.BigDecimal decimalValue;
        try {
            if (text.length() > 400) throw new ParseError("number too long");
            decimalValue = new java.math.BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new ParseError("bad number " + text);
        }
        var value = Rational.of(decimalValue).orElseThrow(() -> new ParseError("number out of range " + text));
        if (isOp("_")) { // 204_5: a numeral in another base
            next();
            var base = scriptArg();
            if (base instanceof Num b && b.value().isInteger() && !text.contains(".")) {
                int radix = b.value().num().intValue();
                try {
                    if (radix >= 2 && radix <= 36) return new Num(new Rational(new BigInteger(text, radix), BigInteger.ONE), false);
                } catch (NumberFormatException e) {
                    throw new ParseError("digits " + text + " not in base " + radix);
                }
            }
            throw new ParseError("bad base subscript");
        }
        boolean decimal = text.contains(".") || text.contains("e") || text.contains("E");
        return new Num(value, decimal, decimal ? Math.max(0, decimalValue.scale()) : 0);
    }

    private Node letter(String name) {
        var sub = subscript();
        if (!sub.isEmpty()) return new Sym(name + "_" + sub);
        return switch (name) {
            case "e" -> Const.E;
            case "i" -> Const.I;
            default -> new Sym(name);
        };
    }

    /** Subscripts are names, not arithmetic: x_1, F_{n-k-1}. */
    private String subscript() {
        if (!isOp("_")) return "";
        next();
        if (isOp("{")) {
            var sb = new StringBuilder();
            int open = 0;
            while (true) {
                var t = next();
                if (t.kind() == Kind.END) throw new ParseError("unclosed subscript");
                if (t.kind() == Kind.OP && t.text().equals("{")) open++;
                if (t.kind() == Kind.OP && t.text().equals("}") && --open == 0) break;
                if (open > 0 && !(open == 1 && t.text().equals("{"))) sb.append(t.text());
            }
            return sb.toString();
        }
        var t = next();
        if (t.kind() == Kind.END) throw new ParseError("empty subscript");
        if (t.kind() == Kind.NUM && t.text().length() > 1) {
            toks.add(pos, new Tok(Kind.NUM, t.text().substring(1)));
            return t.text().substring(0, 1);
        }
        return t.text();
    }

    private Node text(String words) {
        var w = words.strip();
        if (w.equals("e")) return Const.E; // \text{e}, like \mathrm{e}, is Euler's number
        if (w.matches("\\(?[A-Za-z]\\)?")) return new Text(w.replaceAll("[()]", ""));
        return new Text(w);
    }

    private Node command(String name) {
        if (GREEK.contains(name)) {
            var sub = subscript();
            return new Sym(sub.isEmpty() ? name : name + "_" + sub);
        }
        if (FUNCTIONS.contains(name)) return function(name);
        return switch (name) {
            case "frac" -> {
                var a = scriptArg();
                var b = scriptArg();
                yield new Mul(List.of(a, new Pow(b, MINUS_ONE)));
            }
            case "sqrt" -> {
                Node index = new Num(Rational.of(2), false);
                if (isOp("[")) { next(); index = sum(); expectOp("]"); }
                yield new Pow(scriptArg(), new Pow(index, MINUS_ONE));
            }
            case "binom", "dbinom", "tbinom" -> new Fn2("binom", scriptArg(), scriptArg());
            case "pi" -> Const.PI;
            case "infty", "infinity" -> Const.INF;
            case "emptyset" -> new Seq("{", "}", List.of());
            case "{" -> bracketed("{", "}", true);
            case "lfloor" -> closed("floor", "rfloor");
            case "lceil" -> closed("ceil", "rceil");
            case "begin" -> environment();
            case "dots" -> new Sym("…");
            case "boxed", "fbox" -> scriptArg();
            case "sum", "prod" -> bigOperator(name);
            default -> new Sym("\\" + name);
        };
    }

    /** {@code \sum_{k=a}^{b} body}: the body is the product that follows. */
    private Node bigOperator(String op) {
        if (!isOp("_")) throw new ParseError("\\" + op + " without an index");
        next();
        var lower = scriptArg();
        if (!(lower instanceof Rel r && r.parts().size() == 2 && r.ops().get(0).equals("="))) {
            throw new ParseError("\\" + op + " index is not var=start");
        }
        var var = switch (r.parts().get(0)) {
            case Sym sym -> sym.name();
            case Const c when c == Const.I -> "i";
            case Const c when c == Const.E -> "e";
            default -> throw new ParseError("\\" + op + " index is not a variable");
        };
        if (!isOp("^")) throw new ParseError("\\" + op + " without an upper bound");
        next();
        var upper = scriptArg();
        return new Big(op, var, r.parts().get(1), upper, term());
    }

    private Node closed(String fn, String closer) {
        var inner = sum();
        if (!isCmd(closer)) throw new ParseError("missing \\" + closer);
        next();
        return new Fn(fn, inner);
    }

    private Node function(String name) {
        Node power = null;
        if (isOp("^")) { next(); power = scriptArg(); }
        Node arg;
        if (name.equals("log") && isOp("_")) {
            next();
            var base = scriptArg();
            arg = isOp("(") ? primary() : power();
            Node f = new Fn2("logb", base, arg);
            return power == null ? f : new Pow(f, power);
        }
        arg = isOp("(") ? primary() : power();
        Node f = new Fn(name.equals("lg") ? "log" : name, arg);
        return power == null ? f : new Pow(f, power);
    }

    private Node bracket(String open) {
        return switch (open) {
            case "(", "[" -> bracketed(open, null, false);
            case "{" -> bracketed("{", "}", false);
            case "|" -> {
                var inner = sum();
                expectOp("|");
                yield new Fn("abs", inner);
            }
            default -> throw new ParseError("unexpected '" + open + "'");
        };
    }

    /** "(", "[" close with ")" or "]" (half-open intervals); braces close with their own kind. */
    private Node bracketed(String open, String close, boolean escapedBrace) {
        if (escapedBrace ? isCmd("}") : close != null && isOp(close)) {
            next();
            return new Seq("{", "}", List.of());
        }
        var inner = list();
        if (escapedBrace && isOp("|")) { // set-builder {x | -1 < x < 1}: the set its condition describes
            next();
            var condition = list();
            if (!isCmd("}")) throw new ParseError("unclosed \\{");
            next();
            return condition;
        }
        String actual;
        if (escapedBrace) {
            if (!isCmd("}")) throw new ParseError("unclosed \\{");
            next();
            actual = "}";
        } else if (close != null) {
            expectOp(close);
            actual = close;
        } else if (isOp(")") || isOp("]")) {
            actual = next().text();
        } else {
            throw new ParseError("unclosed " + open);
        }
        if (escapedBrace) return inner instanceof Seq s && s.open().isEmpty() ? new Seq("{", "}", s.items())
            : new Seq("{", "}", List.of(inner));
        if (inner instanceof Seq s && s.open().isEmpty()) {
            return new Seq(open.equals("{") ? "{" : open, open.equals("{") ? "}" : actual, s.items());
        }
        boolean plainGroup = open.equals("(") && actual.equals(")") || open.equals("[") && actual.equals("]")
            || open.equals("{");
        if (!plainGroup) throw new ParseError("mismatched brackets around a single value");
        return inner;
    }

    private Node environment() {
        if (!isOp("{")) throw new ParseError("\\begin without a name");
        next();
        var sb = new StringBuilder();
        while (!isOp("}")) {
            var t = next();
            if (t.kind() == Kind.END) throw new ParseError("unclosed \\begin");
            sb.append(t.text());
        }
        next();
        var env = sb.toString();
        if (!MATRIX_ENVS.containsKey(env)) throw new ParseError("unsupported environment " + env);
        if (env.equals("array") && isOp("{")) { // column spec
            while (!isOp("}")) { if (next().kind() == Kind.END) throw new ParseError("unclosed array spec"); }
            next();
        }
        var rows = new ArrayList<List<Node>>();
        var row = new ArrayList<Node>();
        while (true) {
            budget.tick();
            if (isCmd("end")) {
                next();
                if (isOp("{")) { while (!isOp("}") && peek().kind() != Kind.END) next(); if (isOp("}")) next(); }
                if (!row.isEmpty()) rows.add(List.copyOf(row));
                break;
            }
            if (peek().kind() == Kind.END) throw new ParseError("unclosed matrix");
            if (isOp("\\\\")) { next(); if (!row.isEmpty()) rows.add(List.copyOf(row)); row = new ArrayList<>(); continue; }
            if (isOp("&")) { next(); continue; }
            row.add(sum());
        }
        if (rows.isEmpty()) throw new ParseError("empty matrix");
        return new Matrix(List.copyOf(rows));
    }
}
