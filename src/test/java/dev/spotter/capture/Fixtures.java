package dev.spotter.capture;

import dev.spotter.model.Exchange;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test data files of the capture tests, and reading them whole (they are small). */
final class Fixtures {
  private Fixtures() {}

  static Path path(String name) {
    URL url = Fixtures.class.getResource("/fixtures/capture/" + name);
    if (url == null) {
      throw new IllegalArgumentException("no fixture " + name);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every item of a file, valid or not. */
  static List<ReadItem> items(ExchangeReader reader) {
    List<ReadItem> items = new ArrayList<>();
    try (reader) {
      ReadItem item;
      while ((item = reader.next()) != null) {
        items.add(item);
      }
    }
    return items;
  }

  /** Every exchange of a file that must be entirely valid. */
  static List<Exchange> exchanges(ExchangeReader reader) {
    List<Exchange> list = new ArrayList<>();
    for (ReadItem item : items(reader)) {
      if (item instanceof ReadItem.Invalid invalid) {
        throw invalid.toException();
      }
      list.add(((ReadItem.Parsed) item).exchange());
    }
    return list;
  }

  static List<Exchange> har(String name) {
    return exchanges(HarReader.open(path(name)));
  }
}
