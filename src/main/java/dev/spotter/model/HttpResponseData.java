package dev.spotter.model;

/** A recorded or received response: status, headers in wire order, decoded body. */
public record HttpResponseData(int status, Headers headers, Body body) {
  public HttpResponseData {
    if (status < 100 || status > 999) {
      throw new IllegalArgumentException("status " + status + " is not an HTTP status code");
    }
    headers = headers == null ? Headers.EMPTY : headers;
    body = body == null ? Body.EMPTY : body;
  }

  public HttpResponseData withHeaders(Headers newHeaders) {
    return new HttpResponseData(status, newHeaders, body);
  }

  public HttpResponseData withBody(Body newBody) {
    return new HttpResponseData(status, headers, newBody);
  }
}
