package ai.lyceum.bench.swebench.parse;

import static ai.lyceum.bench.swebench.parse.TestStatus.ERROR;
import static ai.lyceum.bench.swebench.parse.TestStatus.FAILED;
import static ai.lyceum.bench.swebench.parse.TestStatus.PASSED;
import static ai.lyceum.bench.swebench.parse.TestStatus.SKIPPED;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Ports of the official tutanota (ospec) parsers. The run script runs every test regardless of selection, and the
 * parsers mostly read a summary line: one turns "All N assertions passed" into a hard-coded list of files, all
 * PASSED, and reports "all tests PASSED" for an empty log.
 */
final class OspecParsers {
    private OspecParsers() {}

    static List<OfficialParser> all() {
        var t = "instance_tutao__tutanota-";
        return List.of(
                new OfficialParser("9f965c02bd5b343c06ba59a2da5c96e5560d117a", "ospec",
                        t + "f373ac3808deefce8183dad8d16729839cc330c1-v2939aa9f4356f0dc9f523ee5ce19d09e08ab979b",
                        OspecParsers::specLines, true),
                new OfficialParser("d1a8c9beeda5815de8514b7aa3e98b777ee89cca", "ospec",
                        t + "09c2776c0fce3db5c6e18da92b5a45dce9f013aa-vbc0d9ba8f0071fbe982809910959a6ff8884dbbf",
                        OspecParsers::assertionsSummary, true));
    }

    private static final Pattern PASSING = PyRe.compile("passing:\\s*(\\d+)");
    private static final Pattern FAILING = PyRe.compile("failing:\\s*(\\d+)");
    private static final Pattern SKIPPED_COUNT = PyRe.compile("skipped:\\s*(\\d+)");

    /** {@code SPEC O >} / {@code TEST} lines, replaced by synthetic names when the count disagrees with the summary. */
    static List<TestResult> specLines(String stdout, String stderr) {
        var out = new ArrayList<TestResult>();
        var lines = PyText.split(stdout, "\n");
        var spec = "";
        for (var raw : lines) {
            var line = PyText.strip(raw);
            if (line.startsWith("SPEC O >")) {
                spec = PyText.strip(line.replace("SPEC O >", ""));
            } else if (line.startsWith("TEST ")) {
                var test = PyText.strip(line.replace("TEST ", ""));
                String name;
                if (!spec.isEmpty()) {
                    var parts = PyText.split(spec, " > ");
                    var file = "test/tests/" + parts.get(0).replace(" ", "");
                    if (parts.size() > 1) file += "/" + String.join("/", parts.subList(1, parts.size())).replace(" ", "");
                    name = file + ".js | " + test;
                } else {
                    name = "test/tests/unknown.js | " + test;
                }
                out.add(new TestResult(name, PASSED));
            }
        }
        var summary = "";
        for (var line : lines) {
            if (line.contains("passing:") && line.contains("failing:")) { summary = PyText.strip(line); break; }
        }
        if (summary.isEmpty()) return out;
        var passing = PyRe.search(PASSING, summary);
        var failing = PyRe.search(FAILING, summary);
        var skipped = PyRe.search(SKIPPED_COUNT, summary);
        if (passing != null) {
            var expected = count(passing.group(1));
            if (out.size() != expected) {
                out = new ArrayList<>();
                for (int i = 0; i < expected; i++) out.add(new TestResult("test/tests/Suite.js | test_" + (i + 1), PASSED));
            }
        }
        if (failing != null && count(failing.group(1)) > 0) {
            for (int i = 0; i < count(failing.group(1)); i++) out.add(new TestResult("test/tests/Suite.js | failed_test_" + (i + 1), FAILED));
        }
        if (skipped != null && count(skipped.group(1)) > 0) {
            for (int i = 0; i < count(skipped.group(1)); i++) out.add(new TestResult("test/tests/Suite.js | skipped_test_" + (i + 1), SKIPPED));
        }
        return out;
    }

    /** {@code int(...)} of a regex digit run; counts beyond a million are not logs this harness will see. */
    private static int count(String digits) {
        var n = new BigInteger(digits.codePoints().map(c -> '0' + Character.digit(c, 10))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString());
        if (n.compareTo(BigInteger.valueOf(1_000_000)) > 0) throw new IllegalArgumentException("test count too large: " + n);
        return n.intValue();
    }

