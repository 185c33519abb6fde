package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testing.TestingConsole;
import io.sluice.testing.TestingConsole.Captured;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sluice serve checks its keys before it starts anything. */
class ServeCommandTest {
  @TempDir Path dir;

  @Test
  void aSourceWithoutApiKeysIsRefusedAtItsLineBeforeAnyServiceStarts() throws Exception {
    Path pipeline = dir.resolve("pipeline.yaml");
    Files.writeString(
        pipeline,
        """
        pipeline: events
        kafka: 127.0.0.1:1
        sources:
          clicks:
            type: http-ingest
            stream: clicks
            columns: { user: string }
          views:
            type: http-ingest
            stream: views
            columns: { user: string }
            api_keys: ["  "]
        datasets:
          bronze.clicks: { from: clicks }
          bronze.views: { from: views }
        """);
    Captured<Integer> served =
        TestingConsole.capture(() -> Main.execute("serve", pipeline.toString(), "--port", "0"));

    assertThat(served.result()).isEqualTo(Main.USAGE);
    assertThat(served.err())
        .isEqualTo(
            pipeline
                + ":4:3: error[E103]: Cannot serve source 'clicks': it has no api_keys (or only"
                + " blank ones), and 'sluice serve' accepts records only with a key\n"
                + "  hint: add api_keys: ['${env:SOME_KEY}'] to the source and set SOME_KEY in the"
                + " environment\n"
                + pipeline
                + ":8:3: error[E103]: Cannot serve source 'views': it has no api_keys (or only"
                + " blank ones), and 'sluice serve' accepts records only with a key\n"
                + "  hint: add api_keys: ['${env:SOME_KEY}'] to the source and set SOME_KEY in the"
                + " environment\n"
                + "2 errors found\n");
    assertThat(served.out()).doesNotContain("Started").doesNotContain("Serving");
  }
}
