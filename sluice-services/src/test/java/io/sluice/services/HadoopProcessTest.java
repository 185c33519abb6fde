package io.sluice.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HadoopProcessTest {
  @TempDir Path work;
  private final String before = System.getProperty(HadoopProcess.CLASSPATH_PROPERTY);

  @AfterEach
  void restore() {
    if (before == null) {
      System.clearProperty(HadoopProcess.CLASSPATH_PROPERTY);
    } else {
      System.setProperty(HadoopProcess.CLASSPATH_PROPERTY, before);
    }
  }

  @Test
  void aMissingClassPathFileIsAClearErrorThatSaysHowToBuildIt() {
    Path missing = work.resolve("hadoop-classpath.txt");
    System.setProperty(HadoopProcess.CLASSPATH_PROPERTY, missing.toString());
    assertThatThrownBy(HadoopProcess::hadoopClasspath)
        .isInstanceOf(ServiceStartException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("mvn install -pl sluice-dist -am");
  }

  @Test
  void theClassPathIsTheFilesContent() throws Exception {
    Path file = work.resolve("hadoop-classpath.txt");
    Files.writeString(file, "/a.jar:/b.jar\n");
    System.setProperty(HadoopProcess.CLASSPATH_PROPERTY, file.toString());
    assertThat(HadoopProcess.hadoopClasspath()).isEqualTo("/a.jar:/b.jar");
  }

  @Test
  void hadoopConfigurationFilesEscapeTheirValues() {
    assertThat(HadoopXml.of(Map.of("b", "x<y&z", "a", "1")))
        .isEqualTo(
            "<?xml version=\"1.0\"?>\n<configuration>\n"
                + "  <property><name>a</name><value>1</value></property>\n"
                + "  <property><name>b</name><value>x&lt;y&amp;z</value></property>\n"
                + "</configuration>\n");
  }
}
