package dev.spotter.bench;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;

/**
 * Realistic order-service JSON of a chosen size. The data is fixed by {@code seed}; {@code
 * instance} changes only what differs between two copies of the same build (timestamps, request
 * ids, the order of a set-like array, float jitter in totals), as a secondary would.
 */
final class OrdersJson {
  private OrdersJson() {}

  static byte[] page(int targetBytes, long seed, int instance) {
    Random data = new Random(seed);
    Random noise = new Random(seed * 31 + instance);
    StringBuilder sb = new StringBuilder(targetBytes + 2048);
    sb.append("{\"requestId\":\"").append(uuid(noise)).append("\",\"servedAt\":\"2026-11-24T10:")
        .append(10 + noise.nextInt(50)).append(":00.").append(100 + noise.nextInt(900))
        .append("Z\",\"orders\":[");
    int n = 0;
    while (sb.length() < targetBytes - 400 || n == 0) {
      if (n > 0) {
        sb.append(',');
      }
      order(sb, data, noise, n++);
    }
    sb.append("],\"count\":").append(n).append('}');
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void order(StringBuilder sb, Random data, Random noise, int index) {
    int items = 2 + data.nextInt(3);
    double total = 0;
    sb.append("{\"id\":").append(10_000 + index)
        .append(",\"customer\":{\"id\":").append(data.nextInt(5000))
        .append(",\"name\":\"Customer ").append(data.nextInt(5000))
        .append("\",\"email\":\"c").append(data.nextInt(5000)).append("@example.com\"}")
        .append(",\"status\":\"").append(data.nextBoolean() ? "shipped" : "open")
        .append("\",\"tags\":[");
    String[] tags = {"gift", "priority", "eu"};
    int start = noise.nextInt(3);
    for (int t = 0; t < 3; t++) {
      sb.append(t == 0 ? "" : ",").append('"').append(tags[(start + t) % 3]).append('"');
    }
    sb.append("],\"items\":[");
    for (int i = 0; i < items; i++) {
      double price = 1 + data.nextInt(9000) / 100.0;
      int qty = 1 + data.nextInt(4);
      total += price * qty;
      sb.append(i == 0 ? "" : ",").append("{\"sku\":\"SKU-").append(10_000 + data.nextInt(900))
          .append("\",\"qty\":").append(qty)
          .append(",\"price\":").append(String.format(Locale.ROOT, "%.2f", price)).append('}');
    }
    // Summing in another order moves the last bits of a double, as a real service does.
    double jitter = noise.nextBoolean() ? Math.ulp(total) : 0;
    sb.append("],\"total\":").append(total + jitter)
        .append(",\"createdAt\":\"2026-11-").append(10 + data.nextInt(14)).append("T08:00:00Z\"}");
  }

  private static String uuid(Random r) {
    return new java.util.UUID(r.nextLong(), r.nextLong()).toString();
  }
}
