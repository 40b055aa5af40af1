package ai.lyceum.bench.swebench;

import ai.lyceum.env.Environment;
import ai.lyceum.env.Episode;
import ai.lyceum.env.Role;
import ai.lyceum.env.Step;
import ai.lyceum.env.Trajectory;
import ai.lyceum.failure.Failure;
import ai.lyceum.policy.Completion;
import ai.lyceum.policy.Sampling;
import ai.lyceum.reward.RewardResult;
import ai.lyceum.sandbox.ExecResult;
import ai.lyceum.sandbox.ExecSpec;
import ai.lyceum.sandbox.Language;
import ai.lyceum.sandbox.Sandbox;
import ai.lyceum.task.Message;
import ai.lyceum.task.Task;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A minimal SWE-agent-style software agent as an ordinary multi-turn {@link Environment}: the model thinks, puts one
 * shell command in a {@code ```bash} block, sees its output, and repeats until it writes {@code submit} (or a turn or
 * cost cap ends the episode). Every command runs in the sandbox on a copy of the repository; the submission is the
 * {@code git diff} of the final tree against the base commit (binary files excluded), graded by the
 * {@link LocalBackend} with the official steps and parser.
 *
 * <p>History stripping (spec §6 quirk 9): the agent's tree holds a fresh git repository with a single commit, the
 * base snapshot, so no future commit, ref or reflog exists to copy the fix from.
 *
 * <p>Each command's sandbox gets the current tree, runs the command in a writable copy at {@code /tmp/app}, and
 * prints the resulting tree after a per-step random marker; the episode keeps that tree as its state. Paths coming
 * back are checked to be plain relative paths before they are kept.
 */
public final class SweAgentEnvironment implements Environment {
    /** One task: the instance, its repository (base and solution commits) and its run-scripts folder. */
    public record AgentTask(SweProInstance instance, Path repo, Path scripts) {}

    /**
     * @param maxTurns         commands the agent may run
     * @param maxCostUsd       stop once the spent tokens cost this much (0: no cap)
     * @param usdPerMTokPrompt price per million prompt tokens
     * @param usdPerMTokOutput price per million completion tokens
     * @param observationChars output shown per command, the rest cut
     */
    public record Options(int maxTurns, double maxCostUsd, double usdPerMTokPrompt, double usdPerMTokOutput,
                          int observationChars, Sampling sampling) {
        public Options {
            if (maxTurns < 1) throw new IllegalArgumentException("maxTurns must be >= 1");
            if (maxCostUsd < 0 || observationChars < 100) throw new IllegalArgumentException("bad cost cap or observation size");
        }

        public static Options defaults() { return new Options(50, 0, 0, 0, 8000, Sampling.DEFAULT); }
    }

    static final String SYSTEM_PROMPT = """
            You are a software engineer fixing an issue in the repository in your working directory.
            Each reply: think briefly, then give exactly one shell command in a ```bash block; you will see its output.
            Edit files with shell tools (sed, cat <<'EOF' > file, patch, git apply). Run the tests you need.
            When the fix is complete, reply with the single word: submit""";

    private static final Pattern BASH = Pattern.compile("```(?:bash|sh)\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern SUBMIT = Pattern.compile("(?m)^\\s*submit\\s*$");
    private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*");

    private final Map<String, AgentTask> tasks = new LinkedHashMap<>();
    private final Sandbox sandbox;
    private final Options options;
    private final LocalBackend grader;

    public SweAgentEnvironment(List<AgentTask> tasks, Sandbox sandbox, Options options) {
        for (var t : tasks) this.tasks.put(t.instance().instanceId(), t);
        this.sandbox = sandbox;
        this.options = options;
        this.grader = new LocalBackend(sandbox, new Grading(false));
    }

    @Override
    public String name() { return "swebench-agent"; }

    @Override
    public List<Task> tasks() {
        var out = new ArrayList<Task>();
        for (var t : tasks.values()) {
            out.add(new Task(t.instance().instanceId(), List.of(Message.system(SYSTEM_PROMPT), Message.user(t.instance().prompt())),
                    Optional.empty(), Map.of("repo", t.instance().repo())));
        }
        return out;
    }

    @Override
    public Episode start(Task task) {
        var agentTask = tasks.get(task.id());
        if (agentTask == null) throw new IllegalArgumentException("unknown task " + task.id());
        return new AgentEpisode(task, agentTask);
    }

    private final class AgentEpisode implements Episode {
        private final Task task;
        private final AgentTask agentTask;
        private final List<Message> messages;
        private Map<String, String> base;
        private Map<String, String> tree;
        private int turns;
        private double cost;
        private String endedBy = "submit";
        private Optional<String> setupError = Optional.empty();

        AgentEpisode(Task task, AgentTask agentTask) {
            this.task = task;
            this.agentTask = agentTask;
            this.messages = new ArrayList<>(task.prompt());
        }

        @Override
        public Step begin() {
            try {
                base = baseTree(agentTask);
                tree = new LinkedHashMap<>(base);
            } catch (IOException | InterruptedException e) {
                setupError = Optional.of("cannot check out the base commit: " + e.getMessage());
                return Step.DONE;
            }
            return act();
        }

        private Step act() { return new Step.Act(Role.ASSISTANT, messages, options.sampling()); }

        @Override
        public Step advance(Completion completion) {
            messages.add(Message.assistant(completion.text()));
            var usage = completion.usage();
            cost += usage.promptTokens() * options.usdPerMTokPrompt() / 1e6 + usage.completionTokens() * options.usdPerMTokOutput() / 1e6;
            var command = BASH.matcher(completion.text());
            if (!command.find()) {
                if (SUBMIT.matcher(completion.text()).find()) return Step.DONE;
                messages.add(Message.user("Observation: no ```bash block found. Give one command in a ```bash block, or reply: submit"));
            } else {
                turns++;
                messages.add(Message.user(observe(command.group(1))));
            }
            if (turns >= options.maxTurns()) { endedBy = "turn cap"; return Step.DONE; }
            if (options.maxCostUsd() > 0 && cost >= options.maxCostUsd()) { endedBy = "cost cap"; return Step.DONE; }
            return act();
        }

        /** Runs one command on the current tree in the sandbox; keeps the tree it leaves. */
        private String observe(String command) {
            var marker = "LYCEUM-TREE-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
            var files = new LinkedHashMap<String, String>();
            base.forEach((k, v) -> files.put("base/" + k, v));
            tree.forEach((k, v) -> files.put("app/" + k, v));
            files.put("_agent/cmd.sh", command);
            files.put("_agent/main.sh", mainScript(marker));
            var result = sandbox.run(new ExecSpec(Language.BASH, files, "_agent/main.sh", List.of(), ""));
            var out = result.stdout().text();
            int at = out.lastIndexOf(marker + "\n");
            if (at < 0 || result.outcome() == ExecResult.Outcome.OUTPUT_CAPPED) {
                return "Observation (" + result.outcome() + ", the tree was not changed):\n" + clip(out + result.stderr().text());
            }
            tree = readTree(out.substring(at + marker.length() + 1));
            var shown = out.substring(0, at);
            return "Observation (exit " + result.exitCode() + "):\n" + clip(shown);
        }

        private String clip(String s) {
            if (s.length() <= options.observationChars()) return s;
            return s.substring(0, options.observationChars()) + "\n[... " + (s.length() - options.observationChars()) + " characters cut]";
        }

        @Override
        public Map<String, RewardResult> score(Trajectory trajectory) {
            if (setupError.isPresent()) return Map.of(Role.ASSISTANT, RewardResult.failed(new Failure.EnvironmentError(setupError.get())));
            try {
                var patch = diff(agentTask, tree);
                var run = grader.run(agentTask.instance(), agentTask.repo(), agentTask.scripts(), patch);
                var v = run.verdict();
                if (v.status() == Grading.Status.INFRA_ERROR) {
                    return Map.of(Role.ASSISTANT, RewardResult.failed(new Failure.SandboxError(v.detail().orElse("infrastructure error"))));
                }
                var diagnostics = new LinkedHashMap<String, Object>();
                diagnostics.put("status", v.status().name());
                diagnostics.put("lenient", v.lenient().name());
                diagnostics.put("patch", patch);
                diagnostics.put("patch_applied", run.patchApplied());
                diagnostics.put("fail_to_pass", v.failToPassPassed() + "/" + v.failToPassTotal());
                diagnostics.put("pass_to_pass", v.passToPassPassed() + "/" + v.passToPassTotal());
                diagnostics.put("missing", v.missing());
                diagnostics.put("turns", turns);
                diagnostics.put("ended_by", endedBy);
                diagnostics.put("cost_usd", cost);
                return Map.of(Role.ASSISTANT, RewardResult.of(v.resolved() ? 1 : 0, diagnostics));
            } catch (IOException e) {
                return Map.of(Role.ASSISTANT, RewardResult.failed(new Failure.EnvironmentError(e.getMessage())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Map.of(Role.ASSISTANT, RewardResult.failed(new Failure.EnvironmentError("interrupted")));
            }
        }
    }

    /** A one-commit git repository of the base snapshot, the agent's changes over it, then the tree dumped as path/base64 lines. */
    static String mainScript(String marker) {
        return """
                mkdir -p /tmp/app && cp -a /work/base/. /tmp/app/ 2>/dev/null
                cd /tmp/app && git init -q . && git add -A && git -c user.name=base -c user.email=base@localhost commit -qm base >/dev/null 2>&1
                find /tmp/app -mindepth 1 -maxdepth 1 ! -name .git -exec rm -rf {} +
                cp -a /work/app/. /tmp/app/ 2>/dev/null
                cd /tmp/app
                bash /work/_agent/cmd.sh 2>&1 < /dev/null
                echo "[exit code $?]"
                cd /tmp/app
                echo '@MARKER@'
                find . -type f ! -path './.git/*' -print0 | while IFS= read -r -d '' f; do
                  printf '%s\\t%s\\n' "${f#./}" "$(base64 -w0 "$f")"
                done
                """.replace("@MARKER@", marker);
    }

    /** The dumped tree; lines with unsafe paths or non-UTF-8 contents are dropped. */
    static Map<String, String> readTree(String dump) {
        var out = new LinkedHashMap<String, String>();
        for (var line : dump.split("\n")) {
            int tab = line.indexOf('\t');
            if (tab <= 0) continue;
            var path = line.substring(0, tab);
            if (!SAFE_PATH.matcher(path).matches() || path.contains("..") || path.startsWith("_agent/")) continue;
            try {
                var bytes = Base64.getDecoder().decode(line.substring(tab + 1));
                var decoder = StandardCharsets.UTF_8.newDecoder();
                out.put(path, decoder.decode(java.nio.ByteBuffer.wrap(bytes)).toString());
            } catch (IllegalArgumentException | java.nio.charset.CharacterCodingException e) {
                // binary or garbled: not part of a text submission
            }
        }
        return out;
    }

    /** The base commit's text files. */
    private static Map<String, String> baseTree(AgentTask t) throws IOException, InterruptedException {
        var dir = Files.createTempDirectory("swe-agent-base-");
        try {
            git(dir, "clone", "-q", "--no-hardlinks", t.repo().toAbsolutePath().toString(), "app");
            var app = dir.resolve("app");
            git(app, "checkout", "-q", t.instance().baseCommit());
            return readFiles(app);
        } finally {
            delete(dir);
        }
    }

    /** {@code git diff} of {@code tree} against the base commit, binary sections stripped. */
    static String diff(AgentTask t, Map<String, String> tree) throws IOException, InterruptedException {
        var dir = Files.createTempDirectory("swe-agent-diff-");
        try {
            git(dir, "clone", "-q", "--no-hardlinks", t.repo().toAbsolutePath().toString(), "app");
            var app = dir.resolve("app");
            git(app, "checkout", "-q", t.instance().baseCommit());
            for (var existing : readFiles(app).keySet()) {
                if (!tree.containsKey(existing)) Files.delete(app.resolve(existing));
            }
            for (var e : tree.entrySet()) {
                var p = app.resolve(e.getKey());
                Files.createDirectories(p.getParent());
                Files.writeString(p, e.getValue());
            }
            git(app, "add", "-A");
            return Patches.stripBinaryHunks(git(app, "diff", "--cached", t.instance().baseCommit()));
        } finally {
            delete(dir);
        }
    }

    private static Map<String, String> readFiles(Path app) throws IOException {
        var out = new LinkedHashMap<String, String>();
        try (var walk = Files.walk(app)) {
            for (var p : walk.filter(Files::isRegularFile).sorted().toList()) {
                var rel = app.relativize(p).toString();
                // The sandbox takes plain relative paths only (no dotfiles); those files stay out of the agent's tree.
                if (rel.startsWith(".git/") || !SAFE_PATH.matcher(rel).matches()) continue;
                try {
                    out.put(rel, StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(p))).toString());
                } catch (java.nio.charset.CharacterCodingException e) {
                    // binary files stay out of the agent's text tree
                }
            }
        }
        return out;
    }

    private static String git(Path dir, String... args) throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of("git", "-c", "core.hooksPath=/dev/null", "-c", "advice.detachedHead=false"));
        command.addAll(List.of(args));
        var p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("git " + String.join(" ", args) + ": " + out);
        return out;
    }

    private static void delete(Path root) throws IOException {
        try (var walk = Files.walk(root)) {
            for (var p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
