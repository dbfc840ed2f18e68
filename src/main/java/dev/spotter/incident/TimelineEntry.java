package dev.spotter.incident;

import java.time.Instant;

/** A moment of an incident: what was seen or done, and when. */
public record TimelineEntry(Instant at, String text) {}
