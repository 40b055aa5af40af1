package ai.lyceum.reward.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PythonTestsTest {
    private final PythonTests.CheckFunction check =
            new PythonTests.CheckFunction("def f(x):\n    \"\"\"doc\"\"\"\n", "def check(candidate):\n    assert candidate(1)\n", "f");

    @Test
    void continuesThePromptWithABody() {
        assertThat(check.program("    return x\n")).isEqualTo("def f(x):\n    \"\"\"doc\"\"\"\n    return x\n\n");
    }

    @Test
    void appendsAWholeFunctionAfterThePrompt() {
        assertThat(check.program("def f(x):\n    return x")).isEqualTo("def f(x):\n    \"\"\"doc\"\"\"\n\ndef f(x):\n    return x\n");
    }

    @Test
    void restoresTheIndentationOfABodysFirstLine() {
        assertThat(PythonTests.CheckFunction.asBody("for i in x:\n        pass\n    return 1"))
                .isEqualTo("        for i in x:\n        pass\n    return 1");
        assertThat(PythonTests.CheckFunction.asBody("y = x\nreturn y")).isEqualTo("    y = x\n    return y");
        assertThat(PythonTests.CheckFunction.asBody("    return x")).isEqualTo("    return x");
    }

    @Test
    void readsHumanEvalRowsFromMetadata() {
        var tests = PythonTests.fromMetadata(Map.of("prompt", "def f(x):\n", "test", "def check(candidate): pass", "entry_point", "f"));
        assertThat(tests).containsInstanceOf(PythonTests.CheckFunction.class);
        assertThat(tests.get().entryPoint()).contains("f");
    }

    @Test
    void readsMbppRowsFromMetadataWithSetupAndImports() {
        var tests = (PythonTests.AssertList) PythonTests.fromMetadata(Map.of(
                "test_list", List.of("assert math.isclose(area(1), 3.14, rel_tol=0.01)"), "test_setup_code", "r = 1")).orElseThrow();
        assertThat(tests.setup()).isEqualTo("import math\nr = 1");
        assertThat(tests.entryPoint()).contains("area");
        var declared = (PythonTests.AssertList) PythonTests.fromMetadata(Map.of(
                "test_list", List.of("assert math.floor(g()) == 1"), "test_imports", List.of("import math as math"))).orElseThrow();
        assertThat(declared.setup()).isEqualTo("import math as math");
    }

    @Test
    void findsNoTestsInOtherMetadata() {
        assertThat(PythonTests.fromMetadata(Map.of("answer", "42"))).isEmpty();
        assertThat(PythonTests.fromMetadata(Map.of("test_list", List.of()))).isEmpty();
    }

    @Test
    void rejectsAnEntryPointThatIsNotAnIdentifier() {
        assertThatThrownBy(() -> new PythonTests.CheckFunction("", "def check(c): pass", "f(); import os"))
                .hasMessageContaining("f(); import os");
    }
}
