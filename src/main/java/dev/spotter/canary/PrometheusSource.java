package dev.spotter.canary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Reads one number per arm from a Prometheus-compatible query API ({@code GET /api/v1/query}, as
 * Prometheus, Thanos, Mimir, VictoriaMetrics and others serve it): what the builds report about
 * themselves, such as CPU or queue depth. A query is written once with {@code ${arm}} where the
 * arm's label goes ({@code rate(process_cpu_seconds_total{job="orders",track="${arm}"}[1m])}); each
 * look of the judge asks it for both arms and adds the answers to the arms' samples.
 *
 * @param url the API's base URL, such as {@code http://prometheus:9090}
 * @param baselineLabel what {@code ${arm}} becomes for the baseline
 * @param canaryLabel what {@code ${arm}} becomes for the canary
 * @param timeout how long one query may take
 */
public record PrometheusSource(
    URI url, String baselineLabel, String canaryLabel, Duration timeout) {
  /** The source prefix of a value metric read from here: {@code prometheus:QUERY}. */
  public static final String PREFIX = "prometheus:";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  public PrometheusSource {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(baselineLabel, "baselineLabel");
    Objects.requireNonNull(canaryLabel, "canaryLabel");
    Objects.requireNonNull(timeout, "timeout");
  }

  /** The query of one arm: the template with {@code ${arm}} replaced. */
  String queryFor(String template, boolean canaryArm) {
    return template.replace("${arm}", canaryArm ? canaryLabel : baselineLabel);
  }

  /**
   * Asks one query; the value of its single series, or the sum when it returns several.
   *
   * @return empty when the answer holds no sample (nothing to add this look)
   * @throws IOException saying what went wrong: unreachable, an error status, an answer that is not
   *     the query API's
   */
  OptionalDouble query(String query) throws IOException, InterruptedException {
    String base = url.toString().replaceAll("/+$", "");
    URI uri =
        URI.create(
            base + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IOException(
          "HTTP " + response.statusCode() + " with an answer that is not JSON", e);
    }
    if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
      throw new IOException(
          "HTTP "
              + response.statusCode()
              + ": "
              + body.path("errorType").asText("error")
              + ": "
              + body.path("error").asText("no reason given"));
    }
    JsonNode data = body.path("data");
    String type = data.path("resultType").asText();
    if (type.equals("scalar")) {
      return finite(data.path("result").path(1).asText());
    }
    if (!type.equals("vector")) {
      throw new IOException(
          "the query returned a " + type + "; an instant vector or scalar is needed");
    }
    double sum = 0;
    boolean any = false;
    for (JsonNode series : data.path("result")) {
      OptionalDouble v = finite(series.path("value").path(1).asText());
      if (v.isPresent()) {
        sum += v.getAsDouble();
        any = true;
      }
    }
    return any ? OptionalDouble.of(sum) : OptionalDouble.empty();
  }

  private static OptionalDouble finite(String text) {
    try {
      double v = Double.parseDouble(text);
      return Double.isFinite(v) ? OptionalDouble.of(v) : OptionalDouble.empty();
    } catch (NumberFormatException e) {
      return OptionalDouble.empty();
    }
  }
}
