package ai.lyceum.ares.model;

import java.util.Optional;

/** The robot that acted: hard-coded from dataset metadata, plus what a VLM sees of it. */
public record Robot(
        Optional<String> embodiment,
        Optional<String> gripper,
        Optional<String> morphology,
        Optional<String> actionSpace,
        Optional<Integer> rgbCams,
        Optional<Integer> depthCams,
        Optional<Integer> wristCams,
        @Estimate(description = "the main colour of the robot",
                pattern = "white|black|gray|red|green|blue|yellow|purple|orange|brown|pink" + Estimate.EXTRA_CHOICES)
        Optional<String> colorEstimate,
        @Estimate(description = "the angle of the camera relative to the robot",
                pattern = "front|side|top|angled|wrist" + Estimate.EXTRA_CHOICES)
        Optional<String> cameraAngleEstimate) {

    public static Robot of(Optional<String> embodiment) {
        return new Robot(embodiment, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
}
