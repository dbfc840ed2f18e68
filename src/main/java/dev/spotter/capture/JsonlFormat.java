package dev.spotter.capture;

/** Field names and the version of Spotter's line-delimited JSON format (see docs/formats.md). */
final class JsonlFormat {
  /** The version this Spotter writes and the newest it reads. */
  static final int VERSION = 1;

  static final String CODE = "jsonl.malformed";
  static final String CODE_NEWER = "jsonl.version_newer";

  private JsonlFormat() {}
}
