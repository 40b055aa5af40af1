package ai.lyceum.reward.math;

/** A complex double, enough for numeric evaluation of answers such as {@code 3+4i} or {@code \sqrt{-4}}. */
record Complex(double re, double im) {
    static final Complex I = new Complex(0, 1);
    static final Complex NaN = new Complex(Double.NaN, Double.NaN);

    static Complex real(double v) { return new Complex(v, 0); }

    boolean isFinite() { return Double.isFinite(re) && Double.isFinite(im); }

    boolean isReal() { return Math.abs(im) <= 1e-12 * Math.max(1, Math.abs(re)); }

    double abs() { return Math.hypot(re, im); }

    Complex add(Complex o) { return new Complex(re + o.re, im + o.im); }

    Complex sub(Complex o) { return new Complex(re - o.re, im - o.im); }

    Complex mul(Complex o) {
        if (im == 0 && o.im == 0) return real(re * o.re);
        return new Complex(re * o.re - im * o.im, re * o.im + im * o.re);
    }

    Complex div(Complex o) {
        if (im == 0 && o.im == 0) return real(re / o.re);
        double d = o.re * o.re + o.im * o.im;
        return new Complex((re * o.re + im * o.im) / d, (im * o.re - re * o.im) / d);
    }

    Complex negate() { return new Complex(-re, -im); }

    Complex log() { return new Complex(Math.log(abs()), Math.atan2(im, re)); }

    Complex exp() {
        double m = Math.exp(re);
        return im == 0 ? real(m) : new Complex(m * Math.cos(im), m * Math.sin(im));
    }

    Complex pow(Complex e) {
        if (im == 0 && e.im == 0) {
            if (re >= 0 || e.re == Math.rint(e.re)) return real(Math.pow(re, e.re));
        }
        if (re == 0 && im == 0) return e.re > 0 ? real(0) : NaN;
        return e.mul(log()).exp();
    }

    Complex sqrt() {
        if (im == 0 && re >= 0) return real(Math.sqrt(re));
        return pow(real(0.5));
    }

    Complex sin() {
        return im == 0 ? real(Math.sin(re)) : new Complex(Math.sin(re) * Math.cosh(im), Math.cos(re) * Math.sinh(im));
    }

    Complex cos() {
        return im == 0 ? real(Math.cos(re)) : new Complex(Math.cos(re) * Math.cosh(im), -Math.sin(re) * Math.sinh(im));
    }
}
