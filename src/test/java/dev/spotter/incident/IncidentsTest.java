package dev.spotter.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotter.model.SpotterException;
import dev.spotter.store.SqliteStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncidentsTest {
  private static final Instant T0 = Instant.parse("2026-11-20T14:03:00Z");

  @TempDir Path dir;
  private SqliteStore store;
  private Incidents incidents;

  @BeforeEach
  void open() {
    store = SqliteStore.open(dir.resolve("s.db"));
    incidents = new Incidents(store, Clock.fixed(T0.plusSeconds(86_400), ZoneOffset.UTC));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static IncidentDraft outage() {
    IncidentDraft d = new IncidentDraft();
    d.title = "Orders of unknown customers answered 500";
    d.severity = Severity.SEV2;
    d.started = T0;
    d.detected = T0.plusSeconds(600);
    d.contributingFactors.add("No check replayed requests for unknown customers");
    d.timeline.add(new TimelineEntry(T0.plusSeconds(600), "Pager fired for 5xx on /customers"));
    d.timeline.add(new TimelineEntry(T0, "Deploy of 2.14 reached all hosts"));
    d.actionItems.add(
        new ActionItem(
            "Guard unknown customers",
            ActionItem.Kind.PREVENT,
            "orders-team",
            LocalDate.of(2026, 1, 1), // in the past: a late item is still an item
            ActionItem.Status.OPEN));
    return d;
  }

  @Test
  void aPostMortemIsKeptWholeWithItsTimelineInTimeOrder() {
    Incident saved = incidents.create(outage().build());

    Incident read = incidents.get(saved.id());
    assertThat(read.version()).isEqualTo(1);
    assertThat(read.timeline())
        .extracting(TimelineEntry::text)
        .containsExactly("Deploy of 2.14 reached all hosts", "Pager fired for 5xx on /customers");
    assertThat(read.actionItems()).hasSize(1);
    assertThat(read.openActionItems()).isEqualTo(1);
    assertThat(incidents.list()).extracting(Incident::id).containsExactly(saved.id());
  }

  @Test
  void timesOutOfOrderAndBlameAreRefusedNamingEveryFieldAndNothingIsSaved() {
    IncidentDraft d = outage();
    d.resolved = T0.minusSeconds(60);
    d.contributingFactors.add("Human error by the on-call engineer");
    d.status = IncidentStatus.RESOLVED;
    d.actionItems.add(new ActionItem("", ActionItem.Kind.DETECT, "", null, ActionItem.Status.OPEN));

    assertThatThrownBy(() -> incidents.create(d.build()))
        .isInstanceOf(SpotterException.class)
        .hasMessageContaining("resolved: 2026-11-20T14:02:00Z is before the start")
        .hasMessageContaining("contributingFactors[2]: 'Human error by the on-call engineer'")
        .hasMessageContaining("points at a person")
        .hasMessageContaining("actionItems[2]: says nothing to do")
        .hasMessageContaining("actionItems[2]: needs an owner");
    assertThat(incidents.list()).isEmpty();
  }

  @Test
  void aFactorThatNamesSomeoneIsRefusedButBlamelessWordsAreNot() {
    IncidentDraft blames = outage();
    blames.contributingFactors.add("The deploy was pushed by @alice");
    assertThatThrownBy(() -> incidents.create(blames.build()))
        .hasMessageContaining("contributingFactors[2]: 'The deploy was pushed by @alice'");

    IncidentDraft fine = outage();
    fine.contributingFactors.add("The blameless review found no alert on user error pages");
    assertThat(incidents.create(fine.build()).contributingFactors()).hasSize(2);
  }

  @Test
  void aResolvedIncidentNeedsItsResolvedTime() {
    IncidentDraft d = outage();
    d.status = IncidentStatus.RESOLVED;
    assertThatThrownBy(() -> incidents.create(d.build()))
        .hasMessageContaining("resolved: a resolved incident needs the time its impact ended");
  }

  @Test
  void twoEditsOfTheSameVersionDoNotOverwriteEachOther() {
    Incident saved = incidents.create(outage().build());

    incidents.edit(saved.id(), 1, d -> d.wentWell.add("Rollback took four minutes"));
    assertThatThrownBy(
            () -> incidents.edit(saved.id(), 1, d -> d.wentWrong.add("Nobody knew the runbook")))
        .isInstanceOf(SpotterException.class)
        .hasMessageContaining("changed by someone else since version 1")
        .hasMessageContaining("at version 2");

    Incident now = incidents.get(saved.id());
    assertThat(now.version()).isEqualTo(2);
    assertThat(now.wentWell()).containsExactly("Rollback took four minutes");
    assertThat(now.wentWrong()).isEmpty();
  }

  @Test
  void theMarkdownReadsAsABlamelessReview() {
    IncidentDraft d = outage();
    d.resolved = T0.plusSeconds(1800);
    d.status = IncidentStatus.RESOLVED;
    d.gotLucky.add("It happened on a quiet Sunday");
    Incident saved = incidents.create(d.build());

    String md = IncidentMarkdown.of(saved);

    assertThat(md)
        .startsWith("# Orders of unknown customers answered 500")
        .contains("This review is blameless")
        .contains("## Contributing factors (conditions, not people)")
        .contains("## How could we have known sooner?")
        .contains("## Where we got lucky\n\n- It happened on a quiet Sunday")
        .contains("| 10 min | 30 min |")
        .contains("| 1 | prevent | Guard unknown customers | orders-team | 2026-01-01 | open |");
  }

  @Test
  void jsonRoundTripsEveryField() {
    Incident saved = incidents.create(outage().build());
    Incident back = Incidents.fromJson(Incidents.toJson(saved), "test");
    assertThat(back).isEqualTo(saved);
    assertThatThrownBy(() -> Incidents.fromJson("{\"title\": 3,", "edited.json"))
        .hasMessageStartingWith("edited.json:");
  }
}
