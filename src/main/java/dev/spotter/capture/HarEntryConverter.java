package dev.spotter.capture;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one HAR 1.2 entry into an exchange, accepting what real tools write: pseudo-headers of
 * HTTP/2 (dropped), timings of -1 or null (unknown), no {@code response} at all (request lists
 * written for load tools) or status 0 or -1 for requests that never got an answer (kept as requests
 * only), numbers and booleans where HAR wants text (chrome-har writes the fields of a JSON body as
 * {@code postData.params} with their JSON values; taken as their text and counted), bodies that
 * were not captured (kept empty and marked incomplete so no one compares against them as if they
 * were real, and counted as not captured, not as truncated), base64 and compressed bodies
 * (decoded). Fields starting with {@code _} are ignored, except Spotter's own.
 */
final class HarEntryConverter {
  static final String TRUNCATED_FIELD = "_spotterTruncated";
  static final String STARTED_UNKNOWN_FIELD = "_spotterStartedAtUnknown";

  /**
   * A body the file does not hold, size unknown: empty, and marked incomplete so it is neither
   * replayed as an empty request body nor read as an empty answer.
   */
  private static final Body NOT_CAPTURED = new Body(new byte[0], 0, true);

  private static final Pattern BOUNDARY =
      Pattern.compile("boundary=\"?([^\";]+)\"?", Pattern.CASE_INSENSITIVE);

  private final long decodeCap;
  private final Fields.TextTally asText = new Fields.TextTally();
  private boolean requestBodyNotCaptured;
  private boolean responseBodyNotCaptured;

  private HarEntryConverter(long decodeCap) {
    this.decodeCap = decodeCap;
  }

  /**
   * @param decodeCap decoded bytes kept at most per body when a tool stored it compressed; more is
   *     cut and the body marked truncated
   * @return the exchange with what its reading took on trust
   */
  static ReadItem.Parsed convert(JsonNode entry, String id, String source, long decodeCap)
      throws EntryProblem {
    HarEntryConverter converter = new HarEntryConverter(decodeCap);
    Exchange exchange = converter.exchange(entry, id, source);
    return new ReadItem.Parsed(
        exchange,
        new EntryNotes(
            converter.asText.count,
            converter.requestBodyNotCaptured,
            converter.responseBodyNotCaptured));
  }

