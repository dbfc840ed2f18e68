package dev.spotter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotter.testsupport.Cli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Import, list, export through the command line, with redaction configured in spotter.yaml. */
class ImportExportCommandTest {
  private static final Path FIXTURES = Path.of("src/test/resources/fixtures/capture");

  @TempDir Path dir;

  private String store() {
    return dir.resolve("store/spotter.db").toString();
  }

  @Test
  void configuredSecretsNeverReachTheStoreOrTheExport() throws IOException {
    Path config = dir.resolve("spotter.yaml");
    Files.writeString(
        config,
        "redaction:\n"
            + "  headers: [X-Api-Key]\n"
            + "  queryParams: [access_token]\n"
            + "  bodyPaths: [/password, /cards/*/number, /session/token]\n");
    Cli.Result imported =
        Cli.run(
            "import",
            "--store",
            store(),
            "--config",
            config.toString(),
            "--corpus",
            "payments",
            FIXTURES.resolve("secrets.har").toString());
    assertThat(imported.exitCode()).as(imported.toString()).isZero();
    assertThat(imported.out()).contains("into corpus 'payments'");

    Path exported = dir.resolve("out/payments.har");
    Cli.Result export =
        Cli.run(
            "export", "--store", store(), "--corpus", "payments", "--output", exported.toString());
    assertThat(export.exitCode()).as(export.toString()).isZero();

    String har = Files.readString(exported);
    JsonNode log = new ObjectMapper().readTree(har).get("log");
    assertThat(log.get("version").asText()).isEqualTo("1.2");
    assertThat(log.get("entries")).hasSize(2);
    assertThat(har).doesNotContain("planted4242").contains("REDACTED");
    for (Path file : new Path[] {Path.of(store()), Path.of(store() + "-wal")}) {
      if (Files.exists(file)) {
        String raw = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertThat(raw).as("raw bytes of %s", file).doesNotContain("planted4242");
      }
    }
  }

  @Test
  void withoutConfigurationSecretsInBodiesQueriesPathsHeadersAndUserinfoNeverReachTheStore()
      throws IOException {
    String token = "0d4f6c1e-8b9a-4f3e-a2d1-5c6b7a8e9f00"; // the login answer's, then a path's
    String jwt =
        "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJKV1RwbGFudGVkNDI0MiJ9"
            + ".c2lnbmF0dXJlLW9mLXRoZS10b2tlbg";
    Cli.Result imported =
        Cli.run(
            "import",
            "--store",
            store(),
            "--corpus",
            "registry",
            FIXTURES.resolve("secrets-everywhere.har").toString());
    assertThat(imported.exitCode()).as(imported.toString()).isZero();
    // body fields: the JSON password, the token answered, the form password; query parameters:
    // access_token, api_key and the Referer's token; path segments: the logout's token and the
    // Referer's GitHub token; headers: two Authorization, X-Api-Key, Set-Cookie; the JWT of a
    // custom header; the password of the URL's userinfo
    assertThat(imported.out())
        .contains(
            "redacted: 3 body fields, 3 query parameters, 2 path segments, 4 headers, 1 JWT,"
                + " 1 URL credential");

    for (Path file : new Path[] {Path.of(store()), Path.of(store() + "-wal")}) {
      if (Files.exists(file)) {
        String raw = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertThat(raw)
            .as("raw bytes of %s", file)
            .doesNotContain("planted4242")
            .doesNotContain(token)
            .doesNotContain(jwt);
      }
    }
    Path exported = dir.resolve("out/registry.jsonl");
    Cli.Result export =
        Cli.run(
            "export", "--store", store(), "--corpus", "registry", "--output", exported.toString());
    assertThat(export.exitCode()).as(export.toString()).isZero();
    String jsonl = Files.readString(exported);
    assertThat(jsonl).doesNotContain("planted4242").doesNotContain(token).doesNotContain(jwt);
    // what is not a credential stays, so ordinary reads replay: paging, digests, ids
    assertThat(jsonl)
        .contains("page_token=p2")
        .contains("next_page_token\\\":\\\"page-2-of-3")
        .contains(
            "/v2/blobs/sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
                + "/users/3f2504e0-4f89-11d3-9a0c-0305e82c3301/orders/1234567")
        .contains("https://deploy:%5BREDACTED%3A")
        .contains("/-/user/token/%5BREDACTED%3A");
  }

  @Test
  void importedCorporaAreListedAndCanBeDeleted() {
    Cli.run(
        "import", "--store", store(), "--corpus", "web", FIXTURES.resolve("chrome.har").toString());
    Cli.Result list = Cli.run("corpus", "list", "--store", store());
    assertThat(list.out()).contains("web");
    assertThat(Cli.run("corpus", "delete", "--store", store(), "web").exitCode()).isZero();
    assertThat(Cli.run("corpus", "list", "--store", store()).out()).contains("No corpus");
    Cli.Result again = Cli.run("corpus", "delete", "--store", store(), "web");
    assertThat(again.exitCode()).isEqualTo(2);
    assertThat(again.err()).contains("no corpus 'web'");
  }

  @Test
  void aBrokenFileImportsNothingUnlessInvalidEntriesAreSkipped() {
    String file = FIXTURES.resolve("invalid-entries.har").toString();
    Cli.Result strict = Cli.run("import", "--store", store(), "--corpus", "x", file);
    assertThat(strict.exitCode()).isEqualTo(2);
    assertThat(strict.err()).contains("invalid-entries.har").contains("entry");
    assertThat(Cli.run("corpus", "list", "--store", store()).out()).contains("No corpus");

    Cli.Result lenient =
        Cli.run("import", "--store", store(), "--corpus", "x", "--skip-invalid", file);
    assertThat(lenient.exitCode()).as(lenient.toString()).isZero();
    assertThat(lenient.out()).contains("skipped");
  }

  @Test
  void theImportSummarySaysWhatTheFileLackedAndWhatWasReadAsText() {
    Cli.Result run =
        Cli.run(
            "import",
            "--store",
            store(),
            "--corpus",
            "x",
            FIXTURES.resolve("other-types.har").toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains(
            "other-types.har: 3 exchanges imported into corpus 'x', 1 without a recorded response"
                + " (kept as requests only), bodies not captured: 1, 8 values of another type"
                + " read as text");
  }

  @Test
  void aMissingFileIsAClearError() {
    Cli.Result run = Cli.run("import", "--store", store(), dir.resolve("nope.har").toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("nope.har");
  }

  @Test
  void anExportThatCannotBeWrittenIsAClearErrorAndLeavesNoHalfFile() throws IOException {
    Cli.run(
        "import", "--store", store(), "--corpus", "web", FIXTURES.resolve("chrome.har").toString());
    Path blocker = dir.resolve("not-a-dir");
    Files.writeString(blocker, "a file where a directory should be");
    Cli.Result run =
        Cli.run(
            "export",
            "--store",
            store(),
            "--corpus",
            "web",
            "--output",
            blocker.resolve("web.har").toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("web.har").doesNotContain("internal error");
  }
}
