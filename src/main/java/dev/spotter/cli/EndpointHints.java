package dev.spotter.cli;

import dev.spotter.diff.noise.EndpointReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Notices endpoints that are really one endpoint whose identifiers inference did not recognise
 * ({@code GET /accounts/alice}, {@code GET /accounts/bob}, ...) and suggests the pattern to put in
 * {@code spotter.yaml}.
 */
final class EndpointHints {
  /** Fewer endpoints than this differing in one segment look like real, separate routes. */
  static final int MIN_SIBLINGS = 5;

  private EndpointHints() {}

  static List<String> suggestPatterns(List<EndpointReport> endpoints) {
    Map<String, Set<String>> siblings = new LinkedHashMap<>();
    for (EndpointReport e : endpoints) {
      String template = e.endpoint().pathTemplate();
      String[] segments = template.split("/", -1);
      for (int i = 1; i < segments.length; i++) {
        if (segments[i].startsWith("{")) {
          continue;
        }
        String[] pattern = segments.clone();
        pattern[i] = "{name}";
        String key = e.endpoint().method() + " " + String.join("/", pattern);
        siblings.computeIfAbsent(key, k -> new TreeSet<>()).add(segments[i]);
      }
    }
    List<String> hints = new ArrayList<>();
    for (Map.Entry<String, Set<String>> s : siblings.entrySet()) {
      if (s.getValue().size() >= MIN_SIBLINGS) {
        List<String> examples = new ArrayList<>(s.getValue()).subList(0, 3);
        hints.add(
            s.getValue().size()
                + " endpoints differ only in one path segment ("
                + String.join(", ", examples)
                + ", ...): if that segment is an identifier, add '"
                + s.getKey()
                + "' to endpoints in spotter.yaml so they are judged together");
      }
    }
    return hints;
  }
}
