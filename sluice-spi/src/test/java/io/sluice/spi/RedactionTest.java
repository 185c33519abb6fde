package io.sluice.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RedactionTest {
  @AfterEach
  void forget() {
    Redaction.clear();
  }

  @Test
  void aRegisteredSecretIsMaskedInClearAndInBase64AndShortValuesAreLeftAlone() {
    assertThat(Redaction.scrub("nothing known")).isEqualTo("nothing known");
    Redaction.register("s3cret-value!");
    Redaction.register("abc"); // too short to be a secret worth masking ordinary words for
    String basic =
        Base64.getEncoder().encodeToString("s3cret-value!".getBytes(StandardCharsets.UTF_8));
    assertThat(
            Redaction.scrub(
                "jdbc:postgresql://h/db?password=s3cret-value! then Authorization: Basic " + basic))
        .isEqualTo("jdbc:postgresql://h/db?password=**** then Authorization: Basic ****");
    assertThat(Redaction.scrub("abc abc")).isEqualTo("abc abc");
    String urlSafe =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("s3cret-value!".getBytes(StandardCharsets.UTF_8));
    assertThat(Redaction.scrub("token=" + urlSafe)).isEqualTo("token=****");
  }

  @Test
  void theLongerOfTwoOverlappingSecretsIsMaskedWhole() {
    Redaction.register("hunter2-long-password");
    Redaction.register("hunter2");
    assertThat(Redaction.scrub("pw hunter2-long-password and hunter2"))
        .isEqualTo("pw **** and ****");
  }
}
