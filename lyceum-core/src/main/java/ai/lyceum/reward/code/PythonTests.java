package ai.lyceum.reward.code;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The tests of one Python problem, in one of the two shapes public benchmarks use. A task carries them in its
 * metadata under the data set's own field names, so an environment can copy a data-set row verbatim
 * ({@link #fromMetadata}).
 */
public sealed interface PythonTests {
    /** The program to run for the code extracted from an answer. */
    String program(String code);

    /** The function the answer must define, if the tests name one (used to pick among several code blocks). */
    Optional<String> entryPoint();

    /**
     * HumanEval: {@code prompt} is the function signature and docstring the model continues, {@code test} defines
     * {@code check(candidate)}, which is called with the function named {@code entryPoint}.
     */
    record CheckFunction(String prompt, String test, String entryPointName) implements PythonTests {
        public CheckFunction {
            Objects.requireNonNull(prompt, "prompt");
            Objects.requireNonNull(test, "test");
            Objects.requireNonNull(entryPointName, "entryPointName");
            if (!entryPointName.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("entry point must be a Python identifier, was '" + entryPointName + "'");
            }
            if (!test.contains("def check(")) throw new IllegalArgumentException("test code defines no check(candidate)");
        }

        /**
         * The prompt followed by the answer. An answer that defines the entry point itself (a whole function) is
         * placed after the prompt, whose body-less function it then replaces, keeping the prompt's imports and
         * helpers; an answer that is only a body continues the prompt's function.
         */
        @Override
        public String program(String code) {
            var definesEntry = Pattern.compile("(?m)^(async\\s+)?def\\s+" + Pattern.quote(entryPointName) + "\\s*\\(")
                    .matcher(code).find();
            return definesEntry ? prompt + "\n" + code + "\n" : prompt + asBody(code) + "\n";
        }

        @Override
        public Optional<String> entryPoint() { return Optional.of(entryPointName); }

        /**
         * Indents a body whose first line lost its indentation (chat APIs strip leading white space): a flush-left
         * first line followed by indented lines gets the indentation of the next line; a wholly flush-left
         * body is indented by four spaces.
         */
        static String asBody(String code) {
            var lines = code.split("\n", -1);
            int first = 0;
            while (first < lines.length && lines[first].isBlank()) first++;
            if (first == lines.length || Character.isWhitespace(lines[first].charAt(0))) return code;
            var indent = "    ";
            boolean anyIndented = false;
            for (int i = first + 1; i < lines.length; i++) {
                if (!lines[i].isBlank() && Character.isWhitespace(lines[i].charAt(0))) {
                    anyIndented = true;
                    indent = lines[i].substring(0, lines[i].length() - lines[i].stripLeading().length());
                    break;
                }
            }
            var out = new StringBuilder();
            for (int i = 0; i < lines.length; i++) {
                if (i > 0) out.append('\n');
                boolean shift = i == first || (!anyIndented && i > first && !lines[i].isBlank());
                out.append(shift ? indent : "").append(lines[i]);
            }
            return out.toString();
        }
    }

    /** MBPP: {@code setup} runs after the program, then each assert line runs on its own. */
    record AssertList(String setup, List<String> asserts) implements PythonTests {
        public AssertList {
            Objects.requireNonNull(setup, "setup");
            asserts = List.copyOf(asserts);
            if (asserts.isEmpty()) throw new IllegalArgumentException("an assert list needs at least one assert");
        }

        @Override
        public String program(String code) { return code; }

        /** The function the first assert calls, e.g. {@code similar_elements} in {@code assert set(similar_elements(...))}. */
        @Override
        public Optional<String> entryPoint() {
            var call = Pattern.compile("\\b([A-Za-z_][A-Za-z0-9_]*)\\s*\\(").matcher(asserts.getFirst());
            while (call.find()) {
                var name = call.group(1);
                if (!BUILTINS.contains(name)) return Optional.of(name);
            }
            return Optional.empty();
        }

        private static final List<String> BUILTINS = List.of("assert", "set", "list", "tuple", "dict", "sorted", "len",
                "abs", "round", "str", "int", "float", "bool", "frozenset", "isclose", "math", "all", "any", "sum");
    }

    /**
     * Reads tests stored under the data sets' field names: {@code prompt}, {@code test} and {@code entry_point}
     * (HumanEval), or {@code test_list} with optional {@code test_setup_code} and {@code test_imports} (MBPP).
     *
     * <p>A row with no {@code test_imports} gets an import for each standard module its asserts name
     * ({@code math.isclose(...)}): the re-serialized MBPP sanitized split dropped that field, and without it ten
     * correct answers would fail on a {@code NameError} of the test, not of the answer.
     */
    static Optional<PythonTests> fromMetadata(Map<String, Object> metadata) {
        if (metadata.get("test") instanceof String test && metadata.get("entry_point") instanceof String entry
                && metadata.get("prompt") instanceof String prompt) {
            return Optional.of(new CheckFunction(prompt, test, entry));
        }
        if (metadata.get("test_list") instanceof List<?> list && !list.isEmpty()) {
            var asserts = list.stream().map(String::valueOf).toList();
            var setup = new ArrayList<String>();
            if (metadata.get("test_imports") instanceof List<?> imports) {
                imports.forEach(i -> setup.add(String.valueOf(i)));
            } else {
                for (var module : List.of("math", "sys", "re", "collections", "itertools", "heapq")) {
                    var use = Pattern.compile("\\b" + module + "\\.[A-Za-z_]");
                    if (asserts.stream().anyMatch(a -> use.matcher(a).find())) setup.add("import " + module);
                }
            }
            if (metadata.get("test_setup_code") instanceof String code && !code.isBlank()) setup.add(code);
            return Optional.of(new AssertList(String.join("\n", setup), asserts));
        }
        return Optional.empty();
    }
}
