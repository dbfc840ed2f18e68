package dev.spotter.report;

import java.util.regex.Pattern;

/**
 * Tells the keys of an object used as a dictionary (version numbers, ids, hashes, dates) from field
 * names, for the service map's inferred schema. A key is a value when it is, as a whole, a number
 * ({@code 1001}, {@code -1.5}), a version ({@code 1.0.0}, {@code v2.0.0-rc.1+build.5}), a UUID, a
 * hex string of at least 8 characters with a digit in it (a hash, a commit), or a date ({@code
 * 2026-11-20}, with a time or not). Field names that hold a few digits ({@code sha256}, {@code
 * x509}, {@code v2}, {@code http2}) and all-letter hex words ({@code deadbeef}) stay names: a name
 * is written by a programmer, a value by the data.
 */
final class MapKeys {
  /** Where a value-like key stands in a schema path: {@code $.versions{key}.dist}. */
  static final String KEY = "{key}";

  private static final Pattern VALUE =
      Pattern.compile(
          String.join(
              "|",
              "-?\\d+(?:\\.\\d+)?",
              "v?\\d+\\.\\d+\\.\\d+(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?",
              "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
              "(?=[a-fA-F]*[0-9])[0-9a-fA-F]{8,}",
              "\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?)?"));

  private MapKeys() {}

  /** True when {@code key} is a value the data chose, not a field name. */
  static boolean isValue(String key) {
    return key.length() <= 100 && VALUE.matcher(key).matches();
  }
}
