package dev.spotter.capture;

import java.nio.file.Path;

/**
 * The child process of {@link HarStreamingTest}: reads a HAR file with {@link HarReader} and prints
 * how many exchanges and body bytes it saw.
 */
public final class HarStreamingProbe {
  private HarStreamingProbe() {}

  public static void main(String[] args) {
    long exchanges = 0;
    long bodyBytes = 0;
    try (HarReader reader = HarReader.open(Path.of(args[0]))) {
      ReadItem item;
      while ((item = reader.next()) != null) {
        if (item instanceof ReadItem.Parsed parsed) {
          exchanges++;
          bodyBytes += parsed.exchange().response().body().length();
        }
      }
    }
    System.out.println(exchanges + " " + bodyBytes);
  }
}
