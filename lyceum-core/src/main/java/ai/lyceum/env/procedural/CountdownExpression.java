package ai.lyceum.env.procedural;

import java.util.ArrayList;
import java.util.List;

/**
 * An arithmetic expression over whole numbers with {@code + - * /} and parentheses: Countdown's answers. Model
 * output is parsed by recursive descent, never evaluated by a script engine, and evaluated in exact
 * {@code long} arithmetic where a division must leave no remainder.
 */
sealed interface CountdownExpression {
    /** Longest text the parser reads; an answer is far shorter, and the bound keeps recursion shallow. */
    int MAX_LENGTH = 96;

    record Number(long value) implements CountdownExpression {
        public Number {
            if (value < 0) throw new IllegalArgumentException("a Countdown number is not negative, was " + value);
        }
    }

    record Operation(char operator, CountdownExpression left, CountdownExpression right) implements CountdownExpression {
        public Operation {
            if ("+-*/".indexOf(operator) < 0) throw new IllegalArgumentException("unknown operator '" + operator + "'");
        }
    }

    /** The exact value; {@link ArithmeticException} names an inexact division, a division by zero or overflow. */
    default long value() {
        return switch (this) {
            case Number n -> n.value();
            case Operation(char op, var l, var r) -> apply(op, l.value(), r.value());
        };
    }

    static long apply(char op, long a, long b) {
        return switch (op) {
            case '+' -> Math.addExact(a, b);
            case '-' -> Math.subtractExact(a, b);
            case '*' -> Math.multiplyExact(a, b);
            default -> {
                if (b == 0) throw new ArithmeticException("division by zero");
                if (a % b != 0) throw new ArithmeticException("inexact division " + a + "/" + b);
                yield a / b;
            }
        };
    }

    /** The numbers the expression uses, left to right. */
    default List<Long> numbers() {
        var out = new ArrayList<Long>();
        collect(this, out);
        return out;
    }

    private static void collect(CountdownExpression e, List<Long> out) {
        switch (e) {
            case Number n -> out.add(n.value());
            case Operation o -> {
                collect(o.left(), out);
                collect(o.right(), out);
            }
        }
    }

    /** The first operation evaluated, left to right: the innermost leftmost one, whose operands are both numbers. */
    default Operation firstOperation() {
        if (!(this instanceof Operation o)) throw new IllegalStateException("a lone number has no operation");
        if (o.left() instanceof Operation) return o.left().firstOperation();
        if (o.right() instanceof Operation) return o.right().firstOperation();
        return o;
    }

    /** The text with only the parentheses the value needs; it parses back to an expression of equal value. */
    default String text() {
        return switch (this) {
            case Number n -> Long.toString(n.value());
            case Operation(char op, var l, var r) -> {
                String left = precedence(l) < precedence(op) ? "(" + l.text() + ")" : l.text();
                // a-(b-c) and a/(b/c) need theirs; a+(b-c) = a+b-c and a*(b/c) = a*b/c (c divides b) do not.
                boolean wrap = precedence(r) < precedence(op) || precedence(r) == precedence(op) && (op == '-' || op == '/');
                yield left + op + (wrap ? "(" + r.text() + ")" : r.text());
            }
        };
    }

    private static int precedence(CountdownExpression e) {
        return e instanceof Operation o ? precedence(o.operator()) : 3;
    }

    private static int precedence(char op) { return op == '+' || op == '-' ? 1 : 2; }

    /** Parses {@code text}; spaces between tokens are allowed. */
    static Parsed parse(String text) {
        if (text.length() > MAX_LENGTH) return new Parsed.Rejected("longer than " + MAX_LENGTH + " characters");
        var parser = new Parser(text);
        try {
            var e = parser.expression();
            parser.skipSpaces();
            if (parser.pos < text.length()) return new Parsed.Rejected("unexpected '" + text.charAt(parser.pos) + "' at " + parser.pos);
            return new Parsed.Valid(e);
        } catch (IllegalArgumentException bad) {
            return new Parsed.Rejected(bad.getMessage());
        }
    }

    /** What parsing a text gave: an expression, or why there is none. */
    sealed interface Parsed {
        record Valid(CountdownExpression expression) implements Parsed {}

        record Rejected(String reason) implements Parsed {}
    }

    /** expression := term (('+' | '-') term)*; term := factor (('*' | '/') factor)*; factor := number | '(' expression ')'. */
    final class Parser {
        private static final int MAX_DIGITS = 9; // a Countdown number is small; nine digits cannot overflow a long
        private final String text;
        private int pos;

        private Parser(String text) { this.text = text; }

        CountdownExpression expression() {
            var e = term();
            for (char c = peek(); c == '+' || c == '-'; c = peek()) {
                pos++;
                e = new Operation(c, e, term());
            }
            return e;
        }

        private CountdownExpression term() {
            var e = factor();
            for (char c = peek(); c == '*' || c == '/'; c = peek()) {
                pos++;
                e = new Operation(c, e, factor());
            }
            return e;
        }

        private CountdownExpression factor() {
            char c = peek();
            if (c == '(') {
                pos++;
                var e = expression();
                if (peek() != ')') throw new IllegalArgumentException("missing ')' at " + pos);
                pos++;
                return e;
            }
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException(pos < text.length() ? "expected a number at " + pos + ", found '" + c + "'"
                        : "expected a number at the end");
            }
            int start = pos;
            while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') pos++;
            String digits = text.substring(start, pos);
            if (digits.length() > 1 && digits.charAt(0) == '0') throw new IllegalArgumentException("leading zero in " + digits);
            if (digits.length() > MAX_DIGITS) throw new IllegalArgumentException("number too long at " + start);
            return new Number(Long.parseLong(digits));
        }

        /** The next non-space character, or NUL at the end. */
        private char peek() {
            skipSpaces();
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        void skipSpaces() { while (pos < text.length() && text.charAt(pos) == ' ') pos++; }
    }
}
