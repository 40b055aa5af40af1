package ai.lyceum.ares.annotate;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.ares.Ares;
import ai.lyceum.ares.model.Schema;
import ai.lyceum.ares.LoopbackServer;
import ai.lyceum.policy.openai.OpenAiTransport;
import ai.lyceum.ares.store.AresStore;
import ai.lyceum.ares.store.Filter;
import ai.lyceum.ares.synth.SyntheticLeRobot;
import ai.lyceum.env.Role;
import ai.lyceum.env.Trajectory;
import ai.lyceum.policy.Completion;
import ai.lyceum.reward.RewardResult;
import ai.lyceum.rollout.Rollout;
import ai.lyceum.run.RunStore;
import ai.lyceum.task.Task;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VlmAnnotatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static String store;

    @BeforeAll
    static void ingestEpisodesWithAndWithoutFrames() throws Exception {
        store = dir.resolve("store").toString();
        assertThat(Ares.ingest(Ares.Format.LEROBOT, writeDataset("cams", true), store).errors()).isEmpty();
        assertThat(Ares.ingest(Ares.Format.LEROBOT, writeDataset("blind", false), store).errors()).isEmpty();
        var run = dir.resolve("run");
        try (var rs = RunStore.open(run)) {
            var task = Task.of("t1", "what is 2 + 2?", "4");
            rs.append(new Rollout("t1", 0, new Trajectory(task, List.of(new Trajectory.Turn(Role.ASSISTANT, task.prompt(),
                    Completion.ofText("4")))), Role.ASSISTANT, Map.of(Role.ASSISTANT, RewardResult.of(1, Map.of())),
                    Optional.empty(), Duration.ofMillis(1)));
        }
        assertThat(Ares.ingest(Ares.Format.ROLLOUTS, run, store).errors()).isEmpty();
    }

    @Test
    void fillsEveryEstimateWithProvenanceFromAValidReplyAndShowsTheSampledFrames() throws Exception {
        var reply = "```json\n" + validReply().toPrettyString() + "\n```";
        try (var server = LoopbackServer.start(r -> LoopbackServer.Reply.ok(chat(reply)))) {
            var report = Ares.annotateVlm(store, config(server), "dataset_name = 'cams' and episode_index = 0", 1);
            assertThat(report.annotated()).isEqualTo(1);
            assertThat(report.failures()).isEmpty();
            assertThat(report.counters()).containsEntry("reply.valid", 1L);

            var request = JSON.readTree(server.requests().get(0).body());
            assertThat(server.requests().get(0).path()).isEqualTo("/v1/chat/completions");
            assertThat(request.path("model").asText()).isEqualTo("vlm-test");
            var parts = request.path("messages").get(1).path("content");
            var images = new ArrayList<String>();
            parts.forEach(p -> { if (p.path("type").asText().equals("image_url")) images.add(p.path("image_url").path("url").asText()); });
            // episode 0 has 30 frames at 10 fps; one frame a second is frames 0, 10 and 20
            assertThat(images).hasSize(3).allSatisfy(u -> assertThat(u).startsWith("data:image/png;base64,"));
            var png = Base64.getDecoder().decode(images.get(0).substring("data:image/png;base64,".length()));
            assertThat(Frame.sniff(png)).contains("image/png");
            var text = parts.get(0).path("text").asText();
            assertThat(text).contains(Schema.ROLLOUT.fieldInstructions().lines().toList())
                    .contains("The robot was asked to: " + SyntheticLeRobot.task(0));

            try (var s = AresStore.open(store)) {
                var id = s.ids(Filter.parse("dataset_name = 'cams' and episode_index = 0"), 1).get(0);
                var r = s.rollout(id).orElseThrow();
                assertThat(r.robot().colorEstimate()).contains("white");
                assertThat(r.task().successEstimate()).contains(0.5);
                assertThat(r.environment().simulationEstimate()).contains(true);
                assertThat(s.annotations(id)).filteredOn(a -> a.annotator().equals("vlm")).singleElement().satisfies(a -> {
                    assertThat(a.model()).contains("vlm-test");
                    assertThat(a.promptVersion()).matches("vlm-1-[0-9a-f]{8}");
                    assertThat(a.fields()).hasSize(Schema.ROLLOUT.estimates().size());
                    assertThat(a.createdAt()).isNotNull();
                });
            }
        }
    }

    @Test
    void refusesAReplyWithValuesOutsideTheAllowedOnesAndWritesNothing() throws Exception {
        var reply = validReply();
        ((ObjectNode) reply.get("robot")).put("color_estimate", "chartreuse");
        ((ObjectNode) reply.get("task")).put("success_estimate", 1.7);
        ((ObjectNode) reply.get("environment")).remove("people_estimate");
        try (var server = LoopbackServer.start(r -> LoopbackServer.Reply.ok(chat(reply.toString())))) {
            var report = Ares.annotateVlm(store, config(server), "dataset_name = 'cams' and episode_index = 1", 1);
            assertThat(report.annotated()).isZero();
            assertThat(report.failures()).containsExactly(Map.entry("parse", 1L));
            assertThat(report.counters()).containsEntry("reply.invalid", 1L)
                    .containsEntry("invalid.robot.color_estimate", 1L)
                    .containsEntry("invalid.task.success_estimate", 1L)
                    .containsEntry("invalid.environment.people_estimate", 1L);
            assertThat(report.examples()).singleElement().asString().contains("invalid reply", "chartreuse");
            assertNothingWrittenFor("episode_index = 1");
        }
    }

    @Test
    void refusesProseThatHoldsNoJson() throws Exception {
        try (var server = LoopbackServer.start(r -> LoopbackServer.Reply.ok(chat("The robot looks red and the task went well.")))) {
            var report = Ares.annotateVlm(store, config(server), "dataset_name = 'cams' and episode_index = 2", 1);
            assertThat(report.failures()).containsExactly(Map.entry("parse", 1L));
            assertThat(report.counters()).containsEntry("reply.garbage", 1L);
            assertNothingWrittenFor("episode_index = 2");
        }
    }

    @Test
    void retriesAnUnreadableEnvelopeThenCountsItAsAParseFailure() throws Exception {
        try (var server = LoopbackServer.start(r -> LoopbackServer.Reply.ok("<html>gateway</html>"))) {
            var report = Ares.annotateVlm(store, config(server), "dataset_name = 'cams' and episode_index = 3", 1);
            assertThat(report.failures()).containsExactly(Map.entry("parse", 1L));
            assertThat(report.counters()).containsEntry("retry.parse", 1L);
            assertThat(server.requests()).hasSize(2);
        }
    }

    @Test
    void skipsEpisodesWithoutFramesWithoutAskingTheModel() throws Exception {
        try (var server = LoopbackServer.start(r -> LoopbackServer.Reply.status(500, "must not be called"))) {
            var report = Ares.annotateVlm(store, config(server), "dataset_name != 'cams'", 2);
            assertThat(report.annotated()).isZero();
            assertThat(report.failures()).isEmpty();
            assertThat(report.skipped()).containsExactly(Map.entry(LeRobotFrames.NO_FRAMES, 4L)); // 3 blind + 1 rollout
            assertThat(report.examples()).hasSize(3).allSatisfy(e ->
                    assertThat(e).containsAnyOf("is a rollouts episode: it has no camera frames", "blind has no image or video feature"));
            assertThat(server.requests()).isEmpty();
        }
    }

    @Test
    void reportsADatasetMovedSinceIngestionAsAnErrorNotASkip(@TempDir Path other) throws Exception {
        var root = other.resolve("gone");
        new SyntheticLeRobot(1, 1, 100_000, true).write(root);
        var moved = other.resolve("store").toString();
        Ares.ingest(Ares.Format.LEROBOT, root, moved);
        java.nio.file.Files.move(root, other.resolve("elsewhere"));
        try (var server = LoopbackServer.start(r -> LoopbackServer.Reply.status(500, "must not be called"))) {
            var report = Ares.annotateVlm(moved, config(server), "", 1);
            assertThat(report.skipped()).isEmpty();
            assertThat(report.failures()).containsExactly(Map.entry("annotator_error", 1L));
            assertThat(report.examples()).singleElement().asString().contains("the dataset moved since ingestion");
            assertThat(server.requests()).isEmpty();
        }
    }

    @Test
    void samplesFramesAtTheRateAndThinsThemToTheCap() {
        assertThat(new FrameSampling(1, 8).indices(30, 10)).containsExactly(0, 10, 20);
        assertThat(new FrameSampling(2, 3).indices(100, 10)).containsExactly(0, 50, 95);
        assertThat(new FrameSampling(1, 4).indices(7, 0)).containsExactly(0, 2, 4, 6);
        assertThat(new FrameSampling(1, 4).indices(0, 10)).isEmpty();
    }

    @Test
    void findsTheJsonObjectBehindAReasoningBlockOrAFence() {
        assertThat(VlmPrompt.object("<think>maybe {no}</think>\n```json\n{\"a\": 1}\n```")).hasValueSatisfying(n ->
                assertThat(n.path("a").asInt()).isEqualTo(1));
        assertThat(VlmPrompt.object("[1, 2]")).isEmpty();
        assertThat(VlmPrompt.object("{broken")).isEmpty();
    }

    private static void assertNothingWrittenFor(String filter) throws Exception {
        try (var s = AresStore.open(store)) {
            var id = s.ids(Filter.parse("dataset_name = 'cams' and " + filter), 1).get(0);
            assertThat(s.rollout(id).orElseThrow().robot().colorEstimate()).isEmpty();
            assertThat(s.annotations(id)).noneMatch(a -> a.annotator().equals("vlm"));
        }
    }

    private static VlmAnnotator.Config config(LoopbackServer server) {
        return VlmAnnotator.Config.of(server.baseUrl(), "vlm-test")
                .withSettings(new OpenAiTransport.Settings(Duration.ofSeconds(10), 2, Duration.ofMillis(1), Duration.ofMillis(5)));
    }

    /** A reply that fills every estimated field validly: the first allowed value, true, or 0.5. */
    private static ObjectNode validReply() {
        var root = JSON.createObjectNode();
        for (var c : Schema.ROLLOUT.estimates()) {
            var parts = c.path().split("\\.");
            var node = root;
            for (int i = 0; i < parts.length - 1; i++) node = node.has(parts[i]) ? (ObjectNode) node.get(parts[i]) : node.putObject(parts[i]);
            var leaf = parts[parts.length - 1];
            var pattern = c.estimate().orElseThrow().pattern();
            switch (c.type()) {
                case BOOLEAN -> node.put(leaf, true);
                case DOUBLE -> node.put(leaf, 0.5);
                default -> node.put(leaf, pattern.isEmpty() ? "a wooden table" : pattern.split("\\|")[0]);
            }
        }
        return root;
    }

    private static String chat(String content) {
        var body = JSON.createObjectNode();
        body.putArray("choices").addObject().putObject("message").put("role", "assistant").put("content", content);
        return body.toString();
    }

    private static Path writeDataset(String name, boolean images) throws Exception {
        var root = dir.resolve(name);
        new SyntheticLeRobot(images ? 4 : 3, 2, 100_000, images).write(root);
        return root;
    }

}
