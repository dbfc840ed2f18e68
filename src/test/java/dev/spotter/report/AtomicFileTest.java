package dev.spotter.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spotter.model.SpotterException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
  @TempDir Path tmp;

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void writesWhatTheContentWritesAndReplacesTheOldFile() throws Exception {
    Path target = Files.writeString(tmp.resolve("traffic.har"), "old");

    Path written = AtomicFile.write(target, out -> out.write(utf8("new ✓")));

    assertThat(written).isEqualTo(target);
    assertThat(target).hasContent("new ✓");
    assertOnlyFileIs(target);
  }

  @Test
  void anUncheckedIoExceptionHalfwayIsAWriteFailureAndLeavesTheOldFileAlone() throws Exception {
    Path target = Files.writeString(tmp.resolve("report.html"), "the good report");

    assertThatThrownBy(
            () ->
                AtomicFile.write(
                    target,
                    out -> {
                      out.write(utf8("half a rep"));
                      throw new UncheckedIOException(new IOException("No space left on device"));
                    }))
        .isInstanceOfSatisfying(
            SpotterException.class,
            e -> {
              assertThat(e.code()).isEqualTo("report.write_failed");
              assertThat(e.getCause()).isInstanceOf(IOException.class);
            })
        .hasMessage("cannot write " + target + ": No space left on device");

    assertThat(target).hasContent("the good report");
    assertOnlyFileIs(target);
  }

  @Test
  void anIoExceptionFromTheContentIsAWriteFailureAndLeavesNoFile() throws Exception {
    Path target = tmp.resolve("export.jsonl");

    assertThatThrownBy(
            () ->
                AtomicFile.write(
                    target,
                    out -> {
                      out.write(utf8("{\"partial\": "));
                      throw new IOException("store closed");
                    }))
        .isInstanceOfSatisfying(
            SpotterException.class, e -> assertThat(e.code()).isEqualTo("report.write_failed"))
        .hasMessage("cannot write " + target + ": store closed");

    assertThat(target).doesNotExist();
    try (Stream<Path> left = Files.list(tmp)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void contentThatClosesTheStreamIsStillWrittenWhole() throws Exception {
    Path target = tmp.resolve("closed.txt");

    AtomicFile.write(
        target,
        out -> {
          try (out) {
            out.write(utf8("all of it"));
          }
        });

    assertThat(target).hasContent("all of it");
  }

  @Test
  void aMissingDirectoryIsNamed() {
    Path target = tmp.resolve("no/such/dir/report.json");

    assertThatThrownBy(() -> AtomicFile.write(target, out -> out.write(1)))
        .isInstanceOfSatisfying(
            SpotterException.class, e -> assertThat(e.code()).isEqualTo("report.write_failed"))
        .hasMessage(
            "cannot write " + target + ": the directory " + target.getParent() + " does not exist");
  }

  @Test
  void aDirectoryWhereTheFileShouldBeIsNamed() throws Exception {
    Path target = Files.createDirectory(tmp.resolve("report.json"));

    assertThatThrownBy(() -> AtomicFile.write(target, out -> out.write(1)))
        .isInstanceOf(SpotterException.class)
        .hasMessage("cannot write " + target + ": it is a directory");
  }

  @Test
  void aNewFileAndAReplacedOneAreReadableByTheirOwnerOnly() throws Exception {
    Path fresh = AtomicFile.write(tmp.resolve("fresh.txt"), out -> out.write(1));
    Path wide = Files.writeString(tmp.resolve("wide.txt"), "x");
    Files.setPosixFilePermissions(wide, PosixFilePermissions.fromString("rw-rw-r--"));

    AtomicFile.write(wide, out -> out.write(2));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(wide)))
        .isEqualTo("rw-------");
  }

  @Test
  void textIsWrittenAsUtf8WithCharactersItCannotHoldReplaced() throws Exception {
    Path target = tmp.resolve("summary.md");

    AtomicFile.writeText(
        target,
        w -> {
          try {
            w.write("é and a lone \uD800 surrogate");
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });

    assertThat(Files.readString(target)).isEqualTo("é and a lone ? surrogate");
  }

  private void assertOnlyFileIs(Path target) throws IOException {
    try (Stream<Path> left = Files.list(tmp)) {
      assertThat(left).containsExactly(target);
    }
  }
}
