package ai.lyceum.reward.code;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class CodeExtractorTest {
    private static String code(String response, String entryPoint) {
        return CodeExtractor.python(response, Optional.ofNullable(entryPoint)).orElseThrow().code();
    }

    @Test
    void takesTheRawTextWhenThereIsNoFence() {
        var extracted = CodeExtractor.python("def f():\n    return 1\n", Optional.empty()).orElseThrow();
        assertThat(extracted.code()).isEqualTo("def f():\n    return 1\n");
        assertThat(extracted.source()).isEqualTo(CodeExtractor.Source.RAW);
    }

    @Test
    void takesThePythonFenceOverOtherLanguages() {
        var response = "Run:\n```bash\npython x.py\n```\nCode:\n```python\ndef f():\n    return 1\n```\n";
        assertThat(code(response, null)).isEqualTo("def f():\n    return 1\n");
    }

    @Test
    void prefersTheBlockDefiningTheEntryPointOverALongerExample() {
        var response = "```python\ndef f(x):\n    return x\n```\nExample:\n```python\nprint(f(1))\nprint(f(2))\nprint(f(3))\n```";
        assertThat(code(response, "f")).isEqualTo("def f(x):\n    return x\n");
    }

    @Test
    void takesTheLongestBlockWhenNoneDefinesTheEntryPoint() {
        var response = "```py\nx = 1\n```\n```py\ndef helper():\n    return 2\n```";
        assertThat(code(response, "missing")).isEqualTo("def helper():\n    return 2\n");
    }

    @Test
    void readsAnUnclosedFenceToTheEndOfATruncatedAnswer() {
        assertThat(code("Sure!\n```python\ndef f():\n    return 1", null)).isEqualTo("def f():\n    return 1");
    }

    @Test
    void usesUntaggedFencesWhenNoneIsTaggedPython() {
        assertThat(code("```\ndef f(): pass\n```", null)).isEqualTo("def f(): pass\n");
    }

    @Test
    void findsNothingInABlankAnswerOrAnEmptyFence() {
        assertThat(CodeExtractor.python("  \n", Optional.empty())).isEmpty();
        assertThat(CodeExtractor.python("```python\n```", Optional.empty())).isEmpty();
    }
}
