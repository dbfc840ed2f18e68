package dev.spotter.canary;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs {@link Hook}s and says whether the run may go on, and why not. */
final class HookRunner {
  /** What a hook is told. */
  record Call(
      String event,
      String name,
      int step,
      double percent,
      String baseline,
      String canary,
      String reason) {}

  /** Whether the run may go on, with a line saying what the hook answered. */
  record Result(boolean proceed, String detail) {}

  private static final int DETAIL_CHARS = 300;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  Result run(Hook hook, Call call) {
    try {
      if (hook instanceof Hook.Command c) {
        return command(c, call);
      }
      return webhook((Hook.Webhook) hook, call);
    } catch (IOException e) {
      return new Result(
          false, "could not run: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(false, "interrupted");
    }
  }

  private Result command(Hook.Command hook, Call call) throws IOException, InterruptedException {
    Path output = Files.createTempFile("spotter-hook", ".log");
    try {
      ProcessBuilder pb =
          new ProcessBuilder("sh", "-c", hook.commandLine())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile());
      Map<String, String> env = pb.environment();
      env.put("SPOTTER_CANARY_EVENT", call.event());
      env.put("SPOTTER_CANARY_NAME", call.name());
      env.put("SPOTTER_CANARY_STEP", Integer.toString(call.step()));
      env.put("SPOTTER_CANARY_PERCENT", CanaryPlan.percentText(call.percent()));
      env.put("SPOTTER_CANARY_BASELINE", call.baseline());
      env.put("SPOTTER_CANARY_CANARY", call.canary());
      env.put("SPOTTER_CANARY_REASON", call.reason() == null ? "" : call.reason());
      Process p = pb.start();
      if (!p.waitFor(hook.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        return new Result(false, "did not finish within " + human(hook) + " and was killed");
      }
      String said = tail(lastBytes(output));
      int status = p.exitValue();
      return new Result(status == 0, "exited with " + status + (said.isEmpty() ? "" : ": " + said));
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private Result webhook(Hook.Webhook hook, Call call) throws IOException, InterruptedException {
    ObjectNode body = JSON.createObjectNode();
    body.put("event", call.event());
    body.put("name", call.name());
    body.put("step", call.step());
    body.put("percent", call.percent());
    body.put("baseline", call.baseline());
    body.put("canary", call.canary());
    body.put("reason", call.reason());
    HttpRequest request =
        HttpRequest.newBuilder(hook.url())
            .timeout(hook.timeout())
            .header("Content-Type", "application/json")
            .header("User-Agent", "spotter-canary")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
            .build();
    // the request's own timeout covers the answer's head only: a body that stalls must not hold
    // the run, so the whole exchange is bounded here
    CompletableFuture<HttpResponse<String>> pending =
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> response;
    try {
      response = pending.get(hook.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      pending.cancel(true);
      return new Result(false, "gave no complete answer within " + human(hook));
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      return new Result(
          false,
          "could not be reached: "
              + (cause.getMessage() != null ? cause.getMessage() : cause.toString()));
    }
    int status = response.statusCode();
    String said = tail(response.body());
    return new Result(
        status >= 200 && status < 300,
        "answered HTTP " + status + (said.isEmpty() ? "" : ": " + said));
  }

  private static String human(Hook hook) {
    long ms = hook.timeout().toMillis();
    return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
  }

  /** The end of a command's output: what it said last is what explains its exit status. */
  private static String lastBytes(Path file) throws IOException {
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "r")) {
      long from = Math.max(0, f.length() - 4 * DETAIL_CHARS);
      byte[] bytes = new byte[(int) (f.length() - from)];
      f.seek(from);
      f.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private static String tail(String text) {
    String t = text == null ? "" : text.strip().replaceAll("\\s+", " ");
    return t.length() <= DETAIL_CHARS ? t : "..." + t.substring(t.length() - DETAIL_CHARS);
  }
}
