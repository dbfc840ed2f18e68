package dev.spotter.web.view;

import java.util.List;

/**
 * The form that pins a guard to an incident, as the text the user typed, so that a refused one
 * comes back as it was sent. The request is either found in a corpus ({@code corpus} and {@code
 * exchange}) or written out ({@code method}, {@code path}, {@code headers} one per line, {@code
 * body}).
 *
 * @param expect the expectation, written as {@code spotter guard add --expect} takes it
 */
public record GuardForm(
    String name,
    String expect,
    String corpus,
    String exchange,
    String method,
    String path,
    String headers,
    String body) {
  /** The methods the form offers; the server accepts any HTTP token, as the command line does. */
  public static final List<String> METHODS =
      List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

  public static GuardForm blank() {
    return new GuardForm("", "", "", "", "GET", "", "", "");
  }
}
