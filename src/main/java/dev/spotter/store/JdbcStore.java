package dev.spotter.store;

import dev.spotter.model.Exchange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The {@link Store} in a relational database: one SQL for SQLite and PostgreSQL, kept in a class
 * per group of tables ({@link CorpusTables}, {@link RunTables}, {@link IncidentTables}, {@link
 * CheckJobTables}, {@link RepeatTables}) and run through a {@link Database} that decides
 * connections, transactions and error messages. Safe to use from several threads at once; on
 * PostgreSQL, also from several processes at once.
 */
class JdbcStore implements Store {
  private final Database db;
  private final CorpusTables corpora;
  private final RunTables runs;
  private final IncidentTables incidents;
  private final CheckJobTables checkJobs;
  private final RepeatTables repeats;
  private volatile boolean closed;

  JdbcStore(Database db, Clock clock) {
    this.db = Objects.requireNonNull(db, "db");
    Objects.requireNonNull(clock, "clock");
    Sql sql = new Sql(db);
    this.corpora = new CorpusTables(db, sql, clock);
    this.runs = new RunTables(sql);
    this.incidents = new IncidentTables(sql);
    this.checkJobs = new CheckJobTables(db, sql, clock);
    this.repeats = new RepeatTables(db, sql, clock);
  }

  Database database() {
    return db;
  }

  @Override
  public List<String> append(String corpus, List<Exchange> exchanges) {
    ensureOpen();
    return corpora.append(corpus, exchanges);
  }

  @Override
  public int appendCaptured(String corpus, List<Exchange> exchanges) {
    ensureOpen();
    return corpora.appendCaptured(corpus, exchanges);
  }

  @Override
  public ExchangeCursor read(String corpus) {
    ensureOpen();
    return corpora.read(corpus);
  }

  @Override
  public Optional<CorpusInfo> corpus(String name) {
    ensureOpen();
    return corpora.corpus(name);
  }

  @Override
  public List<CorpusInfo> corpora() {
    ensureOpen();
    return corpora.corpora();
  }

  @Override
  public boolean deleteCorpus(String name) {
    ensureOpen();
    return corpora.deleteCorpus(name);
  }

  @Override
  public Optional<ImportRecord> findImport(String corpus, String sha256) {
    ensureOpen();
    return corpora.findImport(corpus, sha256);
  }

  @Override
  public ImportRecord recordImport(String corpus, String fileName, String sha256, long exchanges) {
    ensureOpen();
    return corpora.recordImport(corpus, fileName, sha256, exchanges);
  }

  @Override
  public String saveRun(StoredRun run) {
    ensureOpen();
    return runs.saveRun(run);
  }

  @Override
  public boolean updateRun(StoredRun run) {
    ensureOpen();
    return runs.updateRun(run);
  }

  @Override
  public Optional<StoredRun> run(String id) {
    ensureOpen();
    return runs.run(id);
  }

  @Override
  public List<StoredRun> recentRuns(int limit) {
    ensureOpen();
    return runs.recentRuns(limit);
  }

  @Override
  public void saveCanary(StoredCanary canary) {
    ensureOpen();
    runs.saveCanary(canary);
  }

  @Override
  public Optional<StoredCanary> canary(String name) {
    ensureOpen();
    return runs.canary(name);
  }

  @Override
  public List<StoredCanary> canaries(int limit) {
    ensureOpen();
    return runs.canaries(limit);
  }

  @Override
  public boolean leaveCanaryCommand(String name, String command) {
    ensureOpen();
    return runs.leaveCanaryCommand(name, command);
  }

  @Override
  public Optional<String> takeCanaryCommand(String name) {
    ensureOpen();
    return runs.takeCanaryCommand(name);
  }

  @Override
  public long saveIncident(StoredIncident incident) {
    ensureOpen();
    return incidents.saveIncident(incident);
  }

  @Override
  public boolean updateIncident(StoredIncident incident, long expectedVersion) {
    ensureOpen();
    return incidents.updateIncident(incident, expectedVersion);
  }

  @Override
  public Optional<StoredIncident> incident(long id) {
    ensureOpen();
    return incidents.incident(id);
  }

