package dev.spotter.store;

import dev.spotter.model.Exchange;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where Spotter keeps corpora of exchanges and the results of its runs: an SQLite file by default,
 * or a PostgreSQL database that several Spotter processes share ({@link Stores#open} takes either).
 * Every store migrates its schema on open and refuses a schema newer than itself, and may be used
 * from several threads at once.
 */
public interface Store extends AutoCloseable {

  /**
   * Appends exchanges to a corpus, creating the corpus when it does not exist, in one transaction:
   * all are stored or none. The ids of the given exchanges are ignored.
   *
   * @return the ids the store assigned, in order
   */
  List<String> append(String corpus, List<Exchange> exchanges);

  /**
   * Appends captured exchanges to a corpus (created when it does not exist) in one transaction,
   * where each exchange's id is a capture id, unique within the corpus: an exchange whose capture
   * id the corpus already holds is skipped, so that a batch delivered twice (a proxy retrying a
   * write whose acknowledgement was lost, a stream consumer that restarts before committing its
   * offsets) is stored once. Safe to call from several processes at once.
   *
   * @return how many of the exchanges were new
   */
  int appendCaptured(String corpus, List<Exchange> exchanges);

  /** Streams a corpus in the order it was recorded; close the cursor when done. */
  ExchangeCursor read(String corpus);

  /** The named corpus, if it exists. */
  Optional<CorpusInfo> corpus(String name);

  /** Every corpus, by name. */
  List<CorpusInfo> corpora();

  /** Deletes a corpus, its exchanges and the record of its imports; false when there was none. */
  boolean deleteCorpus(String name);

  /**
   * The most recent import into {@code corpus} of a file whose bytes have this SHA-256, if any.
   *
   * @param sha256 lower-case hex
   */
  Optional<ImportRecord> findImport(String corpus, String sha256);

  /**
   * Remembers that a file was imported into a corpus (created when it does not exist yet), stamped
   * with the store's clock.
   *
   * @return the record as stored
   */
  ImportRecord recordImport(String corpus, String fileName, String sha256, long exchanges);

  /** Saves the outcome of a run and returns its id. */
  String saveRun(StoredRun run);

  /**
   * Replaces what is stored of a run that is still going on (a shadow saves its results as it
   * goes), keeping its id; false when there is no run with that id.
   */
  boolean updateRun(StoredRun run);

  /** A stored run by id. */
  Optional<StoredRun> run(String id);

  /** The most recent runs, newest first, without their report bodies. */
  List<StoredRun> recentRuns(int limit);

  /**
   * Creates or replaces a canary run's row, keeping a command an operator left on it.
   *
   * @throws dev.spotter.model.SpotterException when the store cannot be written
   */
  void saveCanary(StoredCanary canary);

  /** The canary run of that name, if any. */
  Optional<StoredCanary> canary(String name);

  /** Canary runs, the most recently updated first, at most {@code limit}. */
  List<StoredCanary> canaries(int limit);

  /**
   * Leaves {@code command} ({@code promote} or {@code abort}) on a canary run for its process to
   * act on, replacing one left before.
   *
   * @return false when there is no run of that name
   */
  boolean leaveCanaryCommand(String name, String command);

  /** Takes (and clears) the command left on a canary run, if any. */
  Optional<String> takeCanaryCommand(String name);

  /** Saves a new post-mortem (its version is 1); returns its id. */
  long saveIncident(StoredIncident incident);

  /**
   * Replaces a post-mortem if it is still at {@code expectedVersion}; its version then rises by
   * one.
   *
   * @return false when someone else edited it meanwhile (or it does not exist): nothing changed
   */
  boolean updateIncident(StoredIncident incident, long expectedVersion);

  Optional<StoredIncident> incident(long id);

  /** Every post-mortem, the most recently started first. */
  List<StoredIncident> incidents();

  /** Saves a new guard; returns its id. */
  long addGuard(StoredGuard guard);

  /** Guards, oldest first; only the active ones when {@code activeOnly}. */
  List<StoredGuard> guards(boolean activeOnly);

  /** Switches a guard on or off; false when there is none with that id. */
  boolean setGuardActive(long id, boolean active);

  /** Records a deployment; returns its id. */
  long recordDeployment(StoredDeployment deployment);

  /** Deployments made in [from, to), oldest first. */
  List<StoredDeployment> deployments(Instant from, Instant to);

  /** Adds a kudos entry; returns its id. */
  long addKudos(StoredKudos kudos);

  /** The latest kudos entries, newest first. */
  List<StoredKudos> kudos(int limit);

  /** Opens a distributed check for workers to find; its run row must already be saved. */
  void openCheckJob(StoredCheckJob job);

  /** The distributed check of that run, if any. */
  Optional<StoredCheckJob> checkJob(String runId);

  /** Distributed checks still open, oldest first. */
  List<StoredCheckJob> openCheckJobs();

  /**
   * Tells workers that the coordinator of an open distributed check is still at work on it: moves
   * its {@link StoredCheckJob#updatedAt()} to now. Workers leave a job whose coordinator has been
   * silent for long, instead of waiting for its repeats forever.
   *
   * @return false when there is no such job or it is no longer open
   */
  boolean touchCheckJob(String runId);

  /**
   * Moves an open distributed check to {@code state} ({@code finished} or {@code failed}).
   *
   * @return false when there is no such job or it was no longer open
   */
  boolean closeCheckJob(String runId, String state);

  /**
   * Stores what a worker replayed and how far it came, in one transaction: results whose exchange
   * id the run already holds are skipped, and a partition's progress only ever moves forward.
   *
   * @return how many results were new
   */
  int saveReplayResults(String runId, List<ReplayResult> results, List<PartitionProgress> progress);

  /** How far the workers of a run have come, by partition. */
  Map<Integer, Long> replayProgress(String runId);

  /** How many results a run holds. */
  long replayResultCount(String runId);

  /**
   * Hands every result of a run to {@code each}, by partition and offset, streamed rather than
   * loaded at once.
   */
  void forEachReplayResult(String runId, Consumer<ReplayResult> each);

  /**
   * Deletes a run's results and progress, and its repeat tasks with their answers, once its report
   * is written; returns the results and answers gone.
   */
  long deleteReplayResults(String runId);

  /**
   * Writes repeat tasks for the workers of an open distributed check to claim; tasks whose id the
   * run already holds are skipped, and nothing is written once the job is closed.
   *
   * @return how many tasks were new
   */
  int addRepeatTasks(String runId, List<RepeatTask> tasks);

  /**
   * Claims for {@code worker} at most {@code max} repeat tasks of a run, the first in task order
   * that nobody holds: never claimed, or claimed longer than {@code claimTimeout} ago and not
   * renewed since (its worker died). Safe with several workers claiming at once, in one process or
   * many: each task goes to one of them. Nothing is claimed once the job is closed.
   *
   * @return the tasks claimed, in task order, with their requests
   */
  List<RepeatTask> claimRepeatTasks(String runId, String worker, int max, Duration claimTimeout);

  /**
   * Renews the claims {@code worker} holds on these tasks, so that nobody takes them over while it
   * works on them.
   *
   * @return how many claims were renewed: fewer when a task was done or taken over meanwhile
   */
  int renewRepeatClaims(String runId, String worker, Collection<Long> taskIds);

  /**
   * Stores every answer of a repeat task and marks it done, in one transaction; a task already done
   * (by a worker that took it over) or of a closed job is left as it is and the answers dropped.
   *
   * @return whether the answers were stored
   */
  boolean completeRepeatTask(String runId, long taskId, String worker, List<RepeatAnswer> answers);

  /** How far the workers of a run have come with its repeat tasks. */
  RepeatProgress repeatProgress(String runId);

  /**
   * Deletes the repeat tasks of a run that are not done and that nobody holds (never claimed, or
   * whose claim is older than {@code claimTimeout}): asking again ran out of time.
   *
   * @return how many were withdrawn
   */
  int withdrawRepeatTasks(String runId, Duration claimTimeout);

  /**
   * Hands every stored answer of one round of a run's repeat tasks to {@code each}, by task and
   * ask, streamed rather than loaded at once.
   */
  void forEachRepeatAnswer(String runId, int round, Consumer<RepeatAnswer> each);

  @Override
  void close();
}
