package dev.spotter.diff;

import dev.spotter.model.Endpoint;
import java.util.ArrayList;
import java.util.List;

/** Collects the differences of one comparison, dropping those the ignore rules cover. */
final class DiffSink {
  private final List<PathPattern> ignored;
  private final List<DiffSettings.ArrayRule> arrayRules;
  private final List<Difference> differences = new ArrayList<>();

  DiffSink(DiffSettings settings, Endpoint endpoint) {
    // Built for every comparison: skip the stream machinery when there are no rules at all.
    this.ignored =
        settings.ignoredPaths().isEmpty()
            ? List.of()
            : settings.ignoredPaths().stream()
                .filter(r -> r.endpoint() == null || r.endpoint().matches(endpoint))
                .map(DiffSettings.PathRule::path)
                .toList();
    this.arrayRules =
        settings.arrayRules().isEmpty()
            ? List.of()
            : settings.arrayRules().stream()
                .filter(r -> r.endpoint() == null || r.endpoint().matches(endpoint))
                .toList();
  }

  void add(String pointer, String folded, DifferenceKind kind, String primary, String other) {
    add(pointer, folded, kind, primary, other, ValueChange.NONE);
  }

  void add(
      String pointer,
      String folded,
      DifferenceKind kind,
      String primary,
      String other,
      ValueChange change) {
    for (PathPattern p : ignored) {
      if (p.matches(folded)) {
        return;
      }
    }
    differences.add(new Difference(pointer, folded, kind, primary, other, change));
  }

  /** The array rule for an array at this folded path, or null for comparison by index. */
  DiffSettings.ArrayRule arrayRuleFor(PathStack path) {
    if (arrayRules.isEmpty()) {
      return null;
    }
    String folded = path.folded();
    for (DiffSettings.ArrayRule rule : arrayRules) {
      if (rule.path().matches(folded)) {
        return rule;
      }
    }
    return null;
  }

  List<Difference> differences() {
    return differences;
  }
}
