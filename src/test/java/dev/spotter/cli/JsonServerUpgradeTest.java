package dev.spotter.cli;

import dev.spotter.testsupport.RealServices;
import dev.spotter.testsupport.RealUpgradeCase;
import dev.spotter.testsupport.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * json-server 0.17.4 (Express) upgraded to 1.0.0-beta.3 (tinyhttp), the newest 1.0 beta that runs
 * on Node 20, from npm. Among the real changes the test finds by asking both: {@code ?_page=}
 * answers a pagination object instead of a list, {@code _like}, {@code q}, {@code _order} and
 * {@code _expand} are ignored, {@code X-Total-Count} is gone, nested routes ({@code
 * /posts/1/comments}) and {@code /db} answer 404, and a 404's body is "Not Found" instead of {@code
 * {}}. Plain reads of items and lists, equality filters, {@code _embed} and CORS preflights stay
 * the same once the framework headers that change on every answer are left out (spotter.yaml).
 */
class JsonServerUpgradeTest extends RealUpgradeCase {
  @Override
  protected String fixtureName() {
    return "json-server";
  }

  @Override
  protected Launcher oldBuild() {
    return jsonServer(RealServices.npmPackage("json-server-0.17.4"));
  }

  @Override
  protected Launcher newBuild() {
    return jsonServer(RealServices.npmPackage("json-server-1.0.0-beta.3"));
  }

  @Override
  protected String readyPath() {
    return "/profile";
  }

  @Override
  protected int minChangedEndpoints() {
    return 4;
  }

  @Override
  protected int minUnchangedEndpoints() {
    return 4;
  }

  /** Each instance serves its own copy of db.json: json-server writes to it on changes. */
  private Launcher jsonServer(Path install) {
    return (role, work, port) -> {
      Files.copy(fixtureDir().resolve("db.json"), work.resolve("db.json"));
      Path cli = install.resolve("node_modules/.bin/json-server").toRealPath();
      return ServiceProcess.start(
          role,
          List.of(
              "node",
              cli.toString(),
              "--port",
              Integer.toString(port),
              "--host",
              "127.0.0.1",
              "db.json"),
          work,
          port);
    };
  }
}
