package dev.spotter.capture;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotter.model.SpotterException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedactionKeyTest {
  @TempDir Path home;

  @Test
  void thePlaceholderOfAShortPasswordCannotBeFoundByHashingGuessesWithoutTheKey() throws Exception {
    RedactionKey key = RedactionKey.resolve(Map.of("XDG_CONFIG_HOME", home.toString()), "/none");
    Secrets one = new Secrets("[REDACTED]", key, true, List.of());
    String placeholder = one.placeholder("hunter2");
    String hash = placeholder.substring("[REDACTED:".length(), placeholder.length() - 1);
    // an attacker hashing a dictionary without the key never meets it
    for (String algorithm : new String[] {"SHA-256", "SHA-1", "MD5"}) {
      String unkeyed =
          HexFormat.of()
              .formatHex(MessageDigest.getInstance(algorithm).digest("hunter2".getBytes(UTF_8)));
      assertThat(unkeyed).as(algorithm).doesNotContain(hash);
    }
    // the same secret, the same placeholder within a run; another key, another placeholder
    assertThat(new Secrets("[REDACTED]", key, true, List.of()).placeholder("hunter2"))
        .isEqualTo(placeholder);
    Secrets otherKey =
        new Secrets(
            "[REDACTED]", new RedactionKey("x".repeat(32).getBytes(UTF_8), "t"), true, List.of());
    assertThat(otherKey.placeholder("hunter2")).isNotEqualTo(placeholder);
    assertThat(one.placeholder("hunter3")).isNotEqualTo(placeholder);
  }

  @Test
  void theEnvironmentVariableGivesTheKeyAndNoFileIsMade() {
    RedactionKey key =
        RedactionKey.resolve(
            Map.of(RedactionKey.ENV, "0123456789abcdef-env", "XDG_CONFIG_HOME", home.toString()),
            home.toString());
    assertThat(key.bytes()).isEqualTo("0123456789abcdef-env".getBytes(UTF_8));
    assertThat(key.source()).isEqualTo("$SPOTTER_REDACTION_KEY");
    assertThat(home.resolve("spotter")).doesNotExist();
    assertThat(key.toString()).doesNotContain("0123456789abcdef");
  }

  @Test
  void aKeyTooShortInTheEnvironmentIsRefusedSayingWhatToGive() {
    assertThatThrownBy(() -> RedactionKey.resolve(Map.of(RedactionKey.ENV, "short"), "/none"))
        .isInstanceOf(SpotterException.class)
        .hasMessageContaining("SPOTTER_REDACTION_KEY is too short")
        .hasMessageContaining("openssl rand -hex 32");
  }

  @Test
  void aKeyFileIsMadeReadableByItsOwnerOnlyAndReusedByTheNextRun() throws Exception {
    Map<String, String> env = Map.of("XDG_CONFIG_HOME", home.resolve("cfg").toString());
    RedactionKey first = RedactionKey.resolve(env, "/none");
    Path file = home.resolve("cfg/spotter/redaction.key");
    assertThat(first.source()).isEqualTo(file.toString());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
    assertThat(Files.readString(file).strip()).matches("[0-9a-f]{64}");
    assertThat(RedactionKey.resolve(env, "/none").bytes()).isEqualTo(first.bytes());
    try (var left = Files.list(file.getParent())) {
      assertThat(left).containsExactly(file); // no temporary file left behind
    }
  }

  @Test
  void withoutXdgConfigHomeTheKeyFileIsUnderDotConfigOfTheHome() {
    RedactionKey key = RedactionKey.resolve(Map.of(), home.toString());
    assertThat(Path.of(key.source())).isEqualTo(home.resolve(".config/spotter/redaction.key"));
    assertThat(home.resolve(".config/spotter/redaction.key")).exists();
  }

  @Test
  void aKeyFileThatHoldsNoKeyIsRefusedSayingWhichFile() throws Exception {
    Path file = home.resolve("spotter/redaction.key");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "not a key\n");
    assertThatThrownBy(
            () -> RedactionKey.resolve(Map.of("XDG_CONFIG_HOME", home.toString()), "/none"))
        .isInstanceOf(SpotterException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("does not hold a redaction key");
  }

  @Test
  void whenNoKeyFileCanBeMadeTheKeyIsThisProcesssOwn() throws Exception {
    Path notADirectory = home.resolve("blocked");
    Files.writeString(notADirectory, "a file where the config directory would be");
    RedactionKey key =
        RedactionKey.resolve(Map.of("XDG_CONFIG_HOME", notADirectory.toString()), "/none");
    assertThat(key).isSameAs(RedactionKey.perProcess());
  }
}
