package dev.spotter.web.view;

import dev.spotter.incident.Guard;
import dev.spotter.incident.Incident;
import java.util.List;

/**
 * An incident's page: the post-mortem, the guards pinned to it and the form that adds one.
 *
 * @param problems why the last guard was not added, empty on first display
 */
public record IncidentView(
    Incident incident, List<Guard> guards, GuardForm form, List<String> problems) {}
