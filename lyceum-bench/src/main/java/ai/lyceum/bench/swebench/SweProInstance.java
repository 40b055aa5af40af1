package ai.lyceum.bench.swebench;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One SWE-Bench Pro task: the 16 published fields, all strings as in the data set, with the derived values the
 * harness needs. List fields hold Python list literals or JSON arrays and are parsed leniently ({@link ListLiteral}).
 */
public record SweProInstance(
        String instanceId, String repo, String baseCommit, String patch, String testPatch, String problemStatement,
        String requirements, String interfaceText, String repoLanguage, String issueSpecificity,
        String issueCategories, String failToPassText, String passToPassText, String beforeRepoSetCmd,
        String selectedTestFilesText, String dockerhubTag) {

    /** {@code instance_{owner}__{repo}-{SOLUTION_SHA}[-v{ENV_SHA}|-vnan]}. */
    static final Pattern ID = Pattern.compile(
            "^instance_(?<owner>.+?)__(?<repo>.+)-(?<sol>[0-9a-f]{40})(?:-v(?<env>[0-9a-f]{40}|nan))?$");
    static final String IMAGE_REPOSITORY = "jefzda/sweap-images";

    public SweProInstance {
        if (instanceId == null || !ID.matcher(instanceId).matches()) {
            throw new IllegalArgumentException("not a SWE-Bench Pro instance id: " + instanceId);
        }
        for (var field : Arrays.asList(repo, baseCommit, patch, testPatch, problemStatement, requirements, interfaceText,
                repoLanguage, issueSpecificity, issueCategories, failToPassText, passToPassText, beforeRepoSetCmd,
                selectedTestFilesText, dockerhubTag)) {
            if (field == null) throw new IllegalArgumentException(instanceId + ": null field (use \"\")");
        }
    }

    public List<String> failToPass() { return ListLiteral.parse(failToPassText); }

    public List<String> passToPass() { return ListLiteral.parse(passToPassText); }

    /** Test files (Python, JS) or Go test names, passed comma-joined to {@code run_script.sh}. */
    public List<String> selectedTests() { return ListLiteral.parse(selectedTestFilesText); }

    /**
     * Selected names holding a comma: the harness comma-joins the selection and {@code run_script.sh} re-splits it
     * on commas, so these run as two wrong names (spec §6 quirk 3, kept for score parity and reported).
     */
    public List<String> selectionSplitByCommas() {
        return selectedTests().stream().filter(n -> n.contains(",")).toList();
    }

    /** The commit that fixed the issue; the graded test files are checked out from it. */
    public String solutionSha() { return idPart("sol").orElseThrow(); }

    /** The commit the base image was built at, when the id names one. */
    public Optional<String> envSha() { return idPart("env").filter(s -> !s.equals("nan")); }

    /** The only line of {@code before_repo_set_cmd} the official harness runs (spec §6 quirk 1). */
    public String goldTestCheckoutCmd() {
        var lines = beforeRepoSetCmd.strip().split("\n");
        return lines[lines.length - 1];
    }

    /** The agent's prompt, as {@code create_problem_statement.py} builds it. */
    public String prompt() {
        return problemStatement + "\n\nRequirements:\n" + requirements + "\n\nNew interfaces introduced:\n" + interfaceText;
    }

    /** {@code jefzda/sweap-images:<tag>}: the {@code dockerhub_tag} column, else recomputed as {@code image_uri.py} does. */
    public String imageRef() {
        if (!dockerhubTag.isBlank()) return IMAGE_REPOSITORY + ":" + dockerhubTag.strip();
        var hash = instanceId.substring("instance_".length());
        if (hash.endsWith("-vnan")) hash = hash.substring(0, hash.length() - "-vnan".length());
        var slash = repo.indexOf('/');
        var owner = repo.substring(0, slash).toLowerCase();
        var name = repo.toLowerCase().substring(slash + 1);
        if (name.equals("element-web")) name = "element";
        var tag = owner + "." + name + "-" + hash;
        if (tag.length() > 128) tag = tag.substring(0, 128);
        return IMAGE_REPOSITORY + ":" + tag;
    }

    private Optional<String> idPart(String group) {
        var m = ID.matcher(instanceId);
        if (!m.matches()) throw new IllegalStateException(instanceId);
        return Optional.ofNullable(m.group(group));
    }
}