    private static final Pattern ALL_PASSED = PyRe.compile("All (\\d+) assertions passed");
    private static final Pattern ERRORS = PyRe.compile("(\\d+) error\\(s\\)");
    private static final List<String> ERROR_MARKERS = List.of("Error:", "TypeError:", "ReferenceError:", "failed with error code");

    static List<TestResult> assertionsSummary(String stdout, String stderr) {
        var out = new ArrayList<TestResult>();
        for (var raw : PyText.split(stdout, "\n")) {
            var line = PyText.strip(raw);
            if (PyRe.search(ALL_PASSED, line) != null) {
                for (var file : FILES_09C2) out.add(new TestResult(file + " | test suite", PASSED));
                break;
            }
            if (PyRe.search(ERRORS, line) != null) {
                out.add(new TestResult("test/tests/Suite.js | test execution", FAILED));
                break;
            }
        }
        if (out.isEmpty()) {
            if (!stderr.isEmpty()) {
                for (var raw : PyText.split(stderr, "\n")) {
                    var line = PyText.strip(raw);
                    if (ERROR_MARKERS.stream().anyMatch(line::contains)) {
                        out.add(new TestResult("Build/Runtime Error: " + PyText.head(line, 100), ERROR));
                    }
                }
            }
            if (out.isEmpty()) out.add(new TestResult("test/tests/Suite.js | all tests", PASSED));
        }
        return out;
    }

