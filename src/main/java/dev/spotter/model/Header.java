package dev.spotter.model;

import java.util.Objects;

/** One HTTP header field as it was seen on the wire: the name keeps its original case. */
public record Header(String name, String value) {
  public Header {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }

  /** True when this header has the given name, compared without regard to case (RFC 9110). */
  public boolean is(String otherName) {
    return name.equalsIgnoreCase(otherName);
  }
}
