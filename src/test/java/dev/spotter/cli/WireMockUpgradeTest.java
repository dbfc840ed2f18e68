package dev.spotter.cli;

import dev.spotter.testsupport.RealServices;
import dev.spotter.testsupport.RealUpgradeCase;
import dev.spotter.testsupport.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * WireMock, the stub server, upgraded from 2.35.2 (wiremock-jre8-standalone, Jetty 9) to 3.13.2
 * (wiremock-standalone, Jetty 11), both from Maven Central, serving the same stub mappings. Among
 * the real changes the test finds by asking both: {@code /__admin/health} and {@code
 * /__admin/version} exist (404 before), {@code /__admin/settings} shows {@code proxyPassThrough},
 * and a request no stub matches (or a HEAD, which GET stubs do not match) is answered {@code
 * text/plain;charset=UTF-8} instead of {@code text/plain}. Stubbed answers, response templates (one
 * of them random on every call: noise the old build shows itself), the admin listing of mappings
 * and CORS preflights stay the same once Vary, which Jetty 11 sets differently on every answer, is
 * left out (spotter.yaml).
 */
class WireMockUpgradeTest extends RealUpgradeCase {
  @Override
  protected String fixtureName() {
    return "wiremock";
  }

  @Override
  protected Launcher oldBuild() {
    // 2.x loads the response-template transformer only when asked; 3.x has it on for stubs that
    // name it. A team on 2.x that uses templates starts it like this.
    return wireMock(
        RealServices.mavenJar("com.github.tomakehurst:wiremock-jre8-standalone:2.35.2"),
        "--local-response-templating");
  }

  @Override
  protected Launcher newBuild() {
    return wireMock(RealServices.mavenJar("org.wiremock:wiremock-standalone:3.13.2"));
  }

  @Override
  protected String readyPath() {
    return "/__admin/mappings";
  }

  @Override
  protected int minChangedEndpoints() {
    return 4;
  }

  @Override
  protected int minUnchangedEndpoints() {
    return 4;
  }

  /** Each instance reads its own copy of the mappings: WireMock may write under its root. */
  private Launcher wireMock(Path jar, String... extra) {
    return (role, work, port) -> {
      Path root = work.resolve("wiremock");
      ServiceProcess.copyTree(fixtureDir().resolve("mappings"), root.resolve("mappings"));
      Files.createDirectories(root.resolve("__files"));
      List<String> command =
          new ArrayList<>(
              List.of(
                  javaBinary(),
                  "-Xmx256m",
                  "-XX:+UseSerialGC",
                  "-XX:TieredStopAtLevel=1",
                  "-jar",
                  jar.toString(),
                  "--port",
                  Integer.toString(port),
                  "--bind-address",
                  "127.0.0.1",
                  "--root-dir",
                  root.toString(),
                  "--enable-stub-cors",
                  "--disable-banner"));
      command.addAll(List.of(extra));
      return ServiceProcess.start(role, command, work, port);
    };
  }
}
