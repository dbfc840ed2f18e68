package dev.spotter.model;

/** The version of Spotter, as shown by {@code --version} and written into exported files. */
public final class SpotterVersion {
  /** Kept in step with the version in pom.xml. */
  public static final String VERSION = "0.1.0";

  private SpotterVersion() {}
}
