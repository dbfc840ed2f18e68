package dev.spotter.diff;

import static dev.spotter.diff.Responses.ORDERS;
import static dev.spotter.diff.Responses.json;
import static dev.spotter.diff.Responses.text;
import static dev.spotter.diff.Responses.withHeaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.spotter.model.HttpResponseData;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Answers whose URLs a service built from how it was addressed compare by what they point at. */
class HostBuiltUrlsTest {
  private final ResponseDiffer differ = new ResponseDiffer(DiffSettings.defaults());

  private static TargetOrigin at(int port) {
    return new TargetOrigin("http", "127.0.0.1", port, "127.0.0.1:" + port);
  }

  private static HttpResponseData registryAnswer(String base, String tarballPath) {
    HttpResponseData r =
        json(
            "{\"name\":\"left-pad\",\"versions\":{\"1.3.0\":{\"dist\":{\"tarball\":\""
                + base
                + tarballPath
                + "\"}}}}");
    return withHeaders(
        r, "Location", base + "/left-pad", "Link", "<" + base + "/left-pad?page=2>; rel=\"next\"");
  }

  private List<Difference> diff(
      HttpResponseData a, TargetOrigin originA, HttpResponseData b, TargetOrigin originB) {
    return differ.diff(ORDERS, differ.prepare(a, originA), differ.prepare(b, originB));
  }

  @Test
  void twoCopiesOnDifferentPortsDoNotDifferOnUrlsBuiltFromTheirOwnAddress() {
    HttpResponseData a = registryAnswer("http://127.0.0.1:4001", "/left-pad/-/left-pad-1.3.0.tgz");
    HttpResponseData b = registryAnswer("http://127.0.0.1:4002", "/left-pad/-/left-pad-1.3.0.tgz");

    assertThat(diff(a, at(4001), b, at(4002))).isEmpty();
    // without the origins, every one of those URLs differs
    assertThat(differ.diff(ORDERS, a, b)).hasSize(3);
  }

  @Test
  void aChangedPathInAHostBuiltUrlIsStillADifference() {
    HttpResponseData a = registryAnswer("http://127.0.0.1:4001", "/left-pad/-/left-pad-1.3.0.tgz");
    HttpResponseData b = registryAnswer("http://127.0.0.1:4002", "/tarballs/left-pad-1.3.0.tgz");

    assertThat(diff(a, at(4001), b, at(4002)))
        .extracting(Difference::path, Difference::primary, Difference::other)
        .containsExactly(
            tuple(
                "/body/versions/1.3.0/dist/tarball",
                "\"{origin}/left-pad/-/left-pad-1.3.0.tgz\"",
                "\"{origin}/tarballs/left-pad-1.3.0.tgz\""));
  }

  @Test
  void aUrlThatNamesAnotherOriginThanItsOwnIsADifference() {
    // the candidate points its clients at the primary's address, not at itself: broken for them
    // (the same bytes from both: no shortcut may take them for the same answer)
    HttpResponseData a = json("{\"tarball\":\"http://127.0.0.1:4001/p.tgz\"}");
    HttpResponseData b = json("{\"tarball\":\"http://127.0.0.1:4001/p.tgz\"}");

    assertThat(diff(a, at(4001), b, at(4002)))
        .extracting(Difference::path, Difference::primary, Difference::other)
        .containsExactly(
            tuple("/body/tarball", "\"{origin}/p.tgz\"", "\"http://127.0.0.1:4001/p.tgz\""));
  }

  @Test
  void theHostTheReplaySentIsTheOriginEvenWhenTheTargetWasReachedElsewhere() {
    TargetOrigin primary = new TargetOrigin("http", "127.0.0.1", 4001, "registry.example.com");
    TargetOrigin candidate = new TargetOrigin("http", "127.0.0.1", 4002, "registry.example.com");
    HttpResponseData a =
        text("install from http://registry.example.com/p.tgz\nhost: registry.example.com");
    HttpResponseData same =
        text("install from http://registry.example.com/p.tgz\nhost: registry.example.com");
    HttpResponseData broken =
        text("install from http://registry.example.com:4002/p.tgz\nhost: registry.example.com");

    assertThat(diff(a, primary, same, candidate)).isEmpty();
    assertThat(diff(a, primary, broken, candidate))
        .extracting(Difference::path, Difference::primary, Difference::other)
        .containsExactly(
            tuple(
                "/body/line/1",
                "install from {origin}/p.tgz",
                "install from http://registry.example.com:4002/p.tgz"));
  }
}
