package dev.spotter.capture;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spotter.model.Body;
import dev.spotter.model.Exchange;
import dev.spotter.model.Header;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.HttpResponseData;
import dev.spotter.proxy.ContentDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one HAR 1.2 entry into an exchange, accepting what real tools write: pseudo-headers of
 * HTTP/2 (dropped), timings of -1 or null (unknown), status 0 or -1 for requests that never got an
 * answer (kept without a response), bodies that were not captured (kept empty and marked truncated,
 * so that no one compares against them as if they were real), base64 and compressed bodies
 * (decoded). Fields starting with {@code _} are ignored, except Spotter's own.
 */
final class HarEntryConverter {
  static final String TRUNCATED_FIELD = "_spotterTruncated";
  static final String STARTED_UNKNOWN_FIELD = "_spotterStartedAtUnknown";

  private static final Pattern BOUNDARY =
      Pattern.compile("boundary=\"?([^\";]+)\"?", Pattern.CASE_INSENSITIVE);

  private HarEntryConverter() {}

  /**
   * @param decodeCap decoded bytes kept at most per body when a tool stored it compressed; more is
   *     cut and the body marked truncated
   */
  static Exchange convert(JsonNode entry, String id, String source, long decodeCap)
      throws EntryProblem {
    JsonNode request = Fields.requiredObject(entry, "request", "request");
    JsonNode response = Fields.requiredObject(entry, "response", "response");

    String method = Fields.requiredString(request, "method", "request.method");
    if (method.isBlank()) {
      throw new EntryProblem("request.method is empty");
    }
    String url = Fields.requiredString(request, "url", "request.url");
    if (url.isBlank()) {
      throw new EntryProblem("request.url is empty");
    }
    Headers requestHeaders = headers(request, "request.headers");
    Body requestBody = requestBody(request, requestHeaders, decodeCap);

    HttpResponseData responseData = response(response, decodeCap);

    Instant startedAt = null;
    String started = Fields.optionalString(entry, "startedDateTime", "startedDateTime");
    if (started != null
        && !Fields.optionalBoolean(entry, STARTED_UNKNOWN_FIELD, STARTED_UNKNOWN_FIELD)) {
      startedAt = HarDates.parse(started, "startedDateTime");
    }
    return new Exchange(
        id,
        new HttpRequestData(method, url, requestHeaders, requestBody),
        responseData,
        startedAt,
        durationMicros(entry),
        source);
  }

  private static HttpResponseData response(JsonNode response, long decodeCap) throws EntryProblem {
    long status = Fields.requiredLong(response, "status", "response.status");
    // 0 (browsers, mitmproxy) and -1 (Playwright) mean the request never got an answer
    if (status == 0 || status == -1) {
      return null;
    }
    if (status < 100 || status > 999) {
      throw new EntryProblem("response.status " + status + " is not an HTTP status code");
    }
    Headers headers = headers(response, "response.headers");
    Body body = Body.EMPTY;
    JsonNode content = Fields.optionalObject(response, "content", "response.content");
    if (content != null) {
      body = content(content, headers, decodeCap);
    }
    return new HttpResponseData((int) status, headers, body);
  }

  private static Body content(JsonNode content, Headers headers, long decodeCap)
      throws EntryProblem {
    String text = Fields.optionalString(content, "text", "response.content.text");
    long size = Fields.optionalLong(content, "size", "response.content.size", -1);
    boolean truncated =
        Fields.optionalBoolean(content, TRUNCATED_FIELD, "response.content." + TRUNCATED_FIELD);
    String encoding = Fields.optionalString(content, "encoding", "response.content.encoding");
    if (text == null) {
      // not captured (Playwright's "attach" or "omit" modes, Firefox for some types, aborted reads)
      return size > 0 ? new Body(new byte[0], size, true) : Body.EMPTY;
    }
    byte[] bytes = bytes(text, encoding, "response.content");
    return decoded(body(bytes, size, truncated), size, headers, "response.content.text", decodeCap);
  }

  private static Body requestBody(JsonNode request, Headers headers, long decodeCap)
      throws EntryProblem {
    long bodySize = Fields.optionalLong(request, "bodySize", "request.bodySize", -1);
    JsonNode postData = Fields.optionalObject(request, "postData", "request.postData");
    if (postData == null) {
      return Body.EMPTY;
    }
    String text = Fields.optionalString(postData, "text", "request.postData.text");
    String encoding = Fields.optionalString(postData, "encoding", "request.postData.encoding");
    long size =
        Fields.optionalLong(
            postData, "_spotterOriginalSize", "request.postData._spotterOriginalSize", -1);
    boolean truncated =
        Fields.optionalBoolean(postData, TRUNCATED_FIELD, "request.postData." + TRUNCATED_FIELD);
    if (text != null && !text.isEmpty()) {
      byte[] bytes = bytes(text, encoding, "request.postData");
      return decoded(
          body(bytes, size, truncated), size, headers, "request.postData.text", decodeCap);
    }
    JsonNode params = Fields.optionalArray(postData, "params", "request.postData.params");
    if (params != null && !params.isEmpty()) {
      String mimeType = Fields.optionalString(postData, "mimeType", "request.postData.mimeType");
      return Body.of(fromParams(params, mimeType == null ? "" : mimeType));
    }
    // a body the tool did not write down (Playwright leaves binary bodies out)
    return bodySize > 0 ? new Body(new byte[0], bodySize, true) : Body.EMPTY;
  }

