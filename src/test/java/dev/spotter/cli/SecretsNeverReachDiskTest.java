package dev.spotter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.capture.HarWriter;
import dev.spotter.capture.JsonlWriter;
import dev.spotter.model.Body;
import dev.spotter.model.Exchange;
import dev.spotter.model.Header;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.HttpResponseData;
import dev.spotter.testsupport.Cli;
import dev.spotter.testsupport.KafkaBroker;
import dev.spotter.testsupport.Ports;
import dev.spotter.testsupport.SecretScan;
import dev.spotter.testsupport.TestHttpServer;
import dev.spotter.testsupport.TestPostgres;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plants random secrets (new ones each run, the seed printed) in every place a real client puts
 * them, drives them through every way traffic enters Spotter (record, import of a HAR and of a
 * JSONL file, shadow, check with --set-header, a guard, the Kafka stream, a PostgreSQL store), and
 * searches every byte Spotter wrote (every file, the store and its write-ahead log, reports,
 * exports, topic records, table rows, what it printed) for each secret in every encoding.
 *
 * <p>Each entry point runs twice: with the secrets redacted today (credential headers, cookies,
 * configured headers, query parameters and body fields, --set-header values), and with the places
 * issue 14 lists (bodies, path segments, JWTs, api-key headers, userinfo, learned values,
 * configured patterns) that need the redaction engine of branch secrets-engine.
 */
class SecretsNeverReachDiskTest {

  /** How long record and shadow run: the planted traffic takes far less, even on a busy machine. */
  private static final String LIVE_FOR = "10s";

  private static KafkaBroker broker;

  @TempDir Path dir;

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  // ---------------------------------------------------------------- the planted secrets

  /** Which places a run plants secrets in. */
  enum Places {
    /** What Spotter redacts today: credential headers, cookies, configured names, --set-header. */
    REDACTED_TODAY,
    /** What issue 14 lists and the redaction engine of branch secrets-engine covers. */
    ISSUE_14
  }

  /** One request a client sends, with secrets in it. */
  record Sent(String method, String path, List<Header> headers, String body) {
    String contentType() {
      return headers.stream()
          .filter(h -> h.is("Content-Type"))
          .map(Header::value)
          .findFirst()
          .orElse(null);
    }
  }

  /**
   * Random secrets for one run, the requests that carry them and the configuration that names them.
   */
  static final class Planted {
    final long seed;
    final Places places;
    final Map<String, String> secrets = new LinkedHashMap<>();
    final List<Sent> requests = new ArrayList<>();
    final String config;
    final String loginToken;
    final String setCookie;
    final String setHeader;
    final String userinfoPassword;
    private final Random random;

