package dev.spotter.demo;

import java.util.List;
import java.util.Objects;

/**
 * A place where the {@link LegacyOrdersService} answers differently from one call to the next and
 * from one instance to another, with no change of build: what Spotter must learn to dismiss. None
 * of these may ever be reported as a regression.
 *
 * @param path folded JSON Pointer into {@code {"status", "headers", "body"}}, header names in lower
 *     case, such as {@code /body/servedAt} or {@code /body/tags/*}
 * @param cause why it varies, for people
 */
public record NoisePath(String path, String cause) {

  private static final List<NoisePath> ALL =
      List.of(
          new NoisePath("/body/servedAt", "the server's clock when it answered"),
          new NoisePath("/body/requestId", "a random UUID per request"),
          new NoisePath(
              "/body/total",
              "doubles summed in hash-set order: the last digits vary (order, POST)"),
          new NoisePath(
              "/body/orders/*/total", "doubles summed in hash-set order, in order listings"),
          new NoisePath("/body/tags/*", "an order's tags come from a set, in random order"),
          new NoisePath(
              "/body/warehouses/*", "a product's warehouses come from a set, in random order"),
          new NoisePath("/body/uptimeMs", "how long the instance has been running"),
          new NoisePath("/body/checks/database/latencyMs", "a measured database round trip"),
          new NoisePath("/body/intakeId", "a random UUID for each accepted order"),
          new NoisePath("/headers/date", "the server's clock, to the second"),
          new NoisePath("/headers/x-request-id", "the same random UUID as requestId"),
          new NoisePath("/headers/x-cache", "whether the product cache happened to be warm"),
          new NoisePath(
              "/headers/content-length", "follows the body, whose noise changes its size"),
          new NoisePath("/headers/location", "contains the random intakeId of an accepted order"));

  public NoisePath {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(cause, "cause");
  }

  /** Every noise path of the service, in a stable order. */
  public static List<NoisePath> all() {
    return ALL;
  }

  /** Whether a folded path, as Spotter reports it, is one of the declared noise paths. */
  public static boolean isNoise(String foldedPath) {
    return ALL.stream().anyMatch(n -> n.path.equals(foldedPath));
  }
}
