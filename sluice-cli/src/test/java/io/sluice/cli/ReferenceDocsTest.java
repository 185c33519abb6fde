package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.ConnectorRegistry;
import io.sluice.core.docs.ReferenceDocs;
import io.sluice.testing.RepositoryFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * docs/reference.md is generated from the option constants; this keeps the committed copy current.
 */
class ReferenceDocsTest {
  @Test
  void committedReferenceMatchesTheOptions() throws Exception {
    String committed =
        Files.readString(RepositoryFiles.resolve("docs/reference.md"), StandardCharsets.UTF_8);
    assertThat(committed)
        .as("docs/reference.md is stale: run ./sluice docs -o docs/reference.md")
        .isEqualTo(ReferenceDocs.generate(ConnectorRegistry.load()));
  }
}