    Planted(Places places) {
      this.seed = new SecureRandom().nextLong();
      this.places = places;
      this.random = new Random(seed);
      System.out.println("planted secrets of " + places + " drawn with seed " + seed);
      setCookie = secret("Set-Cookie value in every answer", "");
      setHeader = secret("--set-header value", "");
      if (places == Places.REDACTED_TODAY) {
        loginToken = null;
        userinfoPassword = null;
        String bearer = secret("Bearer token", "");
        String basicPassword = secret("Basic password", "");
        secrets.put("Basic user:password", "deploy:" + basicPassword);
        String cookie = secret("Cookie value", "");
        String header = secret("configured header X-Internal-Sig", "");
        String query = secret("configured query parameter sig", "");
        String pin = secret("configured body field /pin", "");
        String basic =
            Base64.getEncoder()
                .encodeToString(("deploy:" + basicPassword).getBytes(StandardCharsets.UTF_8));
        get("/account", "Authorization", "Bearer " + bearer);
        get("/builds", "Authorization", "Basic " + basic);
        get("/cart", "Cookie", "session=" + cookie + "; theme=dark");
        get("/signed", "X-Internal-Sig", header);
        get("/reports?sig=" + query + "&day=7");
        post("/pins", "application/json", "{\"owner\":\"alice\",\"pin\":\"" + pin + "\"}");
        get("/search?q=shoes", "X-Api-Key", "recorded-key-not-secret");
        config =
            "redaction:\n"
                + "  headers: [X-Internal-Sig]\n"
                + "  queryParams: [sig]\n"
                + "  bodyPaths: [/pin]\n";
      } else {
        // punctuation JSON and forms must escape, so the escaped forms are searched for real
        String jsonPassword = secret("password in a JSON body", "\"/+!");
        String formPassword = secret("password in a form body", " &=+");
        loginToken = secret("token of a login answer, then in a DELETE path", "");
        String accessToken = secret("?access_token=", "");
        String apiKeyQuery = secret("?api_key=", "");
        String apiKeyHeader = secret("X-Api-Key header", "");
        String jwt = jwt(secret("JWT signature in X-Session", ""));
        secrets.put("JWT in X-Session", jwt);
        String refererToken = secret("token in Referer", "");
        userinfoPassword = secret("password in URL userinfo (imports)", "");
        String pattern = "sk_live_" + secret("configured pattern sk_live_", "");
        post(
            "/-/v1/login",
            "application/json",
            "{\"name\":\"alice\",\"password\":" + jsonString(jsonPassword) + "}");
        post(
            "/session",
            "application/x-www-form-urlencoded",
            "user=bob&password="
                + java.net.URLEncoder.encode(formPassword, StandardCharsets.UTF_8));
        requests.add(new Sent("DELETE", "/-/user/token/" + loginToken, List.of(), null));
        get("/packages?access_token=" + accessToken);
        get("/search?q=left-pad&api_key=" + apiKeyQuery);
        get("/whoami", "X-Api-Key", apiKeyHeader);
        get("/profile", "X-Session", jwt);
        get("/next", "Referer", "https://app.example/callback?token=" + refererToken);
        get("/billing", "X-Trace", pattern);
        config = "redaction:\n  patterns: ['sk_live_[A-Za-z0-9]+']\n";
      }
    }

    private String secret(String name, String punctuation) {
      String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
      StringBuilder sb = new StringBuilder("S");
      for (int i = 0; i < 23; i++) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        if (i % 6 == 5 && !punctuation.isEmpty()) {
          sb.append(punctuation.charAt(random.nextInt(punctuation.length())));
        }
      }
      String value = sb.toString();
      secrets.put(name, value);
      return value;
    }

