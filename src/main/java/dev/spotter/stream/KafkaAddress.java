package dev.spotter.stream;

import dev.spotter.model.SpotterException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a traffic stream lives: a Kafka cluster's bootstrap servers and a topic, written {@code
 * kafka://HOST:PORT[,HOST:PORT...]/TOPIC} on the command line. A host without a port gets Kafka's
 * 9092; an IPv6 host is written in brackets ({@code kafka://[::1]:9092/t}).
 *
 * @param bootstrapServers {@code host:port} pairs joined by commas, as Kafka clients take them
 * @param topic the topic name
 */
public record KafkaAddress(String bootstrapServers, String topic) {
  static final String SCHEME = "kafka://";
  static final int DEFAULT_PORT = 9092;
  private static final String EXAMPLE = "kafka://host:9092/topic";
  // Kafka's own limit; longer names are refused by the broker
  private static final int MAX_TOPIC_LENGTH = 249;

  public KafkaAddress {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw bad("the bootstrap servers are missing");
    }
    if (topic == null || topic.isBlank()) {
      throw bad("the topic is missing");
    }
  }

  /**
   * Parses {@code kafka://HOST:PORT[,HOST:PORT...]/TOPIC}.
   *
   * @throws SpotterException {@code stream.bad_address}, saying what is wrong
   */
  public static KafkaAddress parse(String uri) {
    if (uri == null || uri.isBlank()) {
      throw bad("no Kafka address given; write it like " + EXAMPLE);
    }
    String text = uri.strip();
    if (!text.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      int colon = text.indexOf("://");
      throw bad(
          quote(text)
              + (colon > 0
                  ? " has scheme '" + text.substring(0, colon) + "', not kafka"
                  : " is not a Kafka address")
              + "; write it like "
              + EXAMPLE);
    }
    String rest = text.substring(SCHEME.length());
    int slash = rest.indexOf('/');
    String hosts = slash < 0 ? rest : rest.substring(0, slash);
    String topic = slash < 0 ? "" : rest.substring(slash + 1);
    if (hosts.isEmpty()) {
      throw bad(quote(text) + " names no host; write it like " + EXAMPLE);
    }
    if (topic.isEmpty()) {
      throw bad(quote(text) + " names no topic; write it like " + EXAMPLE);
    }
    List<String> servers = new ArrayList<>();
    for (String host : hosts.split(",", -1)) {
      servers.add(server(text, host.strip()));
    }
    checkTopic(text, topic);
    return new KafkaAddress(String.join(",", servers), topic);
  }

  /** The {@code kafka://} form, which {@link #parse} reads back. */
  @Override
  public String toString() {
    return SCHEME + bootstrapServers + "/" + topic;
  }

  private static String server(String text, String host) {
    if (host.isEmpty()) {
      throw bad(quote(text) + " has an empty host in its list; separate hosts with one comma");
    }
    String name;
    String port;
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      if (close < 0) {
        throw bad(quote(text) + ": the IPv6 host " + quote(host) + " lacks its closing ']'");
      }
      name = host.substring(0, close + 1);
      String after = host.substring(close + 1);
      if (!after.isEmpty() && !after.startsWith(":")) {
        throw bad(quote(text) + ": " + quote(host) + " has text after its IPv6 address");
      }
      port = after.isEmpty() ? null : after.substring(1);
    } else {
      int colon = host.lastIndexOf(':');
      if (colon >= 0 && host.indexOf(':') != colon) {
        throw bad(
            quote(text) + ": write the IPv6 host " + quote(host) + " in brackets: [::1]:9092");
      }
      name = colon < 0 ? host : host.substring(0, colon);
      port = colon < 0 ? null : host.substring(colon + 1);
    }
    if (name.isEmpty() || name.equals("[]")) {
      throw bad(quote(text) + ": " + quote(host) + " has no host name");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c <= ' ' || c == '@' || c == '?' || c == '#' || c == '\\') {
        throw bad(quote(text) + ": " + quote(name) + " is not a host name");
      }
    }
    return name + ":" + port(text, host, port);
  }

  private static int port(String text, String host, String port) {
    if (port == null) {
      return DEFAULT_PORT;
    }
    if (port.isEmpty()) {
      throw bad(quote(text) + ": " + quote(host) + " has an empty port");
    }
    int n;
    try {
      n = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      throw bad(quote(text) + ": the port " + quote(port) + " of " + quote(host) + " is no number");
    }
    if (n < 1 || n > 65535) {
      throw bad(quote(text) + ": the port " + n + " of " + quote(host) + " is not in 1..65535");
    }
    return n;
  }

  private static void checkTopic(String text, String topic) {
    if (topic.equals(".") || topic.equals("..")) {
      throw bad(quote(text) + ": '" + topic + "' cannot be a topic name");
    }
    if (topic.length() > MAX_TOPIC_LENGTH) {
      throw bad(
          quote(text)
              + ": the topic name is longer than Kafka's "
              + MAX_TOPIC_LENGTH
              + " characters");
    }
    for (int i = 0; i < topic.length(); i++) {
      char c = topic.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == '-';
      if (!ok) {
        throw bad(
            quote(text)
                + ": the topic "
                + quote(topic)
                + " has "
                + describe(c)
                + "; Kafka topics use only letters, digits, '.', '_' and '-'");
      }
    }
  }

  private static String describe(char c) {
    return c == '/' ? "a second '/'" : c <= ' ' ? "a space or control character" : "'" + c + "'";
  }

  private static String quote(String s) {
    return "'" + s + "'";
  }

  private static SpotterException bad(String message) {
    return new SpotterException("stream.bad_address", message);
  }
}
