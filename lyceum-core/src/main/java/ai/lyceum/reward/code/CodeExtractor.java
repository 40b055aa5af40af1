package ai.lyceum.reward.code;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds the program in a model's answer: the contents of a Markdown code fence when there is one, otherwise the
 * raw text. Among several fences, Python-tagged ones win over untagged ones, then the last fence defining the
 * expected function, then the longest (explanations and usage examples are usually shorter than the solution).
 * An unclosed fence, as a generation cut at its token limit leaves, runs to the end of the text.
 */
public final class CodeExtractor {
    // An opening fence at the start of a line, with an optional language tag; the body runs to the closing fence or the end.
    private static final Pattern FENCE = Pattern.compile("(?m)^[ \\t]*```[ \\t]*([A-Za-z0-9_+.-]*)[^\\n]*\\n(.*?)(?:^[ \\t]*```|\\z)",
            Pattern.DOTALL);
    private static final List<String> PYTHON_TAGS = List.of("python", "py", "python3", "py3");

    private CodeExtractor() {}

    /** Where the code came from, for diagnostics. */
    public enum Source { FENCED, RAW }

    /** The code and where it came from. */
    public record Extracted(String code, Source source) {}

    /** The Python code in {@code response}; empty when the response is blank or its only fences are empty. */
    public static Optional<Extracted> python(String response, Optional<String> entryPoint) {
        var blocks = new ArrayList<Block>();
        var matcher = FENCE.matcher(response);
        while (matcher.find()) blocks.add(new Block(matcher.group(1).toLowerCase(java.util.Locale.ROOT), matcher.group(2)));
        if (blocks.isEmpty()) {
            return response.isBlank() ? Optional.empty() : Optional.of(new Extracted(response, Source.RAW));
        }
        var python = blocks.stream().filter(b -> PYTHON_TAGS.contains(b.tag())).toList();
        var candidates = (python.isEmpty() ? blocks.stream().filter(b -> b.tag().isEmpty()).toList() : python)
                .stream().filter(b -> !b.body().isBlank()).toList();
        if (candidates.isEmpty()) return Optional.empty();
        if (entryPoint.isPresent()) {
            var definition = Pattern.compile("(?m)^\\s*(async\\s+)?def\\s+" + Pattern.quote(entryPoint.get()) + "\\s*\\(");
            for (int i = candidates.size() - 1; i >= 0; i--) {
                if (definition.matcher(candidates.get(i).body()).find()) {
                    return Optional.of(new Extracted(candidates.get(i).body(), Source.FENCED));
                }
            }
        }
        var longest = candidates.getFirst();
        for (var block : candidates) if (block.body().length() > longest.body().length()) longest = block;
        return Optional.of(new Extracted(longest.body(), Source.FENCED));
    }

    private record Block(String tag, String body) {}
}
