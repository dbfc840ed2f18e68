package dev.spotter.web;

/** A request the dashboard refuses or cannot answer; rendered as an error page with its status. */
final class HttpProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String title;

  HttpProblem(int status, String title, String message) {
    super(message);
    this.status = status;
    this.title = title;
  }

  static HttpProblem notFound(String message) {
    return new HttpProblem(404, "Not found", message);
  }

  int status() {
    return status;
  }

  String title() {
    return title;
  }
}