  @Override
  public List<StoredIncident> incidents() {
    ensureOpen();
    return incidents.incidents();
  }

  @Override
  public long addGuard(StoredGuard guard) {
    ensureOpen();
    return incidents.addGuard(guard);
  }

  @Override
  public List<StoredGuard> guards(boolean activeOnly) {
    ensureOpen();
    return incidents.guards(activeOnly);
  }

  @Override
  public boolean setGuardActive(long id, boolean active) {
    ensureOpen();
    return incidents.setGuardActive(id, active);
  }

  @Override
  public long recordDeployment(StoredDeployment deployment) {
    ensureOpen();
    return incidents.recordDeployment(deployment);
  }

  @Override
  public List<StoredDeployment> deployments(Instant from, Instant to) {
    ensureOpen();
    return incidents.deployments(from, to);
  }

  @Override
  public long addKudos(StoredKudos kudos) {
    ensureOpen();
    return incidents.addKudos(kudos);
  }

  @Override
  public List<StoredKudos> kudos(int limit) {
    ensureOpen();
    return incidents.kudos(limit);
  }

  @Override
  public void openCheckJob(StoredCheckJob job) {
    ensureOpen();
    checkJobs.openCheckJob(job);
  }

  @Override
  public Optional<StoredCheckJob> checkJob(String runId) {
    ensureOpen();
    return checkJobs.checkJob(runId);
  }

  @Override
  public List<StoredCheckJob> openCheckJobs() {
    ensureOpen();
    return checkJobs.openCheckJobs();
  }

  @Override
  public boolean touchCheckJob(String runId) {
    ensureOpen();
    return checkJobs.touchCheckJob(runId);
  }

  @Override
  public boolean closeCheckJob(String runId, String state) {
    ensureOpen();
    return checkJobs.closeCheckJob(runId, state);
  }

  @Override
  public int saveReplayResults(
      String runId, List<ReplayResult> results, List<PartitionProgress> progress) {
    ensureOpen();
    return checkJobs.saveReplayResults(runId, results, progress);
  }

  @Override
  public Map<Integer, Long> replayProgress(String runId) {
    ensureOpen();
    return checkJobs.replayProgress(runId);
  }

  @Override
  public long replayResultCount(String runId) {
    ensureOpen();
    return checkJobs.replayResultCount(runId);
  }

  @Override
  public void forEachReplayResult(String runId, Consumer<ReplayResult> each) {
    ensureOpen();
    checkJobs.forEachReplayResult(runId, each);
  }

  @Override
  public long deleteReplayResults(String runId) {
    ensureOpen();
    return checkJobs.deleteReplayResults(runId);
  }

  @Override
  public int addRepeatTasks(String runId, List<RepeatTask> tasks) {
    ensureOpen();
    return repeats.addRepeatTasks(runId, tasks);
  }

  @Override
  public List<RepeatTask> claimRepeatTasks(
      String runId, String worker, int max, Duration claimTimeout) {
    ensureOpen();
    return repeats.claimRepeatTasks(runId, worker, max, claimTimeout);
  }

  @Override
  public int renewRepeatClaims(String runId, String worker, Collection<Long> taskIds) {
    ensureOpen();
    return repeats.renewRepeatClaims(runId, worker, taskIds);
  }

  @Override
  public boolean completeRepeatTask(
      String runId, long taskId, String worker, List<RepeatAnswer> answers) {
    ensureOpen();
    return repeats.completeRepeatTask(runId, taskId, worker, answers);
  }

  @Override
  public RepeatProgress repeatProgress(String runId) {
    ensureOpen();
    return repeats.repeatProgress(runId);
  }

  @Override
  public int withdrawRepeatTasks(String runId, Duration claimTimeout) {
    ensureOpen();
    return repeats.withdrawRepeatTasks(runId, claimTimeout);
  }

  @Override
  public void forEachRepeatAnswer(String runId, int round, Consumer<RepeatAnswer> each) {
    ensureOpen();
    repeats.forEachRepeatAnswer(runId, round, each);
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    db.close();
  }

  void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the store " + db.where() + " is closed");
    }
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + db.where() + "]";
  }
}
