package io.sluice.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlEntitiesTest {
  @Test
  void decodesNuforcStyleAndStandardReferences() {
    assertThat(HtmlEntities.decode("church&#44power lines")).isEqualTo("church,power lines");
    assertThat(HtmlEntities.decode("wasn&#39t it&#33")).isEqualTo("wasn't it!");
    assertThat(HtmlEntities.decode("2&#44000 feet")).isEqualTo("2,000 feet");
    assertThat(HtmlEntities.decode("wait&#8230; &#8220;what&#8221;"))
        .isEqualTo("wait\u2026 \u201cwhat\u201d");
    assertThat(HtmlEntities.decode("a &quot;cigar&quot; &amp; caf&eacute;"))
        .isEqualTo("a \"cigar\" & caf\u00e9");
  }

  @Test
  void leavesWhatIsNotAReferenceAlone() {
    assertThat(HtmlEntities.decode("AT&T & co &unknown; &#")).isEqualTo("AT&T & co &unknown; &#");
    assertThat(HtmlEntities.decode(null)).isNull();
    assertThat(HtmlEntities.decode("plain")).isEqualTo("plain");
  }
}
