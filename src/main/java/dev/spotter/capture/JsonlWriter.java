package dev.spotter.capture;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import dev.spotter.model.Body;
import dev.spotter.model.Exchange;
import dev.spotter.model.Header;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpResponseData;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Base64;

/** Writes exchanges in Spotter's line-delimited JSON format, one exchange per line. */
public final class JsonlWriter implements ExchangeWriter {
  private final JsonGenerator out;

  public JsonlWriter(OutputStream stream) {
    try {
      out = JsonSupport.MAPPER.getFactory().createGenerator(stream);
      out.setPrettyPrinter(new MinimalPrettyPrinter(""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void write(Exchange e) {
    try {
      out.writeStartObject();
      out.writeNumberField("version", JsonlFormat.VERSION);
      out.writeStringField("id", e.id());
      out.writeStringField("source", e.source());
      if (e.startedAt() != null) {
        out.writeStringField("startedAt", e.startedAt().toString());
      }
      out.writeNumberField("durationMicros", e.durationMicros() < 0 ? -1 : e.durationMicros());
      out.writeObjectFieldStart("request");
      out.writeStringField("method", e.request().method());
      out.writeStringField("url", e.request().url());
      writeHeaders(e.request().headers());
      writeBody(e.request().body());
      out.writeEndObject();
      HttpResponseData response = e.response();
      if (response == null) {
        out.writeNullField("response");
      } else {
        out.writeObjectFieldStart("response");
        out.writeNumberField("status", response.status());
        writeHeaders(response.headers());
        writeBody(response.body());
        out.writeEndObject();
      }
      out.writeEndObject();
      out.writeRaw('\n');
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
  }

  private void writeHeaders(Headers headers) throws IOException {
    out.writeArrayFieldStart("headers");
    for (Header h : headers.entries()) {
      out.writeStartArray();
      out.writeString(h.name());
      out.writeString(h.value());
      out.writeEndArray();
    }
    out.writeEndArray();
  }

  private void writeBody(Body body) throws IOException {
    if (body.isEmpty() && !body.truncated()) {
      return;
    }
    out.writeObjectFieldStart("body");
    if (BodyText.isUtf8(body.bytes())) {
      out.writeStringField("text", body.utf8());
    } else {
      out.writeStringField("base64", Base64.getEncoder().encodeToString(body.bytes()));
    }
    out.writeNumberField("size", body.originalSize());
    out.writeBooleanField("truncated", body.truncated());
    out.writeEndObject();
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
