package dev.spotter.web;

import dev.spotter.incident.Expectation;
import dev.spotter.incident.GuardRequests;
import dev.spotter.model.Header;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.SpotterException;
import dev.spotter.store.Store;
import dev.spotter.web.view.GuardForm;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Reads the guard form as {@code spotter guard add} reads its options: the expectation through
 * {@link Expectation#parse}, the request through {@link GuardRequests}, so that the browser and the
 * command line accept and refuse the same things. Every problem is collected, named by its field,
 * before anything is saved.
 */
final class GuardForms {
  /** What a store says when the corpus or the exchange is not there: the user's mistake. */
  private static final Set<String> NOT_FOUND =
      Set.of("guard.no_request", "store.no_such_corpus", "guard.invalid");

  private GuardForms() {}

  /** The request and expectation read from a form, or why they could not be. */
  record Read(HttpRequestData request, Expectation expectation, List<String> problems) {}

  static GuardForm read(Context ctx) {
    return new GuardForm(
        field(ctx, "name"),
        field(ctx, "expect"),
        field(ctx, "corpus"),
        field(ctx, "exchange"),
        field(ctx, "method"),
        field(ctx, "path"),
        field(ctx, "headers"),
        field(ctx, "body"));
  }

  private static String field(Context ctx, String name) {
    String v = ctx.formParam(name);
    return v == null ? "" : v;
  }

  /**
   * The pinned request (whole, redacted by {@code redact}) and the expectation of {@code f}.
   *
   * @return a read with problems, when there are any, and nothing else worth saving
   */
  static Read pin(GuardForm f, Store store, UnaryOperator<HttpRequestData> redact) {
    List<String> problems = new ArrayList<>();
    Expectation expectation = parse(problems, "expectation", () -> Expectation.parse(f.expect()));
    HttpRequestData found = request(f, store, problems);
    HttpRequestData pinned = null;
    if (found != null) {
      try {
        pinned = GuardRequests.pinnable(found, redact);
      } catch (SpotterException e) {
        problems.add("request: " + e.getMessage());
      }
    }
    return new Read(pinned, expectation, problems);
  }

  /** Exactly one request: from a corpus, or written out; null with the problems otherwise. */
  private static HttpRequestData request(GuardForm f, Store store, List<String> problems) {
    boolean fromCorpus = !f.corpus().isBlank() || !f.exchange().isBlank();
    boolean written = !f.path().isBlank() || !f.headers().isBlank() || !f.body().isEmpty();
    if (fromCorpus == written) {
      problems.add(
          fromCorpus
              ? "request: give one request, either a corpus and exchange id or a request written"
                  + " out, not both"
              : "request: give the request, either a corpus and exchange id or a method and path"
                  + " written out");
      return null;
    }
    return fromCorpus ? fromCorpus(f, store, problems) : written(f, problems);
  }

  private static HttpRequestData fromCorpus(GuardForm f, Store store, List<String> problems) {
    String corpus = f.corpus().strip();
    String exchange = f.exchange().strip();
    if (corpus.isEmpty()) {
      problems.add("corpus: say which corpus holds exchange " + exchange);
      return null;
    }
    if (exchange.isEmpty()) {
      problems.add("exchange: say which exchange of corpus '" + corpus + "'");
      return null;
    }
    try {
      return GuardRequests.fromCorpus(store, corpus, exchange);
    } catch (SpotterException e) {
      if (!NOT_FOUND.contains(e.code())) {
        throw e;
      }
      problems.add("request: " + e.getMessage());
      return null;
    }
  }

  private static HttpRequestData written(GuardForm f, List<String> problems) {
    String method = parse(problems, "method", () -> GuardRequests.method(f.method()));
    String path = parse(problems, "path", () -> GuardRequests.target(f.path()));
    List<Header> headers = new ArrayList<>();
    List<String> lines = IncidentForms.lines(f.headers());
    for (int k = 0; k < lines.size(); k++) {
      String line = lines.get(k);
      Header h = parse(problems, "headers line " + (k + 1), () -> GuardRequests.header(line));
      if (h != null) {
        headers.add(h);
      }
    }
    if (method == null || path == null || headers.size() < lines.size()) {
      return null;
    }
    return GuardRequests.written(method, path, headers, f.body());
  }

  /** A value parsed by {@code parser}, or null with its message, named by the field, a problem. */
  private static <T> T parse(List<String> problems, String field, Supplier<T> parser) {
    try {
      return parser.get();
    } catch (IllegalArgumentException e) {
      problems.add(field + ": " + e.getMessage());
      return null;
    }
  }
}
