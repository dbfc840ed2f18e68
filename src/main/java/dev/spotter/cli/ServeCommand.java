package dev.spotter.cli;

import dev.spotter.store.Store;
import dev.spotter.web.DashboardServer;
import dev.spotter.web.DashboardSettings;
import dev.spotter.web.MapMaker;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code spotter serve}: the dashboard, until SIGTERM or Ctrl-C. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the dashboard: a confidence page (DORA figures with their trend, regressions caught"
          + " before production, canary rollbacks, incidents and open action items, kudos), the"
          + " stored runs and their reports, post-mortems with forms to write and edit them,"
          + " guards, kudos and the service map. Runs until SIGTERM or Ctrl-C.",
      "It binds to 127.0.0.1; on any other address --token is required, and every request must"
          + " carry it (open the dashboard once with ?token=TOKEN, or send 'Authorization: Bearer"
          + " TOKEN')."
    })
final class ServeCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = "--host",
      paramLabel = "HOST",
      description = "address to bind (default " + DashboardSettings.DEFAULT_HOST + ")")
  String host = DashboardSettings.DEFAULT_HOST;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "port to listen on, 0 for any free one (default 7070)")
  int port = DashboardSettings.DEFAULT_PORT;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      defaultValue = "${env:SPOTTER_DASHBOARD_TOKEN}",
      description =
          "secret every request must carry, at least 12 characters; required beyond loopback"
              + " (default: $SPOTTER_DASHBOARD_TOKEN)")
  String token;

  @Override
  public Integer call() {
    OptionValues.within("--port", port, 0, 65_535);
    Wiring wiring = common.wiring();
    DashboardSettings settings =
        OptionValues.parse(
            "--token", () -> new DashboardSettings(host, port, token, wiring.corpus(null)));
    Clock clock = Clock.systemUTC();
    MapMaker maps = new MapMaker(wiring.grouper(), MapCommand::decoded, clock);
    try (Store store = common.openStore();
        DashboardServer server =
            DashboardServer.start(settings, store, clock, maps, wiring.redactor()::redact);
        LiveRun live = new LiveRun()) {
      String url = "http://" + hostForUrl(host) + ":" + server.port() + "/";
      System.out.println(
          "Dashboard of "
              + common.storePath()
              + " at "
              + url
              + (settings.token() == null ? "" : " (open it once with ?token=YOUR_TOKEN)")
              + "; Ctrl-C to stop");
      live.catchSignals();
      String why = live.awaitStop(Optional.empty(), () -> "dashboard at " + url);
      System.err.println("spotter: dashboard stopped (" + why + ")");
      return ExitCode.OK;
    }
  }

  private static String hostForUrl(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}
