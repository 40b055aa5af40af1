package ai.lyceum.bench.swebench.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Python operations on {@link PyJson} values, raising what Python raises: the official parsers apply
 * {@code in}, {@code []}, {@code .get} and {@code for} to whatever {@code json.loads} returned, and a wrong type
 * there crashes the parser (scored unresolved), which parity must reproduce.
 */
final class PyObj {
    private PyObj() {}

    /** {@code key in value}. */
    static boolean contains(Object value, String key) throws ParserCrash {
        if (value instanceof Map<?, ?> map) return map.containsKey(key);
        if (value instanceof List<?> list) return list.contains(key);
        if (value instanceof String s) return s.contains(key);
        throw new ParserCrash("TypeError", "argument of type '" + PyJson.typeName(value) + "' is not iterable");
    }

    /** {@code value[key]} with a string key. */
    static Object item(Object value, String key) throws ParserCrash {
        if (value instanceof Map<?, ?> map) {
            if (!map.containsKey(key)) throw new ParserCrash("KeyError", "'" + key + "'");
            return map.get(key);
        }
        if (value instanceof List<?>) throw new ParserCrash("TypeError", "list indices must be integers or slices, not str");
        if (value instanceof String) throw new ParserCrash("TypeError", "string indices must be integers");
        throw new ParserCrash("TypeError", "'" + PyJson.typeName(value) + "' object is not subscriptable");
    }

    /** {@code value.get(key, default)}. */
    static Object get(Object value, String key, Object fallback) throws ParserCrash {
        if (value instanceof Map<?, ?> map) return map.containsKey(key) ? map.get(key) : fallback;
        throw new ParserCrash("AttributeError", "'" + PyJson.typeName(value) + "' object has no attribute 'get'");
    }

    /** {@code for x in value}. */
    static List<Object> iterate(Object value) throws ParserCrash {
        if (value instanceof List<?> list) return new ArrayList<>(list);
        if (value instanceof Map<?, ?> map) return new ArrayList<>(map.keySet());
        if (value instanceof String s) {
            var out = new ArrayList<Object>();
            s.codePoints().forEach(c -> out.add(new String(Character.toChars(c))));
            return out;
        }
        throw new ParserCrash("TypeError", "'" + PyJson.typeName(value) + "' object is not iterable");
    }

    /** A value passed to {@code re.match}/{@code re.search}. */
    static String subject(Object value) throws ParserCrash {
        if (value instanceof String s) return s;
        throw new ParserCrash("TypeError", "expected string or bytes-like object, got '" + PyJson.typeName(value) + "'");
    }

    /** {@code f"{value}"} for the scalar types; containers and floats are left to Python. */
    static String format(Object value) throws ParserCrash {
        if (value instanceof String s) return s;
        if (value instanceof java.math.BigInteger i) return i.toString();
        if (value instanceof Boolean b) return b ? "True" : "False";
        if (value == PyJson.NULL) return "None";
        throw new ParserCrash("LyceumUnsupported", "formatting a " + PyJson.typeName(value));
    }

    /** Python truthiness. */
    static boolean truthy(Object value) {
        if (value == PyJson.NULL) return false;
        if (value instanceof String s) return !s.isEmpty();
        if (value instanceof List<?> l) return !l.isEmpty();
        if (value instanceof Map<?, ?> m) return !m.isEmpty();
        if (value instanceof Boolean b) return b;
        if (value instanceof java.math.BigInteger i) return i.signum() != 0;
        if (value instanceof Double d) return d != 0.0;
        return true;
    }

    /** A value the parser uses as a string (a regex subject, a test name). */
    static String str(Object value) throws ParserCrash {
        if (value instanceof String s) return s;
        // Python would go on with a non-string here (and write it as a JSON number or list); the ports stop instead.
        throw new ParserCrash("LyceumUnsupported", "a " + PyJson.typeName(value) + " where the parser expects a string");
    }
}
