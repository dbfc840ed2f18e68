package dev.spotter.cli;

import dev.spotter.cli.config.ConfigLoader;
import dev.spotter.cli.config.SpotterConfig;
import dev.spotter.store.SqliteStore;
import dev.spotter.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command that touches the store or the configuration shares. */
final class CommonOptions {
  static final Path DEFAULT_STORE = Path.of(".spotter", "spotter.db");
  static final Path DEFAULT_CONFIG = Path.of("spotter.yaml");

  @Option(
      names = "--store",
      paramLabel = "PATH",
      description = "SQLite store file (default: store in spotter.yaml, else .spotter/spotter.db)")
  Path store;

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

  Path storePath() {
    if (store != null) {
      return store;
    }
    String configured = wiring().config().store();
    return configured != null ? Path.of(configured) : DEFAULT_STORE;
  }

  Store openStore() {
    return SqliteStore.open(storePath());
  }
}
