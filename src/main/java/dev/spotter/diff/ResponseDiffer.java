package dev.spotter.diff;

import dev.spotter.model.Endpoint;
import dev.spotter.model.Headers;
import dev.spotter.model.HttpResponseData;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
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
    return diff(endpoint, prepare(primary), prepare(other));
  }

  /**
   * Parses a response's body once, so that it can be compared with several others (the primary's
   * answer is compared with the secondary's and the candidate's).
   */
  public Prepared prepare(HttpResponseData response) {
    return new Prepared(response, TargetOrigin.NONE);
  }

  /**
   * Parses a response's body once, as {@link #prepare(HttpResponseData)}, for a target that
   * answered under {@code origin}: its origin in header values and body strings is read as a
   * placeholder, so URLs built from how the target was addressed compare by what they point at.
   */
  public Prepared prepare(HttpResponseData response, TargetOrigin origin) {
    return new Prepared(response, origin);
  }

  /**
   * The differences between two prepared responses, as {@link #diff(Endpoint, HttpResponseData,
   * HttpResponseData)}.
   */
  public List<Difference> diff(
      Endpoint endpoint, Prepared preparedPrimary, Prepared preparedOther) {
    HttpResponseData primary = preparedPrimary.response;
    HttpResponseData other = preparedOther.response;
    DiffSink sink = new DiffSink(settings, endpoint);
    if (primary.status() != other.status()) {
      sink.add(
          "/status",
          "/status",
          DifferenceKind.STATUS_CHANGED,
          Integer.toString(primary.status()),
          Integer.toString(other.status()));
    }
    HeaderComparison.compare(
        preparedPrimary.headers(), preparedOther.headers(), settings.ignoredHeaders(), sink);
    if (!sameBody(preparedPrimary, preparedOther)) {
      compareBodies(preparedPrimary.body(), preparedOther.body(), sink);
    }
    return sink.differences();
  }

  /**
   * Two bodies that are the same bytes under the same Content-Type parse to the same value and
   * cannot differ, so neither needs parsing: the common case of a shadow or a check, where most
   * answers are alike, costs a comparison of bytes instead of two parses and a walk. Under
   * different origins that holds only when neither origin's host appears in the bytes: the same URL
   * in both answers points at one target from one of them and elsewhere from the other.
   */
  private static boolean sameBody(Prepared pa, Prepared pb) {
    HttpResponseData a = pa.response;
    HttpResponseData b = pb.response;
    if (!a.body().equals(b.body())
        || !a.headers().first("content-type").equals(b.headers().first("content-type"))) {
      return false;
    }
    if (pa.originGiven.equals(pb.originGiven)) {
      return true;
    }
    byte[] bytes = a.body().bytes();
    return !pa.origin.mayAppearIn(bytes) && !pb.origin.mayAppearIn(bytes);
  }

  /**
   * A response whose body is parsed once, when first needed, however many responses it is compared
   * with. Safe to share between threads: a body parsed twice by a race gives equal values.
   */
  public static final class Prepared {
    private final HttpResponseData response;
    private final TargetOrigin originGiven;
    private final OriginNormaliser origin;
    private volatile BodyValue body;

    private Prepared(HttpResponseData response, TargetOrigin origin) {
      this.response = response;
      this.originGiven = origin;
      this.origin = new OriginNormaliser(origin);
    }

    public HttpResponseData response() {
      return response;
    }

    Headers headers() {
      return origin.normalise(response.headers());
    }

    BodyValue body() {
      BodyValue b = body;
      if (b == null) {
        body = b = origin.normalise(BodyParser.parse(response));
      }
      return b;
    }
  }

  private static void compareBodies(BodyValue primary, BodyValue other, DiffSink sink) {
    if (primary instanceof BodyValue.Empty && other instanceof BodyValue.Empty) {
      return;
    }
    if (primary instanceof BodyValue.Empty) {
      sink.add("/body", "/body", DifferenceKind.FIELD_ADDED, null, other.describe());
    } else if (other instanceof BodyValue.Empty) {
      sink.add("/body", "/body", DifferenceKind.FIELD_MISSING, primary.describe(), null);
    } else if (primary instanceof BodyValue.Json p && other instanceof BodyValue.Json o) {
      PathStack path = new PathStack();
      path.pushKey("body");
      new JsonTreeDiff(sink, path).compare(p.tree(), o.tree());
    } else if (primary instanceof BodyValue.Text p && other instanceof BodyValue.Text o) {
      for (TextDiff.LineChange line : TextDiff.diff(p.text(), o.text())) {
        String pointer = line.line() == 0 ? "/body" : "/body/line/" + line.line();
        sink.add(pointer, pointer, line.kind(), line.primary(), line.other());
      }
    } else if (primary instanceof BodyValue.Bytes p && other instanceof BodyValue.Bytes o) {
      if (!Arrays.equals(p.bytes(), o.bytes())) {
        sink.add(
            "/body",
            "/body",
            DifferenceKind.VALUE_CHANGED,
            fingerprint(p.bytes()),
            fingerprint(o.bytes()));
      }
    } else {
      sink.add(
          "/body",
          "/body",
          DifferenceKind.TYPE_CHANGED,
          primary.describe(),
          other.describe(),
          new ValueChange.TypeShift(primary.kindName(), other.kindName()));
    }
  }

  private static String fingerprint(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return bytes.length + " bytes, sha256 " + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
