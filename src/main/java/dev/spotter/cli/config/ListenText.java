package dev.spotter.cli.config;

import dev.spotter.proxy.ListenAddress;

/** Checks an address to listen on as written in the configuration or on the command line. */
final class ListenText {
  private ListenText() {}

  /**
   * Null passes (not given); {@code off} passes where the listener may be switched off; anything
   * else must be HOST:PORT or PORT.
   */
  static void validate(String text, boolean mayBeOff) {
    if (text == null || (mayBeOff && text.trim().equalsIgnoreCase("off"))) {
      return;
    }
    ListenAddress.parse(text);
  }
}
