package dev.spotter.capture;

import dev.spotter.model.Exchange;
import dev.spotter.model.SpotterException;
import dev.spotter.store.Store;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A real store whose {@code append} can be made slow (it waits for a gate) or made to fail (chosen
 * batches throw as a full disk would), for the recorder's back-pressure and failure tests. Every
 * other method goes straight to the real store, whatever the interface grows to hold.
 */
final class GatedStore {
  private final Store delegate;
  private final CountDownLatch gate;
  private final Predicate<List<Exchange>> failing;
  private final AtomicInteger appends = new AtomicInteger();
  final CountDownLatch firstAppendEntered = new CountDownLatch(1);
  final Store store;

  private GatedStore(Store delegate, CountDownLatch gate, Predicate<List<Exchange>> failing) {
    this.delegate = delegate;
    this.gate = gate;
    this.failing = failing;
    this.store =
        (Store)
            Proxy.newProxyInstance(
                Store.class.getClassLoader(), new Class<?>[] {Store.class}, this::invoke);
  }

  /** Every append waits until {@code gate} opens. */
  static GatedStore blockedUntil(Store delegate, CountDownLatch gate) {
    return new GatedStore(delegate, gate, batch -> false);
  }

  /** The appends of batches that satisfy {@code failing} throw. */
  static GatedStore failing(Store delegate, Predicate<List<Exchange>> failing) {
    return new GatedStore(delegate, new CountDownLatch(0), failing);
  }

  int appends() {
    return appends.get();
  }

  @SuppressWarnings("unchecked")
  private Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getName().equals("append") || method.getName().equals("appendCaptured")) {
      return append(method.getName(), (String) args[0], (List<Exchange>) args[1]);
    }
    if (method.getDeclaringClass() == Object.class) {
      return method.getName().equals("equals")
          ? proxy == args[0]
          : method.invoke(this, args); // hashCode, toString
    }
    try {
      return method.invoke(delegate, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private Object append(String name, String corpus, List<Exchange> exchanges) {
    int call = appends.incrementAndGet();
    firstAppendEntered.countDown();
    try {
      if (!gate.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never opened the gate");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    if (failing.test(exchanges)) {
      throw new SpotterException(
          "store.full", "disk full (simulated) at append " + call, true, null);
    }
    return name.equals("append")
        ? delegate.append(corpus, exchanges)
        : delegate.appendCaptured(corpus, exchanges);
  }
}
