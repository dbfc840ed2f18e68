package dev.spotter.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Comparisons of secrets that take the same time wherever the first difference lies. */
final class Secrets {
  private Secrets() {}

  static boolean same(String expected, String given) {
    if (expected == null || given == null || given.isEmpty()) {
      return false;
    }
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }
}
