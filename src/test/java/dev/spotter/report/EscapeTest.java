package dev.spotter.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EscapeTest {
  @Test
  void htmlTurnsMarkupIntoReferencesAndShowsInvisibleCharacters() {
    assertThat(Escape.html("<a href=\"x\" title='y'>&</a>"))
        .isEqualTo("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
    assertThat(Escape.html("a\u0000b\u001bc\u202ed\tx\ny"))
        .isEqualTo("a\\u0000b\\u001bc\\u202ed\tx\ny");
  }

  @Test
  void loneSurrogatesBecomeReplacementCharactersAndPairsSurvive() {
    assertThat(Escape.clean("a\uD800b\uDC00c😀")).isEqualTo("a\uFFFDb\uFFFDc😀");
    assertThat(Escape.clean("😀\uD83D")).isEqualTo("😀\uFFFD");
    assertThat(Escape.clean(null)).isEmpty();
  }

  @Test
  void xmlCarriesNoCharacterXmlForbids() {
    assertThat(Escape.xml("a\u0000b\u0008c\uFFFEd<&>\"'"))
        .isEqualTo("a\\u0000b\\u0008c\\ufffed&lt;&amp;&gt;&quot;&apos;");
    assertThat(Escape.xml("line\nnext\ttab")).isEqualTo("line&#10;next&#9;tab");
    assertThat(Escape.xmlText("line\nnext \"q\"")).isEqualTo("line\nnext \"q\"");
  }

  @Test
  void markdownTextCannotStartMarkupOrSplitACell() {
    assertThat(Escape.markdown("a|b *c* <d> [e](f) `g`\nh"))
        .isEqualTo("a\\|b \\*c\\* \\<d\\> \\[e\\](f) \\`g\\` h");
  }

  @Test
  void markdownCodeUsesALongerFenceThanAnyBacktickRunInside() {
    assertThat(Escape.markdownCode("GET /a")).isEqualTo("`GET /a`");
    assertThat(Escape.markdownCode("a``b")).isEqualTo("```a``b```");
    assertThat(Escape.markdownCode("`x`")).isEqualTo("`` `x` ``");
    assertThat(Escape.markdownCode("p|q")).isEqualTo("`p\\|q`");
  }

  @Test
  void pointerTokensEscapeTildeBeforeSlash() {
    assertThat(Escape.pointerToken("a/b~c")).isEqualTo("a~1b~0c");
    assertThat(Escape.pointerToken("~1")).isEqualTo("~01");
  }
}