  private static byte[] bytes(String text, String encoding, String path) throws EntryProblem {
    if (encoding == null || encoding.isEmpty()) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    if (encoding.equalsIgnoreCase("base64")) {
      return BodyText.base64(text, path + ".text");
    }
    throw new EntryProblem(path + ".encoding '" + encoding + "' is not known (only base64 is)");
  }

  /**
   * The body with the content codings a tool left applied undone, up to the cap. A body cut at the
   * cap keeps the size the file declares when that is larger than what was decoded before the cut.
   */
  private static Body decoded(
      Body stored, long declaredSize, Headers headers, String path, long cap) throws EntryProblem {
    ContentDecoder.Result result = ContentDecoder.decodeStored(headers, stored, cap);
    if (result instanceof ContentDecoder.Result.Corrupt corrupt) {
      throw new EntryProblem(
          path
              + " is "
              + corrupt.coding()
              + "-compressed but the data is corrupt ("
              + corrupt.detail()
              + ")");
    }
    Body body = ((ContentDecoder.Result.Decoded) result).body();
    if (body.truncated() && declaredSize > body.originalSize()) {
      return new Body(body.bytes(), declaredSize, true);
    }
    return body;
  }

  private static Body body(byte[] bytes, long declaredSize, boolean truncated) {
    if (!truncated) {
      return Body.of(bytes);
    }
    return new Body(bytes, Math.max(declaredSize, bytes.length), true);
  }

  /**
   * Rebuilds a body from {@code postData.params} when the tool gave no text: form-encoded, or
   * multipart when the MIME type names a boundary.
   */
  private static byte[] fromParams(JsonNode params, String mimeType) throws EntryProblem {
    List<String[]> pairs = new ArrayList<>();
    int i = 0;
    for (JsonNode p : params) {
      String path = "request.postData.params[" + i++ + "]";
      if (!p.isObject()) {
        throw Fields.wrongType(path, "an object", p);
      }
      String name = Fields.requiredString(p, "name", path + ".name");
      String value = Fields.optionalString(p, "value", path + ".value");
      String fileName = Fields.optionalString(p, "fileName", path + ".fileName");
      String contentType = Fields.optionalString(p, "contentType", path + ".contentType");
      pairs.add(new String[] {name, value == null ? "" : value, fileName, contentType});
    }
    Matcher boundary = BOUNDARY.matcher(mimeType);
    if (mimeType.toLowerCase(Locale.ROOT).startsWith("multipart/") && boundary.find()) {
      StringBuilder out = new StringBuilder();
      for (String[] p : pairs) {
        out.append("--").append(boundary.group(1)).append("\r\n");
        out.append("Content-Disposition: form-data; name=\"").append(p[0]).append('"');
        if (p[2] != null) {
          out.append("; filename=\"").append(p[2]).append('"');
        }
        out.append("\r\n");
        if (p[3] != null) {
          out.append("Content-Type: ").append(p[3]).append("\r\n");
        }
        out.append("\r\n").append(p[1]).append("\r\n");
      }
      out.append("--").append(boundary.group(1)).append("--\r\n");
      return out.toString().getBytes(StandardCharsets.UTF_8);
    }
    StringBuilder form = new StringBuilder();
    for (String[] p : pairs) {
      if (form.length() > 0) {
        form.append('&');
      }
      form.append(URLEncoder.encode(p[0], StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(p[1], StandardCharsets.UTF_8));
    }
    return form.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static Headers headers(JsonNode parent, String path) throws EntryProblem {
    JsonNode array = Fields.optionalArray(parent, "headers", path);
    if (array == null) {
      return Headers.EMPTY;
    }
    List<Header> list = new ArrayList<>(array.size());
    int i = 0;
    for (JsonNode h : array) {
      String at = path + "[" + i++ + "]";
      if (!h.isObject()) {
        throw Fields.wrongType(at, "an object with name and value", h);
      }
      String name = Fields.requiredString(h, "name", at + ".name");
      String value = Fields.optionalString(h, "value", at + ".value");
      // HTTP/2 pseudo-headers (:method, :authority...) are part of the request line, not headers
      if (name.startsWith(":")) {
        continue;
      }
      if (name.isBlank()) {
        throw new EntryProblem(at + ".name is empty");
      }
      list.add(new Header(name, value == null ? "" : value));
    }
    return new Headers(list);
  }

  /** {@code time} in microseconds, or the sum of the known timings, or -1 when unknown. */
  private static long durationMicros(JsonNode entry) throws EntryProblem {
    Double time = Fields.optionalNumber(entry, "time", "time");
    if (time != null) {
      return time < 0 ? -1 : Math.round(time * 1000);
    }
    JsonNode timings = Fields.optionalObject(entry, "timings", "timings");
    if (timings == null) {
      return -1;
    }
    double sum = 0;
    boolean any = false;
    for (String phase : new String[] {"blocked", "dns", "connect", "send", "wait", "receive"}) {
      Double ms = Fields.optionalNumber(timings, phase, "timings." + phase);
      if (ms != null && ms >= 0) {
        sum += ms;
        any = true;
      }
    }
    return any ? Math.round(sum * 1000) : -1;
  }
}
