package dev.spotter.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spotter.capture.JsonlWriter;
import dev.spotter.model.Body;
import dev.spotter.model.Exchange;
import dev.spotter.model.Header;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.HttpResponseData;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A list of requests a client of a real service sends, read from a fixture file, each naming the
 * endpoint (method and path template) it belongs to. It can send them to a running build, and
 * record them with the old build's answers as a Spotter JSONL corpus, as {@code spotter record}
 * would have.
 *
 * <p>The fixture is JSON: {@code headers} (sent with every request) and {@code requests}, each with
 * {@code endpoint} ("GET /posts/{id}"), {@code target} (path and query) and optionally {@code
 * headers} that are added to or replace the common ones.
 */
public final class TrafficFixture {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> METHODS = Set.of("GET", "HEAD", "OPTIONS");

  /** One request of the fixture; {@code index} is its position, counted from 0. */
  public record Request(
      int index, String endpoint, String method, String target, Map<String, String> headers) {
    @Override
    public String toString() {
      return method + " " + target;
    }
  }

  /**
   * One answer as it came off the wire.
   *
   * @param headers name and value pairs in the order received, names as the client reports them
   */
  public record Answer(int status, List<Map.Entry<String, String>> headers, byte[] body) {
    /** The value of a header, repeated fields joined with ", " (RFC 9110); null when absent. */
    public String header(String name) {
      List<String> values = new ArrayList<>();
      for (Map.Entry<String, String> h : headers) {
        if (h.getKey().equalsIgnoreCase(name)) {
          values.add(h.getValue().trim());
        }
      }
      return values.isEmpty() ? null : String.join(", ", values);
    }

    /** Lower-case names of the headers present. */
    public Set<String> headerNames() {
      Set<String> names = new java.util.TreeSet<>();
      headers.forEach(h -> names.add(h.getKey().toLowerCase(Locale.ROOT)));
      return names;
    }
  }

  private final String name;
  private final List<Request> requests;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private TrafficFixture(String name, List<Request> requests) {
    this.name = name;
    this.requests = List.copyOf(requests);
  }

  /** Reads a fixture file. */
  public static TrafficFixture load(Path file) throws IOException {
    JsonNode root = JSON.readTree(file.toFile());
    Map<String, String> common = headers(root.get("headers"));
    List<Request> requests = new ArrayList<>();
    for (JsonNode r : root.withArray("requests")) {
      String endpoint = r.get("endpoint").asText();
      String method = endpoint.substring(0, endpoint.indexOf(' '));
      if (!METHODS.contains(method)) {
        throw new IllegalArgumentException(
            file + ": only GET, HEAD and OPTIONS are replayed by default: " + endpoint);
      }
      Map<String, String> headers = new LinkedHashMap<>(common);
      headers.putAll(headers(r.get("headers")));
      requests.add(
          new Request(
              requests.size(),
              endpoint,
              method,
              r.get("target").asText(),
              Collections.unmodifiableMap(headers)));
    }
    return new TrafficFixture(file.toString(), requests);
  }

  private static Map<String, String> headers(JsonNode node) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (node != null) {
      node.fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
    }
    return headers;
  }

  public List<Request> requests() {
    return requests;
  }

  /** Sends one request to the build at {@code base} and returns its answer as received. */
  public Answer send(URI base, Request request) throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + request.target()))
            .timeout(Duration.ofSeconds(10))
            .method(request.method(), HttpRequest.BodyPublishers.noBody());
    request.headers().forEach(b::header);
    HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    r.headers().map().forEach((k, vs) -> vs.forEach(v -> headers.add(Map.entry(k, v))));
    return new Answer(r.statusCode(), List.copyOf(headers), r.body());
  }

  /**
   * Sends every request to the old build at {@code primary}, in order, and returns the answers, as
   * a recording in front of it would have seen them.
   */
  public List<Answer> record(URI primary) throws IOException, InterruptedException {
    List<Answer> answers = new ArrayList<>();
    for (Request r : requests) {
      answers.add(send(primary, r));
    }
    return answers;
  }

  /**
   * Writes the requests with the given indexes and their recorded answers as Spotter JSONL (see
   * docs/formats.md), in the order given.
   */
  public Path writeJsonl(List<Answer> recorded, List<Integer> indexes, Path file)
      throws IOException {
    Instant start = Instant.parse("2026-11-02T09:00:00Z");
    try (OutputStream out = Files.newOutputStream(file);
        JsonlWriter writer = new JsonlWriter(out)) {
      for (int i : indexes) {
        Request r = requests.get(i);
        Answer a = recorded.get(i);
        List<Header> requestHeaders = new ArrayList<>();
        r.headers().forEach((k, v) -> requestHeaders.add(new Header(k, v)));
        List<Header> responseHeaders = new ArrayList<>();
        a.headers().forEach(h -> responseHeaders.add(new Header(h.getKey(), h.getValue())));
        writer.write(
            new Exchange(
                "r" + (i + 1),
                new HttpRequestData(
                    r.method(), r.target(), new Headers(requestHeaders), Body.EMPTY),
                new HttpResponseData(a.status(), new Headers(responseHeaders), Body.of(a.body())),
                start.plusSeconds(7L * i),
                1500,
                "record:" + Path.of(name).getParent().getFileName()));
      }
    }
    return file;
  }

  /** All requests, in order, as {@link #writeJsonl} takes them. */
  public List<Integer> allIndexes() {
    return requests.stream().map(Request::index).toList();
  }
}
