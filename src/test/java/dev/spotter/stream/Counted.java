package dev.spotter.stream;

import dev.spotter.capture.ExchangePublisher;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Outcomes that only count, and keep the reasons of failures. */
final class Counted implements ExchangePublisher.Outcomes {
  final AtomicInteger published = new AtomicInteger();
  final AtomicInteger failed = new AtomicInteger();
  final List<String> reasons = new CopyOnWriteArrayList<>();

  @Override
  public void published(int count) {
    published.addAndGet(count);
  }

  @Override
  public void failed(int count, String why) {
    failed.addAndGet(count);
    reasons.add(why);
  }

  int total() {
    return published.get() + failed.get();
  }
}
