package ai.lyceum.bench.swebench;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Patch handling the official harness does before {@code git apply -v}. */
public final class Patches {
    private Patches() {}

    private static final Pattern SECTION = Pattern.compile("(?m)^(?=diff --git )");

    /** Drops every {@code diff --git} section that holds a binary hunk (spec §3 step 4). */
    public static String stripBinaryHunks(String patch) {
        var kept = new ArrayList<String>();
        for (var section : SECTION.split(patch)) {
            if (section.contains("GIT binary patch") || section.lines().anyMatch(l -> l.startsWith("Binary files ") && l.endsWith(" differ"))) continue;
            kept.add(section);
        }
        return String.join("", kept);
    }

    /** The {@code git checkout SHA -- files} command as git arguments; anything else is refused (it is never run by a shell). */
    public static List<String> checkoutArgs(String command) {
        var words = List.of(command.strip().split("\\s+"));
        if (words.size() < 5 || !words.get(0).equals("git") || !words.get(1).equals("checkout") || !words.get(3).equals("--")
                || !words.get(2).matches("[0-9a-f]{7,40}")) {
            throw new IllegalArgumentException("expected 'git checkout <sha> -- <files>', found: " + command);
        }
        return words.subList(1, words.size());
    }
}
