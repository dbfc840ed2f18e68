package dev.spotter.web.view;

import dev.spotter.report.ServiceMap;
import java.util.List;

/**
 * The service map of one corpus.
 *
 * @param map null when the store has no corpus yet
 */
public record MapView(String corpus, List<String> corpora, ServiceMap map) {}
