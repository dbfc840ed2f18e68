package dev.spotter.cli;

import dev.spotter.proxy.AdminServer;
import dev.spotter.proxy.ListenAddress;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Runs a live mode in the foreground: its meters and admin port, a status line every few seconds,
 * and the wait for the stop, which is SIGTERM, Ctrl-C (SIGINT) or the end of {@code --duration}. A
 * second signal while the mode drains (half a second or more after the first) stops the process at
 * once.
 *
 * <p>Signals are caught with {@code sun.misc.Signal} (module jdk.unsupported, present in every JDK
 * since 9; javac warns about it): Java has no public API that lets a process answer SIGTERM with a
 * drain of its own choosing and then exit with the code it chooses, and a shutdown hook can do
 * neither.
 */
final class LiveRun implements AutoCloseable {
  private static final Duration STATUS_EVERY_TERMINAL = Duration.ofSeconds(1);
  private static final Duration STATUS_EVERY_LOG = Duration.ofSeconds(30);

  private final PrometheusMeterRegistry registry;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final AtomicReference<String> why = new AtomicReference<>();
  private final AtomicInteger signals = new AtomicInteger();
  private static final long SAME_SIGNAL_WITHIN_NANOS = 500_000_000L;
  private volatile long firstSignalNanos;
  private AdminServer admin;
  private SignalHandler oldTerm;
  private SignalHandler oldInt;

  LiveRun() {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Starts the admin port, when one is wanted; returns where it listens. */
  Optional<InetSocketAddress> startAdmin(
      Optional<InetSocketAddress> address, Supplier<AdminServer.Health> health) {
    if (address.isEmpty()) {
      return Optional.empty();
    }
    admin = AdminServer.start(address.get(), registry::scrape, health);
    return Optional.of(admin.address());
  }

  /**
   * Installs the signal handlers; from now on SIGTERM and SIGINT end {@link #awaitStop} instead of
   * the process.
   */
  void catchSignals() {
    oldTerm = Signal.handle(new Signal("TERM"), this::onSignal);
    oldInt = Signal.handle(new Signal("INT"), this::onSignal);
  }

  private void onSignal(Signal signal) {
    long now = System.nanoTime();
    if (signals.incrementAndGet() > 1) {
      // `timeout` and some supervisors signal the process and then its whole group: the same
      // request arriving twice at once is not a second, impatient one
      if (now - firstSignalNanos < SAME_SIGNAL_WITHIN_NANOS) {
        return;
      }
      System.err.println("spotter: second SIG" + signal.getName() + ": stopping without draining");
      Runtime.getRuntime().halt(ExitCode.ERROR);
    }
    firstSignalNanos = now;
    why.compareAndSet(null, "SIG" + signal.getName());
    stop.countDown();
  }

  /** Ends {@link #awaitStop} as a signal would, saying why (the work finished by itself). */
  void stopFor(String reason) {
    why.compareAndSet(null, reason);
    stop.countDown();
  }

  /** True once a signal came (or {@link #stopFor} was called): for loops that poll. */
  boolean stopRequested() {
    return stop.getCount() == 0;
  }

  /**
   * Blocks until a signal comes or {@code duration} passes, printing {@code status} now and then.
   *
   * @return what stopped it: {@code SIGTERM}, {@code SIGINT} or {@code duration}
   */
  String awaitStop(Optional<Duration> duration, Supplier<String> status) {
    boolean terminal = System.console() != null && System.getenv("CI") == null;
    PrintStream out = terminal ? System.out : System.err;
    long every = (terminal ? STATUS_EVERY_TERMINAL : STATUS_EVERY_LOG).toNanos();
    long end = duration.map(d -> System.nanoTime() + d.toNanos()).orElse(Long.MAX_VALUE);
    long nextStatus = System.nanoTime() + every;
    try {
      while (true) {
        long now = System.nanoTime();
        if (now >= end) {
          why.compareAndSet(null, "duration");
          break;
        }
        if (stop.await(Math.min(end, nextStatus) - now, TimeUnit.NANOSECONDS)) {
          break;
        }
        if (System.nanoTime() >= nextStatus) {
          out.print(terminal ? "\r" + status.get() + "   " : status.get() + "\n");
          out.flush();
          nextStatus = System.nanoTime() + every;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      why.compareAndSet(null, "interrupted");
    }
    if (terminal) {
      out.println();
    }
    return why.get();
  }

  static String format(InetSocketAddress address) {
    return ListenAddress.format(address);
  }

  @Override
  public void close() {
    if (admin != null) {
      admin.close();
    }
    if (oldTerm != null) {
      Signal.handle(new Signal("TERM"), oldTerm);
    }
    if (oldInt != null) {
      Signal.handle(new Signal("INT"), oldInt);
    }
    registry.close();
  }
}