    private static String jwt(String signature) {
      Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
      return b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes())
          + "."
          + b64.encodeToString("{\"sub\":\"alice\",\"iat\":1700000000}".getBytes())
          + "."
          + signature;
    }

    private static String jsonString(String s) {
      return "\""
          + new String(
              com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(s))
          + "\"";
    }

    private void get(String path, String... header) {
      List<Header> headers = new ArrayList<>();
      for (int i = 0; i < header.length; i += 2) {
        headers.add(new Header(header[i], header[i + 1]));
      }
      requests.add(new Sent("GET", path, headers, null));
    }

    private void post(String path, String contentType, String body) {
      requests.add(new Sent("POST", path, List.of(new Header("Content-Type", contentType)), body));
    }

    /** What the service answers: the login issues the token, every answer sets a cookie. */
    String answerTo(String path) {
      return path.endsWith("/login") && loginToken != null
          ? "{\"ok\":true,\"token\":\"" + loginToken + "\"}"
          : "{\"ok\":true}";
    }

    /** The secrets, plus --set-header's value only where a check is given it. */
    Map<String, String> all() {
      return secrets;
    }
  }

  // ---------------------------------------------------------------- services and clients

  /** A service that answers every request; the candidate's answers differ, so reports show them. */
  private static TestHttpServer service(Planted planted, boolean candidate) {
    return TestHttpServer.start(
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          String answer = planted.answerTo(exchange.getRequestURI().getPath());
          if (candidate) {
            answer = answer.replace("\"ok\":true", "\"ok\":false");
          }
          exchange.getResponseHeaders().add("Set-Cookie", "sid=" + planted.setCookie + "; Path=/");
          TestHttpServer.respond(
              exchange, 200, "application/json", answer.getBytes(StandardCharsets.UTF_8));
        });
  }

  /** Sends every planted request through {@code base}, as a real client would. */
  private static void drive(URI base, Planted planted) throws Exception {
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    for (Sent s : planted.requests) {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(base.resolve(s.path()))
              .timeout(Duration.ofSeconds(10))
              .method(
                  s.method(),
                  s.body() == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(s.body()));
      s.headers().forEach(h -> b.header(h.name(), h.value()));
      HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(s.method() + " " + s.path() + ": " + r.body()).isEqualTo(200);
    }
  }

  /** The planted traffic as a recorder would have captured it, userinfo in the URLs included. */
  private static List<Exchange> exchanges(Planted planted, URI base) {
    List<Exchange> all = new ArrayList<>();
    int n = 0;
    for (Sent s : planted.requests) {
      String authority =
          planted.userinfoPassword == null
              ? base.getAuthority()
              : "alice:" + planted.userinfoPassword + "@" + base.getAuthority();
      HttpRequestData request =
          new HttpRequestData(
              s.method(),
              "http://" + authority + s.path(),
              new Headers(s.headers()),
              s.body() == null ? Body.EMPTY : Body.of(s.body()));
      HttpResponseData response =
          new HttpResponseData(
              200,
              Headers.of(
                  "Content-Type",
                  "application/json",
                  "Set-Cookie",
                  "sid=" + planted.setCookie + "; Path=/"),
              Body.of(planted.answerTo(s.path())));
      all.add(
          new Exchange(
              "e" + ++n,
              request,
              response,
              Instant.parse("2026-12-01T10:00:00Z").plusSeconds(n),
              1500,
              "planted"));
    }
    return all;
  }

  private Path input(String name) throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    return in.resolve(name);
  }

  private Path writeHar(Planted planted, URI base) throws Exception {
    Path har = input("planted.har");
    try (OutputStream out = Files.newOutputStream(har);
        HarWriter w = new HarWriter(out)) {
      exchanges(planted, base).forEach(w::write);
    }
    return har;
  }

  private Path writeJsonl(Planted planted, URI base) throws Exception {
    Path jsonl = input("planted.jsonl");
    try (OutputStream out = Files.newOutputStream(jsonl);
        JsonlWriter w = new JsonlWriter(out)) {
      exchanges(planted, base).forEach(w::write);
    }
    return jsonl;
  }

  private Path config(Planted planted) throws Exception {
    Path config = input("spotter.yaml");
    Files.writeString(config, planted.config);
    return config;
  }

  /** Where Spotter writes: everything under it is scanned. */
  private Path out() throws Exception {
    return Files.createDirectories(dir.resolve("out"));
  }

  private final List<Cli.Result> printed = new ArrayList<>();

  private Cli.Result spotter(Planted planted, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--config");
    all.add(config(planted).toString());
    Cli.Result r = Cli.run(all.toArray(String[]::new));
    printed.add(r);
    return r;
  }

  private Cli.Result ok(Planted planted, String... args) throws Exception {
    Cli.Result r = spotter(planted, args);
    assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r).isZero();
    return r;
  }

  /** Runs a live command (record, shadow) in the background while {@code traffic} is sent. */
  private Cli.Result live(Planted planted, int port, URI through, String... args) throws Exception {
    ExecutorService background = Executors.newSingleThreadExecutor();
    try {
      Future<Cli.Result> running = background.submit(() -> spotter(planted, args));
      assertThat(Ports.awaitListening(port, Duration.ofSeconds(20))).isTrue();
      drive(through, planted);
      return running.get(60, TimeUnit.SECONDS);
    } finally {
      background.shutdownNow();
    }
  }

  private String store() throws Exception {
    return out().resolve("spotter.db").toString();
  }

  private void exportBoth(Planted planted, String store) throws Exception {
    for (String name : List.of("corpus.har", "corpus.jsonl")) {
      ok(
          planted,
          "export",
          "--store",
          store,
          "--corpus",
          "c",
          "-o",
          out().resolve(name).toString());
    }
  }

  /**
   * Scans every file under out/, what Spotter printed and logged, and checks the files are private.
   */
  private SecretScan scan(Planted planted, Map<String, String> secrets) throws Exception {
    SecretScan scan = new SecretScan(secrets).files(out());
    for (int i = 0; i < printed.size(); i++) {
      scan.text("stdout of command " + (i + 1), printed.get(i).out());
      scan.text("stderr (and logs) of command " + (i + 1), printed.get(i).err());
    }
    assertOwnerOnly();
    return scan;
  }

  private void assertOwnerOnly() throws Exception {
    try (Stream<Path> all = Files.walk(out())) {
      for (Path p : all.filter(p -> !p.equals(dir.resolve("out"))).toList()) {
        String expected = Files.isDirectory(p) ? "rwx------" : "rw-------";
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p)))
            .as("permissions of " + dir.relativize(p))
            .isEqualTo(expected);
      }
    }
  }

  private static Map<String, String> without(Map<String, String> secrets, String name) {
    Map<String, String> fewer = new LinkedHashMap<>(secrets);
    fewer.remove(name);
    return fewer;
  }

  // ---------------------------------------------------------------- the entry points

  /** Runs {@code spotter record} in front of the service while the planted traffic goes through. */
  private Cli.Result recordThrough(Planted planted, TestHttpServer service, String... sinks)
      throws Exception {
    int port = Ports.free();
    List<String> args =
        new ArrayList<>(
            List.of(
                "record",
                "--listen",
                "127.0.0.1:" + port,
                "--target",
                service.baseUri().toString(),
                "--store",
                store(),
                "--corpus",
                "c",
                "--admin",
                "off",
                "--flush-interval",
                "50ms",
                "--duration",
                LIVE_FOR));
    for (String sink : sinks) {
      args.add("--sink");
      args.add(sink);
    }
    return live(planted, port, URI.create("http://127.0.0.1:" + port), args.toArray(String[]::new));
  }

  private void record(Places places) throws Exception {
    Planted planted = new Planted(places);
    try (TestHttpServer service = service(planted, false)) {
      Cli.Result r = recordThrough(planted, service);
      assertThat(r.exitCode()).as(r.toString()).isZero();
      exportBoth(planted, store());
      assertThat(Files.readString(out().resolve("corpus.jsonl")).lines())
          .hasSize(planted.requests.size());
    }
    scan(planted, without(planted.all(), "--set-header value")).assertNoLeak(planted.seed);
  }

  private void importFile(Places places, boolean har) throws Exception {
    Planted planted = new Planted(places);
    URI base = URI.create("http://127.0.0.1:8080");
    Path file = har ? writeHar(planted, base) : writeJsonl(planted, base);
    Cli.Result r = ok(planted, "import", "--store", store(), "--corpus", "c", file.toString());
    exportBoth(planted, store());
    assertThat(Files.readString(out().resolve("corpus.jsonl")).lines())
        .as(r.toString())
        .hasSize(planted.requests.size());
    scan(planted, without(planted.all(), "--set-header value")).assertNoLeak(planted.seed);
  }

  private void shadow(Places places) throws Exception {
    Planted planted = new Planted(places);
    try (TestHttpServer primary = service(planted, false);
        TestHttpServer secondary = service(planted, false);
        TestHttpServer candidate = service(planted, true)) {
      int port = Ports.free();
      Cli.Result r =
          live(
              planted,
              port,
              URI.create("http://127.0.0.1:" + port),
              "shadow",
              "--listen",
              "127.0.0.1:" + port,
              "--primary",
              primary.baseUri().toString(),
              "--secondary",
              secondary.baseUri().toString(),
              "--candidate",
              candidate.baseUri().toString(),
              "--allow-side-effects",
              "--store",
              store(),
              "--report",
              out().resolve("report").toString(),
              "--admin",
              "off",
              "--duration",
              LIVE_FOR);
      assertThat(r.out()).as(r.toString()).contains("Report:");
      assertThat(out().resolve("report/report.json")).exists();
    }
    scan(planted, without(planted.all(), "--set-header value")).assertNoLeak(planted.seed);
  }

  /** A check of an imported corpus with --set-header, its reports written again from the store. */
  private void check(Places places, Function<Planted, List<String>> more) throws Exception {
    Planted planted = new Planted(places);
    try (TestHttpServer primary = service(planted, false);
        TestHttpServer secondary = service(planted, false);
        TestHttpServer candidate = service(planted, true)) {
      Path jsonl = writeJsonl(planted, primary.baseUri());
      ok(planted, "import", "--store", store(), "--corpus", "c", jsonl.toString());
      for (List<String> before : guardSetUp(planted, more)) {
        ok(planted, before.toArray(String[]::new));
      }
      List<String> check =
          new ArrayList<>(
              List.of(
                  "check",
                  "--store",
                  store(),
                  "--corpus",
                  "c",
                  "--primary",
                  primary.baseUri().toString(),
                  "--secondary",
                  secondary.baseUri().toString(),
                  "--candidate",
                  candidate.baseUri().toString(),
                  "--allow-side-effects",
                  "--set-header",
                  "X-Api-Key: " + planted.setHeader,
                  "--report",
                  out().resolve("report").toString()));
      Cli.Result r = spotter(planted, check.toArray(String[]::new));
      assertThat(r.exitCode()).as(r.toString()).isIn(ExitCode.OK, ExitCode.REGRESSIONS, 2);
      String report = Files.readString(out().resolve("report/report.json"));
      // the set header is shown by name, its value by the placeholder
      assertThat(report).as(r.toString()).contains("X-Api-Key", "[set-header value]");
      String runId =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .readTree(report)
              .path("run")
              .path("id")
              .asText();
      ok(
          planted,
          "report",
          "--store",
          store(),
          "--run",
          runId,
          "--report",
          out().resolve("again").toString());
      ok(planted, "runs", "--store", store());
    }
    scan(planted, planted.all()).assertNoLeak(planted.seed);
  }

  /** The commands that make an incident and a guard from the planted request {@code more} names. */
  private List<List<String>> guardSetUp(Planted planted, Function<Planted, List<String>> more)
      throws Exception {
    if (more == null) {
      return List.of();
    }
    Path har = writeHar(planted, URI.create("http://127.0.0.1:8080"));
    List<String> guard =
        new ArrayList<>(
            List.of(
                "guard",
                "add",
                "--store",
                store(),
                "--incident",
                "1",
                "--name",
                "the planted request answers as before",
                "--expect",
                "same",
                "--har",
                har.toString()));
    guard.addAll(more.apply(planted));
    return List.of(
        List.of(
            "incident",
            "new",
            "--store",
            store(),
            "--title",
            "Secrets leaked",
            "--severity",
            "sev2"),
        guard);
  }

  private static List<String> entryWith(Planted planted, String pathPrefix) {
    for (int i = 0; i < planted.requests.size(); i++) {
      if (planted.requests.get(i).path().startsWith(pathPrefix)) {
        return List.of("--entry", Integer.toString(i + 1));
      }
    }
    throw new AssertionError("no planted request on " + pathPrefix);
  }

  private void kafka(Places places) throws Exception {
    Planted planted = new Planted(places);
    if (broker == null) {
      broker = KafkaBroker.start();
    }
    String topic = "planted-" + Math.abs(planted.seed % 100_000);
    broker.createTopic(topic, 2);
    try (TestHttpServer service = service(planted, false)) {
      Cli.Result r = recordThrough(planted, service, "store", broker.address(topic));
      assertThat(r.exitCode()).as(r.toString()).isZero();
    }
    SecretScan scan = scan(planted, without(planted.all(), "--set-header value"));
    List<ConsumerRecord<byte[], byte[]>> records = readAll(topic);
    assertThat(records).hasSize(planted.requests.size());
    for (ConsumerRecord<byte[], byte[]> record : records) {
      String where = "topic record " + topic + "-" + record.partition() + "@" + record.offset();
      if (record.key() != null) {
        scan.bytes(where + " key", record.key());
      }
      scan.bytes(where + " value", record.value());
      record.headers().forEach(h -> scan.bytes(where + " header " + h.key(), h.value()));
    }
    scan.assertNoLeak(planted.seed);
  }

  private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
      List<TopicPartition> parts =
          consumer.partitionsFor(topic).stream()
              .map(i -> new TopicPartition(topic, i.partition()))
              .toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      long wanted = end.values().stream().mapToLong(Long::longValue).sum();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (all.size() < wanted && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(all::add);
      }
    }
    return all;
  }

  private void postgres(Places places) throws Exception {
    try (TestPostgres.Database db = TestPostgres.freshDatabase()) {
      Planted planted = new Planted(places);
      try (TestHttpServer primary = service(planted, false);
          TestHttpServer candidate = service(planted, true)) {
        Path jsonl = writeJsonl(planted, primary.baseUri());
        ok(planted, "import", "--store", db.url(), "--corpus", "c", jsonl.toString());
        Cli.Result r =
            spotter(
                planted,
                "check",
                "--store",
                db.url(),
                "--corpus",
                "c",
                "--primary",
                primary.baseUri().toString(),
                "--candidate",
                candidate.baseUri().toString(),
                "--allow-side-effects",
                "--set-header",
                "X-Api-Key: " + planted.setHeader,
                "--report",
                out().resolve("report").toString());
        assertThat(r.exitCode()).as(r.toString()).isIn(ExitCode.OK, ExitCode.REGRESSIONS, 2);
      }
      SecretScan scan = scan(planted, planted.all());
      try (Connection c = DriverManager.getConnection(db.url())) {
        scan.rows("PostgreSQL " + db.name(), c);
      }
      scan.assertNoLeak(planted.seed);
    }
  }

  // ---------------------------------------------------------------- what Spotter redacts today

  @Test
  void recordKeepsNoCredentialHeaderCookieOrConfiguredSecret() throws Exception {
    record(Places.REDACTED_TODAY);
  }

  @Test
  void importOfAHarKeepsNoCredentialHeaderCookieOrConfiguredSecret() throws Exception {
    importFile(Places.REDACTED_TODAY, true);
  }

  @Test
  void importOfAJsonlFileKeepsNoCredentialHeaderCookieOrConfiguredSecret() throws Exception {
    importFile(Places.REDACTED_TODAY, false);
  }

  @Test
  void shadowKeepsNoCredentialHeaderCookieOrConfiguredSecret() throws Exception {
    shadow(Places.REDACTED_TODAY);
  }

  @Test
  void checkSendsTheSetHeaderValueButNeitherStoresNorShowsIt() throws Exception {
    check(Places.REDACTED_TODAY, null);
  }

  @Test
  void aGuardFromARecordedRequestKeepsNoSecretAndNeitherDoesTheCheckThatRunsIt() throws Exception {
    check(Places.REDACTED_TODAY, p -> entryWith(p, "/account"));
  }

  @Test
  void theKafkaStreamCarriesNoCredentialHeaderCookieOrConfiguredSecret() throws Exception {
    kafka(Places.REDACTED_TODAY);
  }

  @Test
  void aPostgresStoreHoldsNoCredentialHeaderCookieConfiguredSecretOrSetHeaderValue()
      throws Exception {
    postgres(Places.REDACTED_TODAY);
  }

  // ---------------------------------------------------------------- the places of issue 14

  @Test
  void recordKeepsNoSecretOfAnyPlaceIssue14Lists() throws Exception {
    record(Places.ISSUE_14);
  }

  @Test
  void importOfAHarKeepsNoSecretOfAnyPlaceIssue14Lists() throws Exception {
    importFile(Places.ISSUE_14, true);
  }

  @Test
  void importOfAJsonlFileKeepsNoSecretOfAnyPlaceIssue14Lists() throws Exception {
    importFile(Places.ISSUE_14, false);
  }

  @Test
  void shadowKeepsNoSecretOfAnyPlaceIssue14Lists() throws Exception {
    shadow(Places.ISSUE_14);
  }

  @Test
  void checkWithSetHeaderKeepsNoSecretOfAnyPlaceIssue14Lists() throws Exception {
    check(Places.ISSUE_14, null);
  }

  @Test
  void aGuardFromARecordedRequestKeepsNoSecretOfAnyPlaceIssue14Lists() throws Exception {
    check(Places.ISSUE_14, p -> entryWith(p, "/whoami"));
  }

  @Test
  void theKafkaStreamCarriesNoSecretOfAnyPlaceIssue14Lists() throws Exception {
    kafka(Places.ISSUE_14);
  }

  @Test
  void aPostgresStoreHoldsNoSecretOfAnyPlaceIssue14Lists() throws Exception {
    postgres(Places.ISSUE_14);
  }
}
