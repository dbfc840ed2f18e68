package dev.spotter.store;

/**
 * What a worker got back for one ask of a {@link RepeatTask}. Stored at most once per exchange id,
 * and only with all the other answers of its task.
 *
 * @param exchangeId the repeated exchange's id with {@code ~r<round>.<ask>} appended
 * @param taskId the task it answers
 * @param ask which ask of the task, from 1
 * @param worker which worker sent it
 * @param resultJson the three answers, as the worker encoded them
 */
public record RepeatAnswer(
    String exchangeId, long taskId, int ask, String worker, String resultJson) {}
