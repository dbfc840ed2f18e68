package dev.spotter.capture;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import dev.spotter.model.Body;
import dev.spotter.model.Exchange;
import dev.spotter.model.Header;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpRequestData;
import dev.spotter.model.HttpResponseData;
import dev.spotter.model.SpotterVersion;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;

/**
 * Writes exchanges as a HAR 1.2 document, one entry at a time. Bodies that are valid UTF-8 are
 * written as text, others as base64 with {@code "encoding": "base64"} (also on {@code postData}, an
 * extension Spotter reads back). A body Spotter kept truncated says so in {@code
 * _spotterTruncated}, with its original size in {@code content.size} (responses) or {@code
 * _spotterOriginalSize} (requests). Origin-form URLs are made absolute with the Host header.
 */
public final class HarWriter implements ExchangeWriter {
  private final JsonGenerator out;

  public HarWriter(OutputStream stream) {
    try {
      out = JsonSupport.MAPPER.getFactory().createGenerator(stream);
      out.setPrettyPrinter(new DefaultPrettyPrinter());
      out.writeStartObject();
      out.writeObjectFieldStart("log");
      out.writeStringField("version", "1.2");
      out.writeObjectFieldStart("creator");
      out.writeStringField("name", "Spotter");
      out.writeStringField("version", SpotterVersion.VERSION);
      out.writeEndObject();
      out.writeArrayFieldStart("entries");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void write(Exchange exchange) {
    try {
      writeEntry(exchange);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void writeEntry(Exchange e) throws IOException {
    out.writeStartObject();
    if (e.startedAt() == null) {
      out.writeStringField("startedDateTime", Instant.EPOCH.toString());
      out.writeBooleanField(HarEntryConverter.STARTED_UNKNOWN_FIELD, true);
    } else {
      out.writeStringField("startedDateTime", e.startedAt().toString());
    }
    double ms = e.durationMicros() < 0 ? -1 : e.durationMicros() / 1000.0;
    out.writeNumberField("time", ms);
    writeRequest(e.request());
    writeResponse(e.response());
    out.writeObjectFieldStart("cache");
    out.writeEndObject();
    out.writeObjectFieldStart("timings");
    out.writeNumberField("blocked", -1);
    out.writeNumberField("dns", -1);
    out.writeNumberField("connect", -1);
    out.writeNumberField("ssl", -1);
    out.writeNumberField("send", ms < 0 ? -1 : 0);
    out.writeNumberField("wait", ms);
    out.writeNumberField("receive", ms < 0 ? -1 : 0);
    out.writeEndObject();
    out.writeEndObject();
  }

  private void writeRequest(HttpRequestData request) throws IOException {
    out.writeObjectFieldStart("request");
    out.writeStringField("method", request.method());
    out.writeStringField("url", absoluteUrl(request));
    out.writeStringField("httpVersion", "HTTP/1.1");
    out.writeArrayFieldStart("cookies");
    for (String cookieHeader : request.headers().all("Cookie")) {
      for (String pair : cookieHeader.split(";")) {
        writeCookie(pair.strip(), null);
      }
    }
    out.writeEndArray();
    writeHeaders(request.headers());
    out.writeArrayFieldStart("queryString");
    String query = request.query();
    if (!query.isEmpty()) {
      for (String part : query.split("&")) {
        if (part.isEmpty()) {
          continue;
        }
        int eq = part.indexOf('=');
        out.writeStartObject();
        out.writeStringField("name", decode(eq < 0 ? part : part.substring(0, eq)));
        out.writeStringField("value", eq < 0 ? "" : decode(part.substring(eq + 1)));
        out.writeEndObject();
      }
    }
    out.writeEndArray();
    Body body = request.body();
    if (!body.isEmpty() || body.truncated()) {
      out.writeObjectFieldStart("postData");
      out.writeStringField("mimeType", request.headers().first("Content-Type").orElse(""));
      writeText(body);
      if (body.truncated()) {
        out.writeBooleanField(HarEntryConverter.TRUNCATED_FIELD, true);
        out.writeNumberField("_spotterOriginalSize", body.originalSize());
      }
      out.writeEndObject();
    }
    out.writeNumberField("headersSize", -1);
    out.writeNumberField("bodySize", body.originalSize());
    out.writeEndObject();
  }

  private void writeResponse(HttpResponseData response) throws IOException {
    out.writeObjectFieldStart("response");
    if (response == null) {
      // HAR has no way to leave the response out; status 0 is what browsers write for "none"
      out.writeNumberField("status", 0);
      out.writeStringField("statusText", "");
      out.writeStringField("httpVersion", "");
      out.writeArrayFieldStart("cookies");
      out.writeEndArray();
      out.writeArrayFieldStart("headers");
      out.writeEndArray();
      out.writeObjectFieldStart("content");
      out.writeNumberField("size", 0);
      out.writeStringField("mimeType", "");
      out.writeEndObject();
      out.writeStringField("redirectURL", "");
      out.writeNumberField("headersSize", -1);
      out.writeNumberField("bodySize", -1);
      out.writeEndObject();
      return;
    }
    out.writeNumberField("status", response.status());
    out.writeStringField("statusText", StatusTexts.reason(response.status()));
    out.writeStringField("httpVersion", "HTTP/1.1");
    out.writeArrayFieldStart("cookies");
    for (String setCookie : response.headers().all("Set-Cookie")) {
      int semicolon = setCookie.indexOf(';');
      writeCookie(
          (semicolon < 0 ? setCookie : setCookie.substring(0, semicolon)).strip(),
          semicolon < 0 ? "" : setCookie.substring(semicolon + 1));
    }
    out.writeEndArray();
    writeHeaders(response.headers());
    Body body = response.body();
    out.writeObjectFieldStart("content");
    out.writeNumberField("size", body.originalSize());
    out.writeStringField("mimeType", response.headers().first("Content-Type").orElse(""));
    if (!body.isEmpty() || !body.truncated()) {
      writeText(body);
    }
    if (body.truncated()) {
      out.writeBooleanField(HarEntryConverter.TRUNCATED_FIELD, true);
    }
    out.writeEndObject();
    out.writeStringField("redirectURL", response.headers().first("Location").orElse(""));
    out.writeNumberField("headersSize", -1);
    out.writeNumberField("bodySize", -1);
    out.writeEndObject();
  }

  private void writeText(Body body) throws IOException {
    if (BodyText.isUtf8(body.bytes())) {
      out.writeStringField("text", body.utf8());
    } else {
      out.writeStringField("text", Base64.getEncoder().encodeToString(body.bytes()));
      out.writeStringField("encoding", "base64");
    }
  }

  private void writeHeaders(Headers headers) throws IOException {
    out.writeArrayFieldStart("headers");
    for (Header h : headers.entries()) {
      out.writeStartObject();
      out.writeStringField("name", h.name());
      out.writeStringField("value", h.value());
      out.writeEndObject();
    }
    out.writeEndArray();
  }

  private void writeCookie(String pair, String attributes) throws IOException {
    if (pair.isEmpty()) {
      return;
    }
    int eq = pair.indexOf('=');
    out.writeStartObject();
    out.writeStringField("name", eq < 0 ? "" : pair.substring(0, eq).strip());
    out.writeStringField("value", eq < 0 ? pair : pair.substring(eq + 1).strip());
    if (attributes != null) {
      for (String attribute : attributes.split(";")) {
        String a = attribute.strip();
        int aeq = a.indexOf('=');
        String name = (aeq < 0 ? a : a.substring(0, aeq)).toLowerCase(Locale.ROOT);
        String value = aeq < 0 ? "" : a.substring(aeq + 1).strip();
        switch (name) {
          case "path" -> out.writeStringField("path", value);
          case "domain" -> out.writeStringField("domain", value);
          case "httponly" -> out.writeBooleanField("httpOnly", true);
          case "secure" -> out.writeBooleanField("secure", true);
          default -> {
            // Expires, Max-Age, SameSite stay readable in the Set-Cookie header itself
          }
        }
      }
    }
    out.writeEndObject();
  }

  /** HAR wants absolute URLs; a recorded origin-form target gets its host from the Host header. */
  static String absoluteUrl(HttpRequestData request) {
    String url = request.url();
    if (!url.startsWith("/")) {
      return url;
    }
    return request.headers().first("Host").map(host -> "http://" + host.strip() + url).orElse(url);
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return s;
    }
  }

  @Override
  public void close() {
    try {
      out.writeEndArray();
      out.writeEndObject();
      out.writeEndObject();
      out.writeRaw('\n');
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
