package dev.spotter.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.report.JsonBodyRenderer.Highlight;
import dev.spotter.report.JsonBodyRenderer.Line;
import dev.spotter.report.JsonBodyRenderer.Mark;
import dev.spotter.report.JsonBodyRenderer.Rendered;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonBodyRendererTest {
  private static Rendered render(String json, Map<String, Highlight> highlights, int maxLines) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    return JsonBodyRenderer.render(bytes, bytes.length, highlights, maxLines);
  }

  private static List<String> text(Rendered r) {
    return r.lines().stream()
        .map(l -> "  ".repeat(l.depth()) + l.html().toString().replaceAll("<[^>]+>", ""))
        .toList();
  }

  @Test
  void prettyPrintsWithCommasWhereJsonPutsThem() {
    Rendered r = render("{\"a\":1,\"b\":[true,null,{}],\"c\":[],\"d\":\"x\"}", Map.of(), 100);

    assertThat(r.complete()).isTrue();
    assertThat(text(r))
        .containsExactly(
            "{",
            "  &quot;a&quot;: 1,",
            "  &quot;b&quot;: [",
            "    true,",
            "    null,",
            "    {}",
            "  ],",
            "  &quot;c&quot;: [],",
            "  &quot;d&quot;: &quot;x&quot;",
            "}");
  }

  @Test
  void marksTheLinesOfHighlightedPointersIncludingEscapedKeysAndArrayIndexes() {
    Highlight reg = new Highlight(Mark.REGRESSION, "r");
    Highlight noise = new Highlight(Mark.NOISE, "n");
    Rendered r =
        render(
            "{\"a/b\": 1, \"items\": [{\"q\": 1}, {\"q\": 2}], \"t~\": {\"x\": 0}}",
            Map.of(
                "/body/a~1b", reg, "/body/items/1/q", noise, "/body/t~0", reg, "/body/gone", reg),
            100);

    List<Line> lines = r.lines();
    assertThat(lines.get(1).highlight()).isEqualTo(reg);
    assertThat(lines.stream().filter(l -> l.highlight() == noise))
        .singleElement()
        .satisfies(l -> assertThat(l.html().toString()).contains(">2<"));
    // An object is marked on its opening and closing lines.
    assertThat(lines.stream().filter(l -> l.highlight() == reg)).hasSize(3);
    assertThat(r.shownPointers())
        .containsExactlyInAnyOrder("/body/a~1b", "/body/items/1/q", "/body/t~0");
  }

  @Test
  void aDocumentCutShortShowsEverythingUpToTheCut() {
    Rendered r = render("{\"a\": 1, \"b\": {\"c\": [1, 2", Map.of(), 100);

    assertThat(r.complete()).isFalse();
    assertThat(text(r))
        .containsExactly(
            "{",
            "  &quot;a&quot;: 1,",
            "  &quot;b&quot;: {",
            "    &quot;c&quot;: [",
            "      1,",
            "      2");
  }

  @Test
  void stopsAtTheLineLimit() {
    Rendered r = render("[1,2,3,4,5,6,7,8,9]", Map.of(), 4);

    assertThat(r.lineLimitReached()).isTrue();
    assertThat(r.lines()).hasSize(4);
  }

  @Test
  void textThatIsNotOneJsonDocumentIsNotComplete() {
    assertThat(render("{\"a\":1} {\"b\":2}", Map.of(), 100).complete()).isFalse();
    assertThat(render("<html>", Map.of(), 100).lines()).isEmpty();
  }

  @Test
  void longStringsAreCutAndControlCharactersShownEscaped() {
    String html = JsonBodyRenderer.string("x".repeat(2500));
    assertThat(html).contains("500 more characters not shown");
    assertThat(JsonBodyRenderer.string("a\"b\\c\nd\u0001<"))
        .isEqualTo("&quot;a\\&quot;b\\\\c\\nd\\u0001&lt;&quot;");
  }
}
