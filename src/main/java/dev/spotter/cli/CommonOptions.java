package dev.spotter.cli;

import dev.spotter.cli.config.ConfigLoader;
import dev.spotter.cli.config.SpotterConfig;
import dev.spotter.store.Store;
import dev.spotter.store.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command that touches the store or the configuration shares. */
final class CommonOptions {
  static final Path DEFAULT_STORE = Path.of(".spotter", "spotter.db");
  static final Path DEFAULT_CONFIG = Path.of("spotter.yaml");

  // a String, not a Path: a Path would fold the // of a JDBC URL
  @Option(
      names = "--store",
      paramLabel = "PATH|JDBC-URL",
      description =
          "where Spotter keeps its data: an SQLite file, or a PostgreSQL database shared by"
              + " several Spotters such as jdbc:postgresql://HOST:5432/spotter?user=spotter"
              + " (default: store in spotter.yaml, else .spotter/spotter.db)")
  String store;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "configuration file (default: ./spotter.yaml when it exists)")
  Path config;

  private Wiring wiring;

  /** The configuration, loaded once: the named file, or ./spotter.yaml, or none. */
  Wiring wiring() {
    if (wiring == null) {
      ConfigLoader loader = new ConfigLoader();
      SpotterConfig loaded;
      if (config != null) {
        loaded = loader.load(config);
      } else if (Files.isRegularFile(DEFAULT_CONFIG)) {
        loaded = loader.load(DEFAULT_CONFIG);
      } else {
        loaded = SpotterConfig.empty();
      }
      wiring = new Wiring(loaded);
    }
    return wiring;
  }

  /** The store as named: --store, else spotter.yaml's store, else the default file. */
  String storeLocator() {
    if (store != null) {
      return store;
    }
    String configured = wiring().config().store();
    return configured != null ? configured : DEFAULT_STORE.toString();
  }

  /** The store as shown to people: a file's path as given, a JDBC URL without its password. */
  String storePath() {
    return Stores.describe(storeLocator());
  }

  Store openStore() {
    return Stores.open(storeLocator());
  }
}
