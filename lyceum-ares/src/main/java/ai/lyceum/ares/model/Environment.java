package ai.lyceum.ares.model;

import java.util.Optional;

/** Where the episode happened. Estimates describe the scene as seen in the frames. */
public record Environment(
        Optional<String> name,
        Optional<String> dataCollectionMethod,
        @Estimate(description = "the lighting conditions of the scene", pattern = "dim|normal|bright" + Estimate.EXTRA_CHOICES,
                lowerCase = true)
        Optional<String> lightingEstimate,
        @Estimate(description = "true if the frames are rendered by a simulator rather than filmed")
        Optional<Boolean> simulationEstimate,
        @Estimate(description = "a short description of the background", lowerCase = true)
        Optional<String> backgroundEstimate,
        @Estimate(description = "the material of the surface the robot works on",
                pattern = "wood|metal|plastic|glass|concrete|carpet|tile|rubber|fabric|composite|marble|granite"
                        + "|cardboard|foam" + Estimate.EXTRA_CHOICES, lowerCase = true)
        Optional<String> surfaceEstimate,
        @Estimate(description = "comma-separated objects the robot should interact with")
        Optional<String> focusObjectsEstimate,
        @Estimate(description = "comma-separated objects the robot should not interact with")
        Optional<String> distractorObjectsEstimate,
        @Estimate(description = "true if people are present in the scene")
        Optional<Boolean> peopleEstimate,
        @Estimate(description = "true if nothing moves in the background, ignoring the robot and the objects it handles")
        Optional<Boolean> staticEstimate) {

    public static Environment empty() {
        return new Environment(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
}
