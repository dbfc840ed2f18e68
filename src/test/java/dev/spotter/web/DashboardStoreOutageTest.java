package dev.spotter.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.model.SpotterException;
import dev.spotter.store.SqliteStore;
import dev.spotter.store.Store;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store that is down for a while (a PostgreSQL restarting): the dashboard says so and waits. */
class DashboardStoreOutageTest {
  @TempDir Path dir;

  @Test
  void aStoreThatCannotBeReachedForNowIsServiceUnavailableAndTheDashboardRecoversWithIt() {
    AtomicBoolean down = new AtomicBoolean();
    Store real = SqliteStore.open(dir.resolve("spotter.db"));
    Store flaky =
        (Store)
            Proxy.newProxyInstance(
                Store.class.getClassLoader(),
                new Class<?>[] {Store.class},
                (proxy, method, args) -> {
                  if (down.get() && !method.getName().equals("close")) {
                    throw new SpotterException(
                        "store.unreachable",
                        "cannot reach PostgreSQL at 127.0.0.1:5433 (connection refused)",
                        true,
                        null);
                  }
                  try {
                    return method.invoke(real, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    try (Dashboard d = new Dashboard(flaky)) {
      assertThat(d.get("/incidents").statusCode()).isEqualTo(200);

      down.set(true);
      HttpResponse<String> outage = d.get("/incidents");
      assertThat(outage.statusCode()).isEqualTo(503);
      assertThat(outage.headers().firstValue("Retry-After")).hasValue("5");
      assertThat(outage.body()).contains("Not available right now", "cannot reach PostgreSQL");

      down.set(false);
      assertThat(d.get("/incidents").statusCode()).isEqualTo(200);
    }
  }
}
