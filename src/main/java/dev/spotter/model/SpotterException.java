package dev.spotter.model;

/**
 * An error a user can act on: bad input, bad configuration, an unreachable target, a store that
 * cannot be opened. Carries a stable code ({@code har.malformed}, {@code store.locked}) and whether
 * trying again may help; the message says what and where in one line. The CLI maps every one of
 * them to exit code 2.
 */
public class SpotterException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String code;
  private final boolean retryable;

  public SpotterException(String code, String message) {
    this(code, message, false, null);
  }

  public SpotterException(String code, String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.retryable = retryable;
  }

  /** Stable machine-readable code, such as {@code har.malformed}. */
  public String code() {
    return code;
  }

  /** Whether the same operation may succeed if tried again (a locked store, say). */
  public boolean retryable() {
    return retryable;
  }
}
