package dev.spotter.web.view;

import dev.spotter.incident.KudosEntry;
import java.util.List;

/**
 * The kudos log with its form.
 *
 * @param when when they did it, as typed; the form starts with the current minute
 * @param message why the last entry was not added, or null
 */
public record KudosView(
    List<KudosEntry> entries, String who, String what, String link, String when, String message) {}
