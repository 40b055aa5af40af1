package ai.lyceum.reward.math;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Optional;

/** An exact fraction in lowest terms with a positive denominator; sizes are capped so arithmetic stays cheap. */
record Rational(BigInteger num, BigInteger den) {
    /** Results larger than this many bits are not kept exactly (10^10^10 is refused, not computed). */
    static final int MAX_BITS = 40_000;
    static final Rational ZERO = new Rational(BigInteger.ZERO, BigInteger.ONE);
    static final Rational ONE = new Rational(BigInteger.ONE, BigInteger.ONE);

    static Rational of(long n) { return new Rational(BigInteger.valueOf(n), BigInteger.ONE); }

    static Optional<Rational> of(BigInteger n, BigInteger d) {
        if (d.signum() == 0) return Optional.empty();
        if (d.signum() < 0) { n = n.negate(); d = d.negate(); }
        var g = n.gcd(d);
        if (!g.equals(BigInteger.ONE) && g.signum() != 0) { n = n.divide(g); d = d.divide(g); }
        if (n.bitLength() > MAX_BITS || d.bitLength() > MAX_BITS) return Optional.empty();
        return Optional.of(new Rational(n, d));
    }

    /** The exact value of a decimal ("0.25", "1e-3"), when its exponent is within bounds. */
    static Optional<Rational> of(BigDecimal bd) {
        if (Math.abs(bd.scale()) > 1000) return Optional.empty();
        return bd.scale() <= 0 ? of(bd.toBigIntegerExact(), BigInteger.ONE)
            : of(bd.unscaledValue(), BigInteger.TEN.pow(bd.scale()));
    }

    boolean isInteger() { return den.equals(BigInteger.ONE); }

    int signum() { return num.signum(); }

    Optional<Rational> add(Rational o) { return of(num.multiply(o.den).add(o.num.multiply(den)), den.multiply(o.den)); }

    Optional<Rational> mul(Rational o) { return of(num.multiply(o.num), den.multiply(o.den)); }

    Optional<Rational> inverse() { return of(den, num); }

    Rational negate() { return new Rational(num.negate(), den); }

    /** Integer powers only, and only when the result fits the size cap (checked before computing). */
    Optional<Rational> pow(Rational e) {
        if (!e.isInteger() || e.num.bitLength() > 31) return Optional.empty();
        int k = e.num.intValueExact();
        long bits = (long) Math.max(num.bitLength(), den.bitLength()) * Math.abs((long) k);
        if (bits > MAX_BITS) return Optional.empty();
        if (k >= 0) return of(num.pow(k), den.pow(k));
        return signum() == 0 ? Optional.empty() : of(den.pow(-k), num.pow(-k));
    }

    double toDouble() {
        if (num.bitLength() < 1000 && den.bitLength() < 1000) {
            return new BigDecimal(num).divide(new BigDecimal(den), MathContext.DECIMAL64).doubleValue();
        }
        // Huge operands: go through logarithms, which honestly overflow to infinity or underflow to zero.
        double v = Math.exp(log(num.abs()) - log(den));
        return num.signum() < 0 ? -v : v;
    }

    private static double log(BigInteger x) {
        int drop = Math.max(0, x.bitLength() - 60);
        return Math.log(x.shiftRight(drop).doubleValue()) + drop * Math.log(2);
    }

    /** Rounds to {@code places} decimals (half up), as Math-Verify's float_rounding does. */
    BigDecimal round(int places) {
        return new BigDecimal(num).divide(new BigDecimal(den), places, RoundingMode.HALF_UP);
    }

    @Override
    public String toString() { return isInteger() ? num.toString() : num + "/" + den; }
}
