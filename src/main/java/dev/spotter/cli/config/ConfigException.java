package dev.spotter.cli.config;

import dev.spotter.model.SpotterException;

/** A configuration file that cannot be used, with file, line and key in the message. */
public final class ConfigException extends SpotterException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super("config.invalid", message);
  }

  public ConfigException(String message, Throwable cause) {
    super("config.invalid", message, false, cause);
  }
}
