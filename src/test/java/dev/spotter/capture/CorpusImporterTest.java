package dev.spotter.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.spotter.model.Body;
import dev.spotter.model.Exchange;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.HttpResponseData;
import dev.spotter.model.SpotterException;
import dev.spotter.proxy.Compression;
import dev.spotter.store.ExchangeCursor;
import dev.spotter.store.SqliteStore;
import dev.spotter.testsupport.Placeholders;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusImporterTest {
  @TempDir Path dir;
  private Path file;
  private SqliteStore store;

  @BeforeEach
  void openStore() {
    file = dir.resolve("spotter.db");
    store = SqliteStore.open(file);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private CorpusImporter importer(ImportOptions options) {
    return new CorpusImporter(store, new Redactor(RedactionRules.defaults()), options);
  }

  private List<Exchange> corpus(String name) {
    List<Exchange> list = new ArrayList<>();
    try (ExchangeCursor cursor = store.read(name)) {
      cursor.forEachRemaining(list::add);
    }
    return list;
  }

  @Test
  void importSummarySaysWhatWasStored() {
    ImportSummary chrome =
        importer(ImportOptions.defaults()).importFile(Fixtures.path("chrome.har"), "web");
    // its one Authorization header
    RedactionCounts authorization = new RedactionCounts(java.util.Map.of(RedactionKind.HEADER, 1L));
    assertThat(chrome)
        .isEqualTo(new ImportSummary("chrome.har", "web", 3, List.of(), 1, 0, 0, 0, authorization));
    ImportSummary playwright =
        importer(ImportOptions.defaults()).importFile(Fixtures.path("playwright.har"), "web");
    assertThat(playwright.imported()).isEqualTo(3);
    assertThat(playwright.responsesMissing()).isEqualTo(1);
    // the body Playwright kept aside in a file of its own: not captured here, not cut
    assertThat(playwright.truncatedBodies()).isZero();
    assertThat(playwright.bodiesNotCaptured()).isEqualTo(1);
    assertThat(store.corpus("web").orElseThrow().exchanges()).isEqualTo(6);
    List<Exchange> stored = corpus("web");
    assertThat(stored.get(0).source()).isEqualTo("har:chrome.har");
    assertThat(stored.get(0).request().headers().first("authorization").map(Placeholders::unkeyed))
        .contains("Bearer [REDACTED]");
  }

  @Test
  void oneInvalidEntryFailsTheWholeFileAndAddsNothing() {
    importer(ImportOptions.defaults()).importFile(Fixtures.path("chrome.har"), "web");
    SpotterException e =
        catchThrowableOfType(
            SpotterException.class,
            () ->
                importer(ImportOptions.defaults().withBatchSize(1))
                    .importFile(Fixtures.path("invalid-entries.har"), "web"));
    assertThat(e.code()).isEqualTo("har.malformed");
    assertThat(e.getMessage())
        .startsWith("invalid-entries.har: 5 invalid entries: entry 2 (line ")
        .contains("): request.method is missing; entry 4 (line ")
        .contains("; entry 7 (line ")
        .endsWith(" (--skip-invalid imports the rest)")
        .doesNotContain("\n");
    assertThat(store.corpus("web").orElseThrow().exchanges()).isEqualTo(3);

    catchThrowableOfType(
        SpotterException.class,
        () ->
            importer(ImportOptions.defaults())
                .importFile(Fixtures.path("invalid-entries.har"), "fresh"));
    assertThat(store.corpus("fresh")).isEmpty();
  }

  @Test
  void manyInvalidEntriesAreCountedAndTheFirstFiveNamedInOneLine() throws Exception {
    StringBuilder lines = new StringBuilder();
    for (int i = 1; i <= 7; i++) {
      lines.append("{\"version\":1,\"request\":{\"method\":\"GET\"}}\n");
    }
    lines.append("{\"version\":1,\"request\":{\"method\":\"GET\",\"url\":\"/ok\"}}\n");
    Path jsonl = dir.resolve("bad.jsonl");
    Files.writeString(jsonl, lines);

    SpotterException e =
        catchThrowableOfType(
            SpotterException.class,
            () -> importer(ImportOptions.defaults()).importFile(jsonl, "j"));

    assertThat(e.code()).isEqualTo("jsonl.malformed");
    assertThat(e.getMessage())
        .isEqualTo(
            "bad.jsonl: 7 invalid entries, the first 5: line 1: request.url is missing;"
                + " line 2: request.url is missing; line 3: request.url is missing;"
                + " line 4: request.url is missing; line 5: request.url is missing"
                + " (--skip-invalid imports the rest)");
    assertThat(store.corpus("j")).isEmpty();
  }

  @Test
  void oneInvalidEntryIsNamedWithTheHint() throws Exception {
    Path jsonl = dir.resolve("one.jsonl");
    Files.writeString(
        jsonl,
        "{\"version\":1,\"request\":{\"method\":\"GET\",\"url\":\"/ok\"}}\n"
            + "{\"version\":1,\"request\":{\"url\":\"/no-method\"}}\n");
    SpotterException e =
        catchThrowableOfType(
            SpotterException.class,
            () -> importer(ImportOptions.defaults()).importFile(jsonl, "j"));
    assertThat(e.getMessage())
        .isEqualTo(
            "one.jsonl: 1 invalid entry: line 2: request.method is missing"
                + " (--skip-invalid imports the rest)");
  }

  @Test
  void invalidEntriesBeforeAFileBreaksOffAreNamedWithTheBreak() {
    SpotterException e =
        catchThrowableOfType(
            SpotterException.class,
            () ->
                importer(ImportOptions.defaults())
                    .importFile(Fixtures.path("invalid-then-truncated.har"), "t"));
    assertThat(e.code()).isEqualTo("har.malformed");
    assertThat(e.getMessage())
        .startsWith(
            "invalid-then-truncated.har: 1 invalid entry before the file breaks off: entry 2"
                + " (line ")
        .contains("response.status must be a whole number")
        .contains("; then entry 3 (line ")
        .endsWith(
            "the JSON ends too early (is the file truncated?) (--skip-invalid imports the rest)");
    assertThat(store.corpus("t")).isEmpty();
  }

  @Test
  void aTruncatedFileAddsNothingByDefaultAndKeepsTheWholeEntriesWhenSkipping() {
    SpotterException e =
        catchThrowableOfType(
            SpotterException.class,
            () ->
                importer(ImportOptions.defaults()).importFile(Fixtures.path("truncated.har"), "t"));
    assertThat(e.getMessage()).startsWith("truncated.har: entry 2 (line ");
    assertThat(store.corpus("t")).isEmpty();

    ImportSummary summary =
        importer(ImportOptions.defaults().skippingInvalid(true))
            .importFile(Fixtures.path("truncated.har"), "t");
    assertThat(summary.imported()).isEqualTo(1);
    assertThat(summary.skipped()).hasSize(1);
    assertThat(summary.skipped().get(0).where()).isEqualTo("the rest of the file");
    assertThat(summary.skipped().get(0).reason())
        .startsWith("entry 2 (line ")
        .endsWith("the JSON ends too early (is the file truncated?)");
    assertThat(corpus("t"))
        .extracting(x -> x.request().url())
        .containsExactly("https://api.example.com/v1/orders/1042?expand=items");
  }

  @Test
  void skippingInvalidEntriesCountsAndNamesEachOne() {
    ImportSummary summary =
        importer(ImportOptions.defaults().skippingInvalid(true).withBatchSize(2))
            .importFile(Fixtures.path("invalid-entries.har"), "mixed");
    assertThat(summary.imported()).isEqualTo(3);
    assertThat(summary.skipped())
        .extracting(SkippedEntry::where)
        .allMatch(w -> w.matches("entry \\d \\(line \\d+, column \\d+\\)"))
        .extracting(w -> w.substring(0, 7))
        .containsExactly("entry 2", "entry 4", "entry 5", "entry 6", "entry 7");
    assertThat(summary.skipped().get(0).reason()).isEqualTo("request.method is missing");
    assertThat(corpus("mixed"))
        .extracting(x -> x.request().url())
        .containsExactly("http://a.local/1", "http://a.local/3", "http://a.local/8");
  }

  @Test
  void bodiesOverTheCapAreStoredTruncatedAndCounted() {
    ImportSummary summary =
        importer(ImportOptions.defaults().withBodyCap(16))
            .importFile(Fixtures.path("mitmproxy.har"), "capped");
    // the 67-byte JSON request and the 256-byte binary response of the first entry
    assertThat(summary.truncatedBodies()).isEqualTo(2);
    Exchange cards = corpus("capped").get(0);
    assertThat(cards.request().body().length()).isEqualTo(16);
    assertThat(cards.request().body().truncated()).isTrue();
    assertThat(cards.request().body().originalSize()).isEqualTo(67);
    assertThat(cards.response().body().length()).isEqualTo(16);
    assertThat(cards.response().body().originalSize()).isEqualTo(256);
  }

  @Test
  void skippedEntriesAreLeftToTheSummaryAndNotLoggedASecondTime() {
    // slf4j-simple writes to whatever System.err is at the time of each log call
    PrintStream realErr = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ImportSummary summary;
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      summary =
          importer(ImportOptions.defaults().skippingInvalid(true))
              .importFile(Fixtures.path("invalid-entries.har"), "quiet");
    } finally {
      System.setErr(realErr);
    }
    assertThat(summary.skipped()).hasSize(5);
    assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("entry 2").isEmpty();
  }

  @Test
  void aCompressionBombInAHarIsDecodedOnlyUpToTheBodyCap() throws Exception {
    // 640 gzip members of 1 MiB of zeros each: 640 MiB once decoded, from well under 1 MiB
    byte[] member = Compression.gzip(new byte[1024 * 1024]);
    ByteArrayOutputStream bomb = new ByteArrayOutputStream();
    for (int i = 0; i < 640; i++) {
      bomb.write(member);
    }
    Path har =
        writeHar(
            new Exchange(
                "1",
                new HttpRequestData("GET", "http://a.local/bomb", Headers.EMPTY, Body.EMPTY),
                new HttpResponseData(
                    200, Headers.of("Content-Encoding", "gzip"), Body.of(bomb.toByteArray())),
                null,
                -1,
                "test"));

    ImportSummary summary =
        importer(ImportOptions.defaults().withBodyCap(4096)).importFile(har, "bomb");

    assertThat(summary.truncatedBodies()).isEqualTo(1);
    Body body = corpus("bomb").get(0).response().body();
    assertThat(body.length()).isEqualTo(4096);
    assertThat(body.truncated()).isTrue();
    assertThat(body.bytes()).containsOnly(0);
  }

  @Test
  void importingTheSameFileTwiceIsRefusedSayingWhenAndHowMuchUnlessRepeatsAreAllowed()
      throws Exception {
    store.close();
    store =
        SqliteStore.open(
            file,
            SqliteStore.DEFAULT_BUSY_TIMEOUT,
            Clock.fixed(Instant.parse("2026-11-24T10:00:00.250Z"), ZoneOffset.UTC));
    Path chrome = Fixtures.path("chrome.har");
    importer(ImportOptions.defaults()).importFile(chrome, "web");
    String sha256 =
        java.util.HexFormat.of()
            .formatHex(
                java.security.MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(chrome)));
    assertThat(store.findImport("web", sha256).orElseThrow().exchanges()).isEqualTo(3);

    SpotterException again =
        catchThrowableOfType(
            SpotterException.class,
            () -> importer(ImportOptions.defaults()).importFile(chrome, "web"));
    assertThat(again.code()).isEqualTo("import.repeated");
    assertThat(again.getMessage())
        .isEqualTo(
            "chrome.har was already imported into corpus 'web' on 2026-11-24T10:00:00Z"
                + " (3 exchanges); pass --again to import it twice");
    assertThat(store.corpus("web").orElseThrow().exchanges()).isEqualTo(3);

    // the same bytes under another name, and with invalid entries skipped: still the same file
    Path copy = dir.resolve("copy.har");
    Files.copy(chrome, copy);
    SpotterException renamed =
        catchThrowableOfType(
            SpotterException.class,
            () -> importer(ImportOptions.defaults().skippingInvalid(true)).importFile(copy, "web"));
    assertThat(renamed.getMessage())
        .startsWith("copy.har was already imported into corpus 'web' as chrome.har on ");

    ImportSummary twice =
        importer(ImportOptions.defaults().allowingRepeat(true)).importFile(chrome, "web");
    assertThat(twice.imported()).isEqualTo(3);
    assertThat(store.corpus("web").orElseThrow().exchanges()).isEqualTo(6);
    assertThat(importer(ImportOptions.defaults()).importFile(chrome, "other").imported())
        .isEqualTo(3);
  }

  @Test
  void aFileIsRememberedOnlyOnceItsImportSucceededAndForgottenWithItsCorpus() throws Exception {
    Path broken = Fixtures.path("invalid-entries.har");
    catchThrowableOfType(
        SpotterException.class, () -> importer(ImportOptions.defaults()).importFile(broken, "c"));
    ImportSummary skipping =
        importer(ImportOptions.defaults().skippingInvalid(true)).importFile(broken, "c");
    assertThat(skipping.imported()).isEqualTo(3);
    assertThat(
            catchThrowableOfType(
                    SpotterException.class,
                    () ->
                        importer(ImportOptions.defaults().skippingInvalid(true))
                            .importFile(broken, "c"))
                .code())
        .isEqualTo("import.repeated");

    store.deleteCorpus("c");
    assertThat(
            importer(ImportOptions.defaults().skippingInvalid(true))
                .importFile(broken, "c")
                .imported())
        .isEqualTo(3);
  }

  @Test
  void aJsonlFileIsRefusedTheSecondTimeToo() {
    Path jsonl = Fixtures.path("sample.jsonl");
    importer(ImportOptions.defaults()).importFile(jsonl, "j");
    SpotterException e =
        catchThrowableOfType(
            SpotterException.class,
            () -> importer(ImportOptions.defaults()).importFile(jsonl, "j"));
    assertThat(e.getMessage()).contains("sample.jsonl was already imported into corpus 'j'");
  }

  @Test
  void aChangedFileIsANewFile() throws Exception {
    Path har = dir.resolve("t.har");
    Files.copy(Fixtures.path("chrome.har"), har);
    importer(ImportOptions.defaults()).importFile(har, "web");
    // one more byte after the document: other bytes, so another import
    Files.writeString(har, "\n", java.nio.file.StandardOpenOption.APPEND);
    assertThat(importer(ImportOptions.defaults()).importFile(har, "web").imported()).isEqualTo(3);
  }

  @Test
  void batchesGoToTheStoreAsTheyFillAndProgressIsReported() {
    List<Long> progress = new ArrayList<>();
    importer(ImportOptions.defaults().withBatchSize(2))
        .importFile(Fixtures.path("chrome.har"), ExchangeFormat.HAR, "p", progress::add);
    assertThat(progress).containsExactly(2L, 3L);
  }

  @Test
  void aMissingFileIsNamed() {
    Path missing = dir.resolve("nope.har");
    SpotterException e =
        catchThrowableOfType(
            SpotterException.class,
            () -> importer(ImportOptions.defaults()).importFile(missing, "c"));
    assertThat(e.code()).isEqualTo("import.unreadable");
    assertThat(e.getMessage()).isEqualTo(missing + ": cannot be opened: no such file");
    assertThat(store.corpus("c")).isEmpty();
  }

  @Test
  void jsonlFilesImportWithTheirRecordedSources() {
    ImportSummary summary =
        importer(ImportOptions.defaults()).importFile(Fixtures.path("sample.jsonl"), "j");
    assertThat(summary.imported()).isEqualTo(3);
    assertThat(summary.truncatedBodies()).isEqualTo(1);
    assertThat(corpus("j"))
        .extracting(Exchange::source)
        .containsExactly("record:orders.local", "record:orders.local", "jsonl:sample.jsonl");
  }

  @Test
  void aStoreFailureHalfWayRemovesACorpusTheImportCreatedAndCountsWhatStayedInAnOldOne()
      throws Exception {
    importer(ImportOptions.defaults()).importFile(Fixtures.path("firefox.har"), "old");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TRIGGER full_disk BEFORE INSERT ON exchanges WHEN NEW.url LIKE '%slow.js'"
              + " BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END");
    }
    ImportOptions oneByOne = ImportOptions.defaults().withBatchSize(1);
    SpotterException fresh =
        catchThrowableOfType(
            SpotterException.class,
            () -> importer(oneByOne).importFile(Fixtures.path("playwright.har"), "new"));
    assertThat(fresh.getMessage()).contains("disk full (simulated)");
    assertThat(store.corpus("new")).isEmpty();

    SpotterException old =
        catchThrowableOfType(
            SpotterException.class,
            () -> importer(oneByOne).importFile(Fixtures.path("playwright.har"), "old"));
    assertThat(old.getMessage())
        .contains("disk full (simulated)")
        .endsWith("(2 exchanges of playwright.har were already stored in corpus 'old')");
  }

  @Test
  void plantedSecretsAppearNowhereInTheDatabaseFileNorItsWal() throws Exception {
    RedactionRules rules =
        RedactionRules.defaults()
            .withHeaderNames("X-Api-Key")
            .withQueryParameters("access_token")
            .withJsonPaths("/password", "/cards/*/number", "/session/token");
    ImportSummary summary =
        new CorpusImporter(store, new Redactor(rules), ImportOptions.defaults())
            .importFile(Fixtures.path("secrets.har"), "secrets");
    assertThat(summary.imported()).isEqualTo(2);

    String[] secrets = {
      "HTOKENplanted4242", // Authorization header
      "QTOKENplanted4242", // query parameter
      "CTOKENplanted4242", // Cookie
      "STOKENplanted4242", // Set-Cookie
      "KTOKENplanted4242", // custom header
      "JTOKENplanted4242", // JSON request body field
      "NTOKENplanted4242", // JSON array element field
      "RTOKENplanted4242", // JSON response body field
      "FTOKENplanted4242" // form body parameter
    };
    Path wal = dir.resolve("spotter.db-wal");
    assertThat(wal).exists(); // the committed import is still in the log while the store is open
    assertNoSecretIn(file, secrets);
    assertNoSecretIn(wal, secrets);
    // a control: the scan does see what was stored around the secrets
    assertThat(
            Placeholders.unkeyed(
                new String(Files.readAllBytes(wal), java.nio.charset.StandardCharsets.ISO_8859_1)))
        .contains("https://api.example.com/v1/pay?")
        .contains("{\"user\":\"ada\",\"password\":\"[REDACTED]\"");
    Exchange pay = corpus("secrets").get(0);
    assertThat(pay.request().headers().first("Cookie").map(Placeholders::unkeyed))
        .contains("sid=[REDACTED]; theme=[REDACTED]");
    assertThat(Placeholders.unkeyed(pay.request().url()))
        .contains("access_token=%5BREDACTED%5D&page=1");

    store.close();
    assertNoSecretIn(file, secrets);
    if (Files.exists(wal)) {
      assertNoSecretIn(wal, secrets);
    }
  }

  @Test
  void aSecretInAJsonBodyThatIsCutAtCaptureOrAtTheDecodeCapNeverReachesTheStore() throws Exception {
    String secret = "BTOKENplanted4242";
    byte[] json =
        ("{\"session\":{\"token\":\""
                + secret
                + "\"},\"filler\":\""
                + "y".repeat(300 * 1024)
                + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    // cut by the tool that captured it: only a prefix of the document is in the file
    Exchange cutAtCapture =
        jsonAnswer(
            "/cut",
            Headers.EMPTY,
            new Body(java.util.Arrays.copyOf(json, 1000), json.length, true));
    // stored compressed, complete, but longer than the body cap once decoded
    Exchange compressed =
        jsonAnswer(
            "/gz",
            Headers.of("Content-Encoding", "gzip", "Content-Type", "application/json"),
            Body.of(Compression.gzip(json)));
    Path har = writeHar(cutAtCapture, compressed);
    RedactionRules rules = RedactionRules.defaults().withJsonPaths("/session/token");

    new CorpusImporter(store, new Redactor(rules), ImportOptions.defaults().withBodyCap(64 * 1024))
        .importFile(har, "cut");

    List<Exchange> stored = corpus("cut");
    for (Exchange e : stored) {
      Body body = e.response().body();
      assertThat(body.utf8()).as(e.request().url()).isEqualTo("[REDACTED]");
      assertThat(body.truncated()).as(e.request().url()).isTrue();
      // at least what the file said, or what decoding had read when it stopped at the cap
      assertThat(body.originalSize()).as(e.request().url()).isGreaterThan(64 * 1024);
    }
    assertNoSecretIn(file, new String[] {secret});
    assertNoSecretIn(dir.resolve("spotter.db-wal"), new String[] {secret});
  }

  private static Exchange jsonAnswer(String path, Headers headers, Body body) {
    return new Exchange(
        path,
        new HttpRequestData("GET", "http://a.local" + path, Headers.EMPTY, Body.EMPTY),
        new HttpResponseData(200, headers, body),
        null,
        -1,
        "test");
  }

  /** A HAR file of the given exchanges, written by Spotter's own writer. */
  private Path writeHar(Exchange... exchanges) throws Exception {
    Path har = Files.createTempFile(dir, "test", ".har");
    try (OutputStream out = Files.newOutputStream(har);
        HarWriter writer = new HarWriter(out)) {
      for (Exchange e : exchanges) {
        writer.write(e);
      }
    }
    return har;
  }

  private static void assertNoSecretIn(Path path, String[] secrets) throws Exception {
    String raw = new String(Files.readAllBytes(path), java.nio.charset.StandardCharsets.ISO_8859_1);
    for (String secret : secrets) {
      assertThat(raw).as("%s in %s", secret, path.getFileName()).doesNotContain(secret);
    }
  }
}
