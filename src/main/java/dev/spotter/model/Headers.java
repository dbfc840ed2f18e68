package dev.spotter.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The header fields of a request or response, in wire order, duplicates kept. Look-ups ignore case;
 * the original spelling is kept for export and replay.
 */
public record Headers(List<Header> entries) {
  public static final Headers EMPTY = new Headers(List.of());

  public Headers {
    entries = List.copyOf(entries);
  }

  public static Headers of(String... nameValuePairs) {
    if (nameValuePairs.length % 2 != 0) {
      throw new IllegalArgumentException("headers come in name/value pairs");
    }
    List<Header> list = new ArrayList<>();
    for (int i = 0; i < nameValuePairs.length; i += 2) {
      list.add(new Header(nameValuePairs[i], nameValuePairs[i + 1]));
    }
    return new Headers(list);
  }

  /** The first value of the named header, if any. */
  public Optional<String> first(String name) {
    for (Header h : entries) {
      if (h.is(name)) {
        return Optional.of(h.value());
      }
    }
    return Optional.empty();
  }

  /** Every value of the named header, in order. */
  public List<String> all(String name) {
    List<String> values = new ArrayList<>(1);
    for (Header h : entries) {
      if (h.is(name)) {
        values.add(h.value());
      }
    }
    return values;
  }

  public boolean contains(String name) {
    return first(name).isPresent();
  }

  /** A copy with every header of the given name replaced by one with the given value. */
  public Headers with(String name, String value) {
    List<Header> list = new ArrayList<>(entries.size() + 1);
    for (Header h : entries) {
      if (!h.is(name)) {
        list.add(h);
      }
    }
    list.add(new Header(name, value));
    return new Headers(list);
  }

  /** A copy without any header of the given name. */
  public Headers without(String name) {
    List<Header> list = new ArrayList<>(entries.size());
    for (Header h : entries) {
      if (!h.is(name)) {
        list.add(h);
      }
    }
    return list.size() == entries.size() ? this : new Headers(list);
  }

  /** A copy where each header is passed through the given function (for redaction). */
  public Headers map(UnaryOperator<Header> f) {
    return new Headers(entries.stream().map(f).toList());
  }

  /** The distinct header names, lower-cased. */
  public Set<String> lowerCaseNames() {
    return entries.stream()
        .map(h -> h.name().toLowerCase(Locale.ROOT))
        .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }
}
