package ai.lyceum.reward.rubric;

import ai.lyceum.dataset.DatasetException;
import ai.lyceum.dataset.Row;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The batch form behind {@code lyceum score rubric --input FILE.jsonl}: each line has {@code prompt} (string or
 * chat messages), {@code response} and {@code rubric} (or any schema {@link RubricTasks} reads, plus
 * {@code response}); each line is written back, in input order, with {@code score} and per-criterion
 * {@code verdicts} (explicit) or {@code rating} (implicit, Likert) — or, when scoring failed, {@code failure}
 * (its type), {@code failure_detail} and no score.
 *
 * <p>Lines are scored concurrently on virtual threads, at most {@code concurrency} at once; a line's slot is freed
 * only when it has been written, so memory stays bounded however slow the first line is. A malformed line stops
 * the run with an error naming its line number.
 */
public final class RubricBatch {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RubricScorer scorer;
    private final int concurrency;

    /** @param concurrency lines in flight at once (each may have many judge calls in flight) */
    public RubricBatch(RubricScorer scorer, int concurrency) {
        this.scorer = Objects.requireNonNull(scorer, "scorer");
        if (concurrency < 1) throw new IllegalArgumentException("concurrency must be >= 1, was " + concurrency);
        this.concurrency = concurrency;
    }

    /**
     * @param meanScore mean {@code score} over scored lines (NaN when none)
     * @param failures  failed lines by failure type
     */
    public record Summary(int lines, int scored, int failed, int partial, double meanScore, Map<String, Integer> failures) {
        public Summary { failures = Map.copyOf(failures); }
    }

    public Summary score(Reader in, Writer out) throws IOException, DatasetException, InterruptedException {
        var reader = in instanceof BufferedReader b ? b : new BufferedReader(in, 1 << 16);
        var pending = new ArrayDeque<Future<ObjectNode>>();
        var tally = new Tally();
        var executor = Executors.newVirtualThreadPerTaskExecutor();
        try {
            String line;
            int lineNo = 0;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) continue;
                var input = parse(line, lineNo);
                var row = input.row;
                while (pending.size() >= concurrency) writeHead(pending, out, tally);
                pending.add(executor.submit(() -> scoreLine(row, input.judgeInput)));
                while (!pending.isEmpty() && pending.peekFirst().isDone()) writeHead(pending, out, tally);
            }
            while (!pending.isEmpty()) writeHead(pending, out, tally);
            out.flush();
        } finally {
            executor.shutdownNow(); // on an error, stop lines still in flight rather than wait for their judges
            executor.close();
        }
        return tally.summary();
    }

    private record Parsed(ObjectNode row, JudgeInput judgeInput) {}

    private static Parsed parse(String line, int lineNo) throws DatasetException {
        var where = "line " + lineNo;
        ObjectNode row;
        try {
            if (!(JSON.readTree(line) instanceof ObjectNode o)) throw new DatasetException(where + ": not a JSON object");
            row = o;
        } catch (JsonProcessingException e) {
            throw new DatasetException(where + ": invalid JSON: " + e.getOriginalMessage());
        }
        var response = row.get("response");
        if (response == null || !response.isTextual()) throw new DatasetException(where + ": missing string field 'response'");
        var loaded = RubricTasks.load(new Row(row, lineNo - 1, where));
        var task = loaded.task();
        return new Parsed(row, new JudgeInput(task.id(), task.prompt(), response.asText(), loaded.rubric(),
                task.reference(), task.metadata()));
    }

    private ObjectNode scoreLine(ObjectNode row, JudgeInput input) throws InterruptedException {
        var out = row.deepCopy();
        ai.lyceum.reward.RewardResult result;
        try {
            result = scorer.score(input);
        } catch (RuntimeException e) { // one line that cannot be scored (weights overflowing to NaN, say) is one failure
            out.remove(java.util.List.of("score", "failure", "failure_detail", "rating", "partial"));
            out.put("failure", "reward_error");
            out.put("failure_detail", String.valueOf(e.getMessage()));
            return out;
        }
        var d = result.diagnostics();
        out.remove(java.util.List.of("score", "failure", "failure_detail", "rating", "partial"));
        if (result.failure().isEmpty()) out.put("score", result.value());
        if (d.containsKey("verdicts")) out.set("verdicts", JSON.valueToTree(d.get("verdicts")));
        if (d.get("rating") instanceof Integer r) out.put("rating", r);
        if (Boolean.TRUE.equals(d.get("partial"))) out.put("partial", true);
        if (result.components().containsKey("unclipped") && result.failure().isEmpty()) {
            out.put("unclipped", result.components().get("unclipped"));
        }
        result.failure().ifPresent(f -> {
            out.put("failure", f.type());
            out.put("failure_detail", f.detail());
        });
        return out;
    }

    private static void writeHead(ArrayDeque<Future<ObjectNode>> pending, Writer out, Tally tally)
            throws IOException, InterruptedException {
        ObjectNode done;
        try {
            done = pending.pollFirst().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("scoring a line crashed: " + e.getCause(), e.getCause());
        }
        tally.add(done);
        out.write(JSON.writeValueAsString(done));
        out.write('\n');
    }

    private static final class Tally {
        int lines;
        int scored;
        int failed;
        int partial;
        double sum;
        final Map<String, Integer> failures = new TreeMap<>();

        void add(ObjectNode line) {
            lines++;
            if (line.has("failure")) {
                failed++;
                failures.merge(line.get("failure").asText(), 1, Integer::sum);
            } else {
                scored++;
                sum += line.get("score").asDouble();
            }
            if (line.path("partial").asBoolean(false)) partial++;
        }

        Summary summary() { return new Summary(lines, scored, failed, partial, scored == 0 ? Double.NaN : sum / scored, failures); }
    }
}
