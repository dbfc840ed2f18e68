package dev.spotter.diff;

import dev.spotter.model.Endpoint;
import dev.spotter.model.HttpResponseData;
import java.util.List;

/**
 * Compares two responses as the tree {@code {"status", "headers", "body"}}: status, the headers not
 * ignored, and the body as JSON tree, text lines, or bytes. Pure and thread-safe.
 */
public final class ResponseDiffer {
  private final DiffSettings settings;

  public ResponseDiffer(DiffSettings settings) {
    this.settings = settings;
  }

  /**
   * The differences of {@code other} from {@code primary}, after ignore rules. Bodies must already
   * be decoded (no content-encoding).
   */
  public List<Difference> diff(
      Endpoint endpoint, HttpResponseData primary, HttpResponseData other) {
    throw new UnsupportedOperationException("not yet");
  }

  DiffSettings settings() {
    return settings;
  }
}
