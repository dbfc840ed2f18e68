package dev.spotter.canary;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Something a canary run asks before it moves on (pre-step, promotion) or tells after it rolled
 * back: a command (exit status 0 continues) or an HTTP webhook (a 2xx answer continues). Anything
 * else, a timeout included, halts the run where it is.
 */
public sealed interface Hook permits Hook.Command, Hook.Webhook {
  Duration timeout();

  /** A command line run with {@code sh -c}, with the run's facts in SPOTTER_CANARY_* variables. */
  record Command(String commandLine, Duration timeout) implements Hook {
    public Command {
      if (commandLine == null || commandLine.isBlank()) {
        throw new IllegalArgumentException("a command hook needs a command");
      }
      Objects.requireNonNull(timeout, "timeout");
    }
  }

  /** An HTTP POST of the run's facts as JSON. */
  record Webhook(URI url, Duration timeout) implements Hook {
    public Webhook {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(timeout, "timeout");
      String scheme = url.getScheme();
      if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
        throw new IllegalArgumentException("a webhook URL must start with http:// or https://");
      }
    }
  }
}
