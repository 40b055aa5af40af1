package ai.lyceum.ares.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class SchemaTest {
    private final Schema schema = Schema.ROLLOUT;
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void flattensNestedFieldsWithPrefixes() {
        assertThat(schema.column("robot_color_estimate")).hasValueSatisfying(c -> assertThat(c.path()).isEqualTo("robot.color_estimate"));
        assertThat(schema.column("environment_lighting_estimate")).isPresent();
        assertThat(schema.column("task_success_estimate")).hasValueSatisfying(c -> assertThat(c.type()).isEqualTo(Schema.SqlType.DOUBLE));
        assertThat(schema.column("trajectory_actions")).isPresent();
    }

    @Test
    void writesOnePromptLinePerEstimateWithValidValuesAndBounds() {
        var lines = schema.fieldInstructions().lines().toList();
        assertThat(lines).hasSize(schema.estimates().size());
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("robot.camera_angle_estimate: str - ")
                .contains("(valid values: front|side|top|angled|wrist|other|unknown)"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("task.success_estimate: float - ")
                .contains("(minimum value: 0.0) (maximum value: 1.0)"));
        assertThat(schema.exampleJson()).contains("\"lighting_estimate\" : \"...\"");
    }

    @Test
    void acceptsAValidReplyAndNamesEveryBadField() throws Exception {
        var good = json.readTree("""
                {"description_estimate": "a robot picks a cube",
                 "robot": {"color_estimate": "white", "camera_angle_estimate": "front"},
                 "environment": {"lighting_estimate": "Bright", "simulation_estimate": false, "background_estimate": "a lab",
                   "surface_estimate": "WOOD", "focus_objects_estimate": "cube", "distractor_objects_estimate": "",
                   "people_estimate": false, "static_estimate": true},
                 "task": {"success_estimate": 0.9, "complexity_category_estimate": "simple",
                   "complexity_score_estimate": 0.2, "rarity_estimate": 0.1}}""");
        var ok = schema.validate(good);
        assertThat(ok.errors()).isEmpty();
        assertThat(ok.values()).containsEntry("environment_lighting_estimate", "bright").containsEntry("environment_surface_estimate", "wood");

        ((com.fasterxml.jackson.databind.node.ObjectNode) good.get("robot")).put("color_estimate", "chartreuse");
        ((com.fasterxml.jackson.databind.node.ObjectNode) good.get("task")).put("success_estimate", 1.5);
        ((com.fasterxml.jackson.databind.node.ObjectNode) good.get("environment")).remove("people_estimate");
        var bad = schema.validate(good);
        assertThat(bad.errors()).hasSize(3).anySatisfy(e -> assertThat(e).startsWith("robot.color_estimate: 'chartreuse'"))
                .anySatisfy(e -> assertThat(e).contains("1.5 outside")).anySatisfy(e -> assertThat(e).isEqualTo("environment.people_estimate: missing"));
    }
}
