package dev.spotter.replay;

import dev.spotter.diff.Difference;
import dev.spotter.model.Header;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.HttpResponseData;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Keeps the exchanges findings cite, for the report: passed through the sanitizer (redaction)
 * whole, then their bodies cut to a display cap, within a budget of count and bytes so a long run
 * stays bounded.
 *
 * <p>Examples taken only because the secondary differed (noise, the candidate answered like the
 * primary) may use no more than {@link #NOISE_SHARE_PERCENT} of the budget, so a run full of noise
 * still has room for the exchange of a regression that first shows late in the run.
 */
final class ExampleKeeper {
  /** Body bytes shown per request or response in a report. */
  static final int DISPLAY_CAP = 256 * 1024;

  /** Examples kept in all, across endpoints and findings. */
  static final int MAX_EXAMPLES = 1000;

  /**
   * Bytes of examples kept in all (bodies, headers, URLs, differences). At the display cap an
   * example with four bodies weighs about 1 MiB, so the count alone would allow about 1 GiB; this
   * keeps the run's memory, report.json and report.html to tens of MiB instead, which is still 64
   * examples of the largest kind or thousands of ordinary ones.
   */
  static final long MAX_BYTES = 64L * 1024 * 1024;

  /** The share of the count and of the bytes that examples of noise alone may take. */
  static final int NOISE_SHARE_PERCENT = 20;

  /** What an example costs besides what is measured: ids, the endpoint, the record itself. */
  private static final int OVERHEAD_BYTES = 256;

  private final UnaryOperator<ExampleExchange> sanitizer;
  private final Budget all;
  private final Budget noise;
  private final Map<String, ExampleExchange> kept = new HashMap<>();

  ExampleKeeper(UnaryOperator<ExampleExchange> sanitizer, int maxExamples, long maxBytes) {
    this.sanitizer = sanitizer;
    this.all = new Budget(maxExamples, maxBytes);
    this.noise = new Budget(Math.max(1, noiseShare(maxExamples)), noiseShare(maxBytes));
  }

  private static int noiseShare(int n) {
    return (int) noiseShare((long) n);
  }

  private static long noiseShare(long n) {
    return n > Long.MAX_VALUE / 100 ? n / 100 * NOISE_SHARE_PERCENT : n * NOISE_SHARE_PERCENT / 100;
  }

  /** Keeps the example when the budget allows; called from several worker threads. */
  void keep(ExampleExchange example) {
    boolean noiseOnly = example.candidateDifferences().isEmpty();
    synchronized (this) {
      if (!all.hasRoom() || (noiseOnly && !noise.hasRoom())) {
        return; // full: spare the cost of sanitizing
      }
    }
    // Sanitize the whole bodies, then cut: a JSON body cut first no longer parses, and redaction
    // could not find the secrets in it.
    ExampleExchange clean = sanitizer.apply(example);
    if (clean == null) {
      return;
    }
    ExampleExchange shown = cut(clean);
    long bytes = weight(shown);
    synchronized (this) {
      if (kept.containsKey(shown.id()) || !all.fits(bytes) || (noiseOnly && !noise.fits(bytes))) {
        return;
      }
      all.take(bytes);
      if (noiseOnly) {
        noise.take(bytes);
      }
      kept.put(shown.id(), shown);
    }
  }

  synchronized Map<String, ExampleExchange> examples() {
    return Map.copyOf(kept);
  }

  /** Examples and bytes left to take, for one share of the budget. */
  private static final class Budget {
    private int examplesLeft;
    private long bytesLeft;

    Budget(int examples, long bytes) {
      this.examplesLeft = examples;
      this.bytesLeft = bytes;
    }

    boolean hasRoom() {
      return examplesLeft > 0 && bytesLeft > 0;
    }

    boolean fits(long bytes) {
      return examplesLeft > 0 && bytes <= bytesLeft;
    }

    void take(long bytes) {
      examplesLeft--;
      bytesLeft -= bytes;
    }
  }

  private static ExampleExchange cut(ExampleExchange e) {
    return new ExampleExchange(
        e.id(),
        e.endpoint(),
        cut(e.request()),
        cut(e.primary()),
        cut(e.secondary()),
        cut(e.candidate()),
        e.candidateDifferences(),
        e.noiseDifferences());
  }

  private static HttpRequestData cut(HttpRequestData request) {
    return request.withBody(request.body().capped(DISPLAY_CAP));
  }

  private static TargetOutcome cut(TargetOutcome outcome) {
    if (outcome instanceof TargetOutcome.Answered a) {
      return new TargetOutcome.Answered(
          a.response().withBody(a.response().body().capped(DISPLAY_CAP)), a.latencyMicros());
    }
    return outcome;
  }

  /** About how many bytes an example holds once kept. */
  static long weight(ExampleExchange e) {
    HttpRequestData r = e.request();
    long bytes = OVERHEAD_BYTES + r.method().length() + r.url().length() + r.body().length();
    bytes += headerBytes(r.headers().entries());
    for (TargetOutcome outcome : List.of(e.primary(), e.secondary(), e.candidate())) {
      if (outcome instanceof TargetOutcome.Answered a) {
        HttpResponseData response = a.response();
        bytes += response.body().length() + headerBytes(response.headers().entries());
      } else if (outcome instanceof TargetOutcome.Failed f) {
        bytes += f.message() == null ? 0 : f.message().length();
      }
    }
    return bytes
        + differenceBytes(e.candidateDifferences())
        + differenceBytes(e.noiseDifferences());
  }

  private static long headerBytes(List<Header> headers) {
    long n = 0;
    for (Header h : headers) {
      n += h.name().length() + h.value().length() + 4;
    }
    return n;
  }

  private static long differenceBytes(List<Difference> differences) {
    long n = 0;
    for (Difference d : differences) {
      n += d.pointer().length() + d.path().length() + length(d.primary()) + length(d.other()) + 32;
    }
    return n;
  }

  private static int length(String s) {
    return s == null ? 0 : s.length();
  }
}
