package dev.spotter.report;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.spotter.model.SpotterException;
import dev.spotter.replay.CheckResult;
import java.io.IOException;
import java.util.Optional;

/**
 * The top of a stored run's report, in the words every report uses, for pages that show runs
 * without the whole report (the dashboard's run page, {@code spotter runs}).
 *
 * @param verdict {@code pass}, {@code fail}, {@code undecided} or {@code incomplete}
 * @param headline the sentence under the verdict, as report.html and summary.md say it
 * @param regressions regressions, a change across endpoints counted once
 * @param changesAcrossEndpoints changes the candidate makes on many endpoints at once
 * @param undecided findings left undecided
 * @param undecidedAccepted the team accepted them with {@code --allow-undecided}
 * @param undecidedFindings {@code 3 findings on 2 endpoints are undecided}, as the reports say it
 *     whatever the verdict; empty when none is
 * @param requests {@code 915 requests: 880 compared, 35 skipped, 0 errors}
 * @param noisePaths paths whose differences were dismissed as noise, as report.html counts them
 * @param coverage how the endpoints were decided, and which were not covered; empty when none
 * @param askedAgain what asking again cost and why it stopped; empty when nothing was asked
 */
public record RunHeadline(
    String verdict,
    String headline,
    long regressions,
    long changesAcrossEndpoints,
    long undecided,
    boolean undecidedAccepted,
    String undecidedFindings,
    String requests,
    long noisePaths,
    String coverage,
    String askedAgain) {

  /** The headline of a report.json (or the compact copy a store keeps); empty when unreadable. */
  public static Optional<RunHeadline> of(String reportJson) {
    if (reportJson == null) {
      return Optional.empty();
    }
    CheckResult result;
    try {
      result = JsonReportReader.read(reportJson);
    } catch (SpotterException unreadable) {
      return Optional.empty();
    }
    ReportView view = ReportView.of(result);
    return Optional.of(
        new RunHeadline(
            view.verdict().jsonName(),
            view.headline(),
            view.regressions(),
            result.crossCutting().size(),
            view.undecidedCount(),
            view.undecidedAccepted(),
            CheckText.undecided(view.shown()),
            CheckText.requests(view.summary()),
            view.noisePaths(),
            CheckText.coverage(result),
            CheckText.askedAgain(result.repeats())));
  }

  /**
   * Undecided findings and whether they were accepted, read from the summary at the top of a
   * report.json without parsing the rest, for lists of many runs.
   *
   * @param undecided findings left undecided
   * @param accepted accepted with {@code --allow-undecided}
   */
  public record Undecided(long undecided, boolean accepted) {
    public static final Undecided NONE = new Undecided(0, false);

    /**
     * The summary's counts; none for text that is not a report. Reports of schema version 1 called
     * undecided findings inconclusive.
     */
    public static Undecided of(String reportJson) {
      if (reportJson == null) {
        return NONE;
      }
      try (JsonParser p = JsonReport.MAPPER.createParser(reportJson)) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
          return NONE;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          p.nextToken();
          if (field.equals("summary")) {
            JsonNode s = JsonReport.MAPPER.readTree(p);
            return new Undecided(
                s.path("undecided").asLong(s.path("inconclusive").asLong(0)),
                s.path("undecidedAccepted").asBoolean(false));
          }
          p.skipChildren();
        }
      } catch (IOException notAReport) {
        return NONE;
      }
      return NONE;
    }
  }
}
