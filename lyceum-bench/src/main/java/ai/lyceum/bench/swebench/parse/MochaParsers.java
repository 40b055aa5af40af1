package ai.lyceum.bench.swebench.parse;

import static ai.lyceum.bench.swebench.parse.TestStatus.FAILED;
import static ai.lyceum.bench.swebench.parse.TestStatus.PASSED;
import static ai.lyceum.bench.swebench.parse.TestStatus.SKIPPED;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Ports of the official NodeBB parsers: mocha {@code --reporter=json} blobs found in stdout by a regex. The
 * {@code {\n.*?\n}} blob regex is why a {@code console.log} of objects before the report wipes every result.
 */
final class MochaParsers {
    private MochaParsers() {}

    static List<OfficialParser> all() {
        var n = "instance_NodeBB__NodeBB-";
        return List.of(
                new OfficialParser("168a27e66d6559d476b7d18fb4814366c5ceef37", "mocha-json",
                        n + "00c70ce7b0541cfc94afe567921d7668cdc8f4ac-vnan", (o, e) -> blobs(o, BRACES, true), false),
                new OfficialParser("289a3536e1cb2e32984eba985b923c015f038327", "mocha-json",
                        n + "05f2236193f407cf8e2072757fbd6bb170bc13f0-vf2cf3cbd463b7ad942381f1c6d077626485a1e9e",
                        (o, e) -> blobs(o, BRACES, true), true),
                new OfficialParser("3088b41b5ddc96b2891a7fcc79d92a4867a7c42e", "mocha-json",
                        n + "0f788b8eaa4bba3c142d171fd941d015c53b65fc-v0ec6d6c2baf3cb4797482ce4829bc25cd5716649",
                        (o, e) -> blobs(o, BRACES, false), true),
                new OfficialParser("6b2b33836395e596d32b99b402a991b93c3ac389", "mocha-json",
                        n + "1ea9481af6125ffd6da0592ed439aa62af0bca11-vd59a5728dfc977f44533186ace531248c2917516",
                        (o, e) -> blobs(o, STATS, false), true));
    }

    private static final Pattern BRACES = PyRe.compile("({\\n.*?\\n})", PyRe.MULTILINE | PyRe.DOTALL);
    private static final Pattern STATS = PyRe.compile("({\\s*\"stats\".*?\"tests\":\\s*\\[.*?\\]\\s*})", PyRe.MULTILINE | PyRe.DOTALL);
    private static final Pattern FILE = PyRe.compile("^(?:/app/)?(.*)$");
    private static final Pattern FILE_IN_TITLE = PyRe.compile("(\\S+)::");
    private static final List<String> KEYS = List.of("passes", "pending", "failures");
    private static final List<TestStatus> STATUS = List.of(PASSED, SKIPPED, FAILED);

    /**
     * @param alwaysStrip the older parsers remove {@code "<file>::"} from the title even when the title named no
     *                    file, which with an empty file removes every {@code "::"}
     */
    static List<TestResult> blobs(String stdout, Pattern blob, boolean alwaysStrip) throws ParserCrash {
        var out = new ArrayList<TestResult>();
        var m = blob.matcher(stdout);
        while (m.find()) {
            Object report;
            try {
                report = PyJson.loads(m.group(1));
            } catch (PyJson.DecodeError e) {
                continue;
            }
            for (int k = 0; k < KEYS.size(); k++) {
                for (var test : PyObj.iterate(PyObj.get(report, KEYS.get(k), List.of()))) {
                    var file = PyObj.get(test, "file", "");
                    var fm = PyRe.match(FILE, PyObj.subject(file));
                    if (fm != null) file = fm.group(1);
                    var title = PyObj.get(test, "fullTitle", "");
                    var tm = PyRe.search(FILE_IN_TITLE, PyObj.subject(title));
                    if (tm != null) file = tm.group(1);
                    if (tm != null || alwaysStrip) title = PyObj.subject(title).replace(PyObj.format(file) + "::", "");
                    out.add(new TestResult(PyObj.format(file) + " | " + PyObj.format(title), STATUS.get(k)));
                }
            }
        }
        return out;
    }
}
