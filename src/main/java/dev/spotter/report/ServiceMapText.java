package dev.spotter.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The service map for people: a table of endpoints ranked by share with the check or guard that
 * covers each, then the gaps with one sentence each, then the inferred schema of each endpoint cut
 * to its first {@link #FIELDS_SHOWN} paths ({@code --json} has them all).
 */
public final class ServiceMapText {
  /** Paths shown per endpoint schema. */
  static final int FIELDS_SHOWN = 15;

  private static final int MAX_ENDPOINT_WIDTH = 60;
  private static final Set<String> REPLAYED_METHODS = Set.of("GET", "HEAD", "OPTIONS");

  private ServiceMapText() {}

  /** The whole map as text, lines ending in {@code \n}. */
  public static String render(ServiceMap map) {
    StringBuilder out = new StringBuilder(4096);
    header(out, map);
    if (map.endpoints().isEmpty()) {
      return out.toString();
    }
    out.append('\n');
    table(out, map);
    out.append('\n');
    gaps(out, map);
    out.append('\n');
    schemas(out, map);
    return out.toString();
  }

  private static void header(StringBuilder out, ServiceMap map) {
    line(
        out,
        "Service map of corpus '%s': %s requests, %s endpoints, %s.",
        map.corpus(),
        Fmt.count(map.requests()),
        Fmt.count(map.endpoints().size()),
        plural(map.gaps().size(), "gap"));
    line(
        out,
        "Coverage from %s and %s.",
        plural(map.runsRead(), "stored check or shadow run"),
        plural(map.guardsRead(), "active guard"));
    if (map.withoutResponse() > 0) {
      line(
          out,
          "%s no recorded response: not in latency figures or schemas (OTHER counts them).",
          map.withoutResponse() == 1
              ? "1 exchange has"
              : Fmt.count(map.withoutResponse()) + " exchanges have");
    }
    if (map.endpointsDropped() > 0) {
      line(
          out,
          "%s more endpoints (%s requests) past the first %d were counted, not mapped: an"
              + " 'endpoints:' pattern in spotter.yaml can fold them.",
          Fmt.count(map.endpointsDropped()),
          Fmt.count(map.requestsDropped()),
          ServiceMapBuilder.MAX_ENDPOINTS);
    }
  }

  private static void table(StringBuilder out, ServiceMap map) {
    int width = "ENDPOINT".length();
    for (ServiceMap.Entry e : map.endpoints()) {
      width = Math.max(width, Math.min(MAX_ENDPOINT_WIDTH, e.endpoint().toString().length()));
    }
    String row = "%-" + width + "s %8s %9s %7s %7s %7s %7s %6s %9s %9s %9s  %s";
    line(
        out,
        row,
        "ENDPOINT",
        "SHARE",
        "REQUESTS",
        "2XX",
        "3XX",
        "4XX",
        "5XX",
        "OTHER",
        "P50",
        "P90",
        "P99",
        "COVERED BY");
    for (ServiceMap.Entry e : map.endpoints()) {
      ServiceMap.StatusMix s = e.statuses();
      ServiceMap.Latency l = e.latency();
      line(
          out,
          row,
          cut(e.endpoint().toString(), width),
          Fmt.percent(e.share()),
          Fmt.count(e.requests()),
          Fmt.count(s.s2xx()),
          Fmt.count(s.s3xx()),
          Fmt.count(s.s4xx()),
          Fmt.count(s.s5xx()),
          Fmt.count(s.other() + s.noResponse()),
          Fmt.millis(l.p50Millis()),
          Fmt.millis(l.p90Millis()),
          Fmt.millis(l.p99Millis()),
          coveredBy(e.coverage()));
    }
  }

  /** Run ids named per kind in the table; the rest are counted ({@code --json} lists them all). */
  static final int RUNS_NAMED = 3;

  /**
   * {@code check run 12}, {@code guard 3}, {@code check run 12; guards 3, 4}, {@code check runs 12,
   * 9, 7 and 4 more; shadow run 10}, or {@code GAP}: every run that compared the endpoint, by kind,
   * newest first.
   */
  static String coveredBy(ServiceMap.Coverage c) {
    if (c.gap()) {
      return "GAP";
    }
    Map<String, List<String>> byKind = new LinkedHashMap<>();
    for (ServiceMap.RunRef run : c.runs()) {
      byKind.computeIfAbsent(run.kind(), k -> new ArrayList<>()).add(run.id());
    }
    List<String> parts = new ArrayList<>(byKind.size() + 1);
    byKind.forEach(
        (kind, ids) -> {
          List<String> named = ids.subList(0, Math.min(RUNS_NAMED, ids.size()));
          int more = ids.size() - named.size();
          parts.add(
              kind
                  + (ids.size() == 1 ? " run " : " runs ")
                  + String.join(", ", named)
                  + (more > 0 ? " and " + more + " more" : ""));
        });
    if (!c.guardIds().isEmpty()) {
      parts.add(
          (c.guardIds().size() == 1 ? "guard " : "guards ")
              + String.join(", ", c.guardIds().stream().map(String::valueOf).toList()));
    }
    return String.join("; ", parts);
  }

  private static void gaps(StringBuilder out, ServiceMap map) {
    List<ServiceMap.Entry> gaps = map.gaps();
    if (gaps.isEmpty()) {
      line(out, "No gaps: a stored check run or an active guard covers every endpoint seen.");
      return;
    }
    line(out, "Gaps: endpoints in the traffic that no check compared and no guard replays");
    for (ServiceMap.Entry e : gaps) {
      out.append("  ").append(gapSentence(e)).append('\n');
    }
  }

  /** One sentence on why a gap matters and, for a method a check skips, how to close it. */
  static String gapSentence(ServiceMap.Entry e) {
    String sentence =
        String.format(
            Locale.ROOT,
            "%s: %s of the traffic (%s), yet no stored check run compared it and no active guard"
                + " replays it",
            e.endpoint(),
            Fmt.percent(e.share()),
            plural(e.requests(), "request"));
    if (!REPLAYED_METHODS.contains(e.endpoint().method())) {
      return sentence
          + "; checks replay "
          + e.endpoint().method()
          + " only with --allow-side-effects, so a guard may be the safer way to cover it.";
    }
    return sentence + ".";
  }

  private static void schemas(StringBuilder out, ServiceMap map) {
    if (map.schemaBodies() == 0) {
      line(out, "Response schemas not inferred (--schema-bodies 0).");
      return;
    }
    line(
        out,
        "Inferred response schemas (2xx answers, the first %d bodies per endpoint)",
        map.schemaBodies());
    for (ServiceMap.Entry e : map.endpoints()) {
      ServiceMap.Schema s = e.schema();
      line(
          out,
          "%s: %s of %s read, %s JSON",
          e.endpoint(),
          Fmt.count(s.examined()),
          plural(s.bodies(), "body"),
          Fmt.count(s.json()));
      fields(out, s);
      for (String note : notes(s)) {
        out.append("  ").append(note).append('\n');
      }
    }
  }

  private static void fields(StringBuilder out, ServiceMap.Schema s) {
    List<ServiceMap.Field> shown = s.fields().subList(0, Math.min(FIELDS_SHOWN, s.fields().size()));
    int width = 0;
    for (ServiceMap.Field f : shown) {
      width = Math.max(width, Math.min(MAX_ENDPOINT_WIDTH, f.path().length()));
    }
    for (ServiceMap.Field f : shown) {
      String types = String.join("|", f.types());
      String line = String.format(Locale.ROOT, "  %-" + width + "s  %s", f.path(), types);
      if (f.optional()) {
        line += "  optional (" + Fmt.percent(f.presence()) + ")";
      }
      out.append(line.stripTrailing()).append('\n');
    }
    int more = s.fields().size() - shown.size();
    if (more > 0) {
      line(
          out,
          "  ... and %s more %s (--json lists every path)",
          Fmt.count(more),
          more == 1 ? "path" : "paths");
    }
  }

  /** Why some bodies gave no schema, one short line each. */
  static List<String> notes(ServiceMap.Schema s) {
    List<String> notes = new ArrayList<>();
    if (s.bodies() == 0) {
      notes.add("no 2xx answer with a body");
    }
    for (Map.Entry<String, Long> e : s.notInferred().entrySet()) {
      notes.add(e.getKey() + ", not inferred (" + plural(e.getValue(), "body") + ")");
    }
    if (s.invalidJson() > 0) {
      notes.add(plural(s.invalidJson(), "body") + " said JSON but did not parse");
    }
    if (s.truncated() > 0) {
      notes.add(plural(s.truncated(), "body") + " cut at capture, too short to parse");
    }
    if (s.undecodable() > 0) {
      notes.add(plural(s.undecodable(), "body") + " whose Content-Encoding did not decode");
    }
    if (s.fieldsCut()) {
      notes.add(
          "more than " + ServiceMapBuilder.MAX_FIELDS + " distinct paths: the rest were not kept");
    }
    return notes;
  }

  private static String plural(long n, String noun) {
    String word =
        n == 1
            ? noun
            : (noun.endsWith("y") ? noun.substring(0, noun.length() - 1) + "ies" : noun + "s");
    return Fmt.count(n) + " " + word;
  }

  private static String cut(String text, int width) {
    return text.length() <= width ? text : text.substring(0, width - 1) + "…";
  }

  private static void line(StringBuilder out, String format, Object... args) {
    out.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}
