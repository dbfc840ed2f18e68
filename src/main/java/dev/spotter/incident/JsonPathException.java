package dev.spotter.incident;

/**
 * A JSON path that cannot be read, with the character where reading stopped, so that a command line
 * or a form can point at it.
 */
public final class JsonPathException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** Said after every error so nobody has to look up what the subset is. */
  static final String ACCEPTED = "a path is $ followed by .name, ['name'] or [index]";

  private final String path;
  private final int position;

  JsonPathException(String path, int position, String problem) {
    super("JSON path '" + path + "', character " + (position + 1) + ": " + problem);
    this.path = path;
    this.position = position;
  }

  /** The path as written. */
  public String path() {
    return path;
  }

  /** Where in {@link #path()} the problem is, from 0. */
  public int position() {
    return position;
  }
}