  private Exchange exchange(JsonNode entry, String id, String source) throws EntryProblem {
    JsonNode request = Fields.requiredObject(entry, "request", "request");
    // request lists written for load tools have no response; a check never needs the recorded one
    JsonNode response = Fields.optionalObject(entry, "response", "response");

    String method = Fields.requiredString(request, "method", "request.method");
    if (method.isBlank()) {
      throw new EntryProblem("request.method is empty");
    }
    String url = Fields.requiredString(request, "url", "request.url");
    if (url.isBlank()) {
      throw new EntryProblem("request.url is empty");
    }
    Headers requestHeaders = headers(request, "request.headers");
    Body requestBody = requestBody(request, requestHeaders);

    HttpResponseData responseData = response == null ? null : response(response, method);

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

  private HttpResponseData response(JsonNode response, String method) throws EntryProblem {
    long status = Fields.requiredLong(response, "status", "response.status");
    // 0 (browsers, mitmproxy) and -1 (Playwright) mean the request never got an answer
    if (status == 0 || status == -1) {
      return null;
    }
    if (status < 100 || status > 999) {
      throw new EntryProblem("response.status " + status + " is not an HTTP status code");
    }
    Headers headers = headers(response, "response.headers");
    boolean bodyless = hasNoBody((int) status, method);
    Body body = Body.EMPTY;
    JsonNode content = Fields.optionalObject(response, "content", "response.content");
    if (content != null) {
      body = content(content, headers, bodyless);
    } else if (!bodyless) {
      responseBodyNotCaptured = true;
      body = NOT_CAPTURED;
    }
    return new HttpResponseData((int) status, headers, body);
  }

  /** Answers that carry no body by the protocol: HEAD, 1xx, 204 and 304. */
  private static boolean hasNoBody(int status, String method) {
    return method.equals("HEAD") || status < 200 || status == 204 || status == 304;
  }

  private Body content(JsonNode content, Headers headers, boolean bodyless) throws EntryProblem {
    String text = Fields.lenientString(content, "text", "response.content.text", asText);
    long size = Fields.optionalLong(content, "size", "response.content.size", -1);
    boolean truncated =
        Fields.optionalBoolean(content, TRUNCATED_FIELD, "response.content." + TRUNCATED_FIELD);
    String encoding = Fields.optionalString(content, "encoding", "response.content.encoding");
    Fields.lenientString(content, "mimeType", "response.content.mimeType", asText);
    if (text == null || (text.isEmpty() && size > 0)) {
      if (truncated) {
        // Spotter's own export of a body it kept incomplete
        return new Body(new byte[0], Math.max(size, 0), true);
      }
      if (bodyless && size <= 0) {
        return Body.EMPTY;
      }
      // not captured: chrome-har (sizes only), Playwright's "omit" and "attach" modes, Firefox
      // for some types, aborted reads; whatever size was declared, the bytes are not here
      responseBodyNotCaptured = true;
      return size > 0 ? new Body(new byte[0], size, true) : NOT_CAPTURED;
    }
    byte[] bytes = bytes(text, encoding, "response.content");
    return decoded(body(bytes, size, truncated), size, headers, "response.content.text");
  }

  private Body requestBody(JsonNode request, Headers headers) throws EntryProblem {
    long bodySize = Fields.optionalLong(request, "bodySize", "request.bodySize", -1);
    JsonNode postData = Fields.optionalObject(request, "postData", "request.postData");
    if (postData == null) {
      if (bodySize > 0) {
        requestBodyNotCaptured = true;
        return new Body(new byte[0], bodySize, true);
      }
      return Body.EMPTY;
    }
    String text = Fields.lenientString(postData, "text", "request.postData.text", asText);
    String mimeType =
        Fields.lenientString(postData, "mimeType", "request.postData.mimeType", asText);
    String encoding = Fields.optionalString(postData, "encoding", "request.postData.encoding");
    long size =
        Fields.optionalLong(
            postData, "_spotterOriginalSize", "request.postData._spotterOriginalSize", -1);
    boolean truncated =
        Fields.optionalBoolean(postData, TRUNCATED_FIELD, "request.postData." + TRUNCATED_FIELD);
    if (text != null && !text.isEmpty()) {
      byte[] bytes = bytes(text, encoding, "request.postData");
      return decoded(body(bytes, size, truncated), size, headers, "request.postData.text");
    }
    JsonNode params = Fields.optionalArray(postData, "params", "request.postData.params");
    if (params != null && !params.isEmpty()) {
      return Body.of(fromParams(params, mimeType == null ? "" : mimeType));
    }
    if (truncated) {
      return new Body(new byte[0], Math.max(size, 0), true);
    }
    // a body the tool did not write down: a declared size (Playwright leaves binary bodies out),
    // or a typed postData of unknown size with neither text nor params (Playwright's "omit" mode)
    if (bodySize > 0 || (bodySize < 0 && mimeType != null && !mimeType.isEmpty())) {
      requestBodyNotCaptured = true;
      return new Body(new byte[0], Math.max(bodySize, 0), true);
    }
    return Body.EMPTY;
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
  private Body decoded(Body stored, long declaredSize, Headers headers, String path)
      throws EntryProblem {
    ContentDecoder.Result result = ContentDecoder.decodeStored(headers, stored, decodeCap);
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
   * Rebuilds a body from {@code postData.params} when the tool gave no text: a JSON object when the
   * MIME type is JSON (chrome-har writes the top-level fields of a JSON body so, each value as it
   * was: numbers, booleans, null, objects), multipart when the MIME type names a boundary, else
   * form-encoded.
   */
  private byte[] fromParams(JsonNode params, String mimeType) throws EntryProblem {
    String type = mimeType.toLowerCase(Locale.ROOT);
    if (type.contains("json")) {
      return jsonFromParams(params);
    }
    List<String[]> pairs = new ArrayList<>();
    int i = 0;
    for (JsonNode p : params) {
      String path = paramPath(p, i++);
      String name = Fields.lenientRequiredString(p, "name", path + ".name", asText);
      String value = Fields.lenientString(p, "value", path + ".value", asText);
      String fileName = Fields.lenientString(p, "fileName", path + ".fileName", asText);
      String contentType = Fields.lenientString(p, "contentType", path + ".contentType", asText);
      pairs.add(new String[] {name, value == null ? "" : value, fileName, contentType});
    }
    Matcher boundary = BOUNDARY.matcher(mimeType);
    if (type.startsWith("multipart/") && boundary.find()) {
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

  /** The path of a param in messages, once it is known to be an object. */
  private static String paramPath(JsonNode param, int index) throws EntryProblem {
    String path = "request.postData.params[" + index + "]";
    if (!param.isObject()) {
      throw Fields.wrongType(path, "an object", param);
    }
    return path;
  }

  /**
   * The JSON object whose fields the params are, in their order; a name given more than once was an
   * array (chrome-har writes one param per element).
   */
  private byte[] jsonFromParams(JsonNode params) throws EntryProblem {
    ObjectNode object = JsonSupport.MAPPER.createObjectNode();
    Set<String> repeated = new HashSet<>(); // names made arrays here, not arrays as given
    int i = 0;
    for (JsonNode p : params) {
      String path = paramPath(p, i++);
      String name = Fields.lenientRequiredString(p, "name", path + ".name", asText);
      JsonNode value = p.get("value");
      if (value == null) {
        value = JsonNodeFactory.instance.textNode("");
      } else if (!value.isTextual() && !value.isNull()) {
        asText.count++;
      }
      JsonNode earlier = object.get(name);
      if (earlier == null) {
        object.set(name, value);
      } else if (earlier.isArray() && repeated.contains(name)) {
        ((ArrayNode) earlier).add(value);
      } else {
        ArrayNode array = object.arrayNode().add(earlier).add(value);
        object.set(name, array);
        repeated.add(name);
      }
    }
    try {
      return JsonSupport.MAPPER.writeValueAsBytes(object);
    } catch (JsonProcessingException e) {
      throw new EntryProblem("request.postData.params cannot be written as JSON: " + e);
    }
  }

  private Headers headers(JsonNode parent, String path) throws EntryProblem {
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
      String name = Fields.lenientRequiredString(h, "name", at + ".name", asText);
      String value = Fields.lenientString(h, "value", at + ".value", asText);
      if (h.has("value") && h.get("value").isNull()) {
        asText.count++; // HAR requires a header's value; null is read as empty
      }
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