    /** The file list hard-coded in that parser.py (107 entries), in its order. */
    private static final List<String> FILES_09C2 = List.of(
            "test/tests/api/worker/facades/LoginFacadeTest.js",
            "test/tests/api/common/utils/LoggerTest.js",
            "test/tests/api/common/utils/BirthdayUtilsTest.js",
            "test/tests/api/worker/rest/EntityRestClientTest.js",
            "test/tests/api/worker/crypto/CryptoFacadeTest.js",
            "test/tests/api/worker/crypto/OwnerEncSessionKeysUpdateQueueTest.js",
            "test/tests/api/worker/crypto/CompatibilityTest.js",
            "test/tests/api/common/error/RestErrorTest.js",
            "test/tests/api/common/error/TutanotaErrorTest.js",
            "test/tests/api/worker/rest/RestClientTest.js",
            "test/tests/api/worker/rest/EntityRestCacheTest.js",
            "test/tests/api/worker/rest/EphemeralCacheStorageTest.js",
            "test/tests/api/worker/EventBusClientTest.js",
            "test/tests/api/worker/search/TokenizerTest.js",
            "test/tests/api/worker/search/IndexerTest.js",
            "test/tests/api/worker/search/IndexerCoreTest.js",
            "test/tests/api/worker/search/ContactIndexerTest.js",
            "test/tests/api/worker/search/GroupInfoIndexerTest.js",
            "test/tests/api/worker/search/MailIndexerTest.js",
            "test/tests/api/worker/search/IndexUtilsTest.js",
            "test/tests/api/worker/search/SearchFacadeTest.js",
            "test/tests/api/worker/search/SuggestionFacadeTest.js",
            "test/tests/api/worker/search/SearchIndexEncodingTest.js",
            "test/tests/serviceworker/SwTest.js",
            "test/tests/api/worker/search/EventQueueTest.js",
            "test/tests/api/worker/facades/MailFacadeTest.js",
            "test/tests/api/worker/facades/CalendarFacadeTest.js",
            "test/tests/api/worker/facades/UserFacadeTest.js",
            "test/tests/api/worker/SuspensionHandlerTest.js",
            "test/tests/api/worker/facades/ConfigurationDbTest.js",
            "test/tests/api/worker/CompressionTest.js",
            "test/tests/api/common/utils/PlainTextSearchTest.js",
            "test/tests/api/common/utils/EntityUtilsTest.js",
            "test/tests/api/worker/rest/CborDateEncoderTest.js",
            "test/tests/api/worker/facades/BlobFacadeTest.js",
            "test/tests/api/worker/facades/BlobAccessTokenFacadeTest.js",
            "test/tests/api/worker/utils/SleepDetectorTest.js",
            "test/tests/api/worker/rest/ServiceExecutorTest.js",
            "test/tests/api/worker/rest/CacheStorageProxyTest.js",
            "test/tests/contacts/VCardExporterTest.js",
            "test/tests/contacts/VCardImporterTest.js",
            "test/tests/misc/ClientDetectorTest.js",
            "test/tests/misc/LanguageViewModelTest.js",
            "test/tests/api/common/utils/CommonFormatterTest.js",
            "test/tests/misc/FormatterTest.js",
            "test/tests/api/worker/UrlifierTest.js",
            "test/tests/misc/PasswordUtilsTest.js",
            "test/tests/gui/animation/AnimationsTest.js",
            "test/tests/gui/ThemeControllerTest.js",
            "test/tests/api/main/EntropyCollectorTest.js",
            "test/tests/misc/HtmlSanitizerTest.js",
            "test/tests/mail/InboxRuleHandlerTest.js",
            "test/tests/mail/MailUtilsSignatureTest.js",
            "test/tests/mail/MailModelTest.js",
            "test/tests/contacts/ContactUtilsTest.js",
            "test/tests/contacts/ContactMergeUtilsTest.js",
            "test/tests/calendar/CalendarModelTest.js",
            "test/tests/calendar/CalendarUtilsTest.js",
            "test/tests/calendar/CalendarParserTest.js",
            "test/tests/calendar/CalendarImporterTest.js",
            "test/tests/calendar/AlarmSchedulerTest.js",
            "test/tests/support/FaqModelTest.js",
            "test/tests/gui/base/WizardDialogNTest.js",
            "test/tests/calendar/eventeditor/CalendarEventWhenModelTest.js",
            "test/tests/calendar/eventeditor/CalendarEventWhoModelTest.js",
            "test/tests/calendar/eventeditor/CalendarEventAlarmModelTest.js",
            "test/tests/calendar/eventeditor/CalendarEventModelTest.js",
            "test/tests/gui/ColorTest.js",
            "test/tests/mail/SendMailModelTest.js",
            "test/tests/misc/OutOfOfficeNotificationTest.js",
            "test/tests/subscription/PriceUtilsTest.js",
            "test/tests/subscription/SubscriptionUtilsTest.js",
            "test/tests/subscription/CreditCardViewModelTest.js",
            "test/tests/mail/TemplateSearchFilterTest.js",
            "test/tests/mail/KnowledgeBaseSearchFilterTest.js",
            "test/tests/mail/export/ExporterTest.js",
            "test/tests/mail/export/BundlerTest.js",
            "test/tests/api/common/utils/FileUtilsTest.js",
            "test/tests/gui/GuiUtilsTest.js",
            "test/tests/misc/ParserTest.js",
            "test/tests/misc/news/items/ReferralLinkNewsTest.js",
            "test/tests/settings/TemplateEditorModelTest.js",
            "test/tests/settings/mailaddress/MailAddressTableModelTest.js",
            "test/tests/settings/UserDataExportTest.js",
            "test/tests/settings/login/secondfactor/SecondFactorEditModelTest.js",
            "test/tests/misc/SchedulerTest.js",
            "test/tests/misc/parsing/MailAddressParserTest.js",
            "test/tests/misc/FormatValidatorTest.js",
            "test/tests/settings/whitelabel/CustomColorEditorTest.js",
            "test/tests/login/LoginViewModelTest.js",
            "test/tests/misc/credentials/CredentialsProviderTest.js",
            "test/tests/misc/DeviceConfigTest.js",
            "test/tests/calendar/EventDragHandlerTest.js",
            "test/tests/calendar/CalendarGuiUtilsTest.js",
            "test/tests/calendar/CalendarViewModelTest.js",
            "test/tests/misc/credentials/NativeCredentialsEncryptionTest.js",
            "test/tests/misc/credentials/CredentialsKeyProviderTest.js",
            "test/tests/misc/webauthn/WebauthnClientTest.js",
            "test/tests/translations/TranslationKeysTest.js",
            "test/tests/misc/UsageTestModelTest.js",
            "test/tests/misc/NewsModelTest.js",
            "test/tests/file/FileControllerTest.js",
            "test/tests/api/worker/rest/CustomCacheHandlerTest.js",
            "test/tests/misc/RecipientsModelTest.js",
            "test/tests/api/worker/facades/MailAddressFacadeTest.js",
            "test/tests/mail/model/FolderSystemTest.js",
            "test/tests/misc/ListModelTest.js"
);
}
