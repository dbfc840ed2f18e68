package dev.spotter.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Keys the data chose are told from names a programmer wrote. */
class MapKeysTest {
  @Test
  void numbersVersionsUuidsHashesAndDatesAreValues() {
    for (String key :
        List.of(
            "0",
            "1001",
            "-3",
            "2.5",
            "1.0.0",
            "v2.0.0",
            "2.0.0-rc.1",
            "1.2.3+build.7",
            "10.20.30-beta.1+exp.sha.5114f85",
            "6f1c2a9e-3b4d-4c5e-8f60-718293a4b5c6",
            "5f2b9c1e",
            "9c0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2",
            "2026-11-20",
            "2026-11-20T10:00:00Z",
            "2026-11-20T10:00:00.123+01:00",
            "2026-11-20 10:00")) {
      assertThat(MapKeys.isValue(key)).as(key).isTrue();
    }
  }

  @Test
  void fieldNamesStayNamesEvenWithDigitsOrHexLetters() {
    for (String key :
        List.of(
            "id",
            "name",
            "created",
            "modified",
            "sha256",
            "sha512",
            "x509",
            "v2",
            "http2",
            "utf8",
            "iso8601",
            "deadbeef",
            "cafebabe",
            "2fa",
            "dist-tags",
            "_rev",
            "latest",
            "")) {
      assertThat(MapKeys.isValue(key)).as(key).isFalse();
    }
  }
}
