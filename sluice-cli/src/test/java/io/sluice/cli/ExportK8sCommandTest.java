package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.sluice.testing.TestingConsole;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code sluice export k8s}: the manifests validate against Kubernetes' published JSON schemas
 * (fabric8's schema/validation-schema.json of the core, batch and rbac APIs), made strict: a key
 * the API does not define fails, as kubectl's server-side validation would.
 */
class ExportK8sCommandTest {
  @TempDir Path dir;

  private static final String PIPELINE =
      """
      pipeline: Segment Events
      lake: ./lake
      SCHEDULE
      profiles:
        k8s:
          lake: s3a://bucket/lake
          catalog: jdbc
          catalog_uri: jdbc:postgresql://catalog:5432/lake
          run_store: jdbc:postgresql://runs:5432/sluice
          spark:
            master: k8s://https://kubernetes.default.svc
            conf: { spark.executor.instances: "4", spark.executor.memory: 4g }
      sources:
        raw: { type: file, path: s3a://bucket/in.csv, columns: { id: long } }
      datasets:
        bronze.events: { from: raw }
      """;

  private List<Map<String, Object>> export(String schedule) throws Exception {
    Path file = dir.resolve("segment.yaml");
    Files.writeString(file, PIPELINE.replace("SCHEDULE", schedule));
    Path out = dir.resolve("k8s");
    TestingConsole.Captured<Integer> run =
        TestingConsole.capture(
            () ->
                Main.execute(
                    "export",
                    "k8s",
                    file.toString(),
                    "--profile",
                    "k8s",
                    "-o",
                    out.toString(),
                    "--image",
                    "registry.example.com/segment:1.0",
                    "--namespace",
                    "data"));
    assertThat(run.result()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("sluice-segment-events.yaml (ServiceAccount, Role, RoleBinding");
    assertThat(Files.readString(out.resolve("Dockerfile")))
        .contains("FROM apache/spark:4.1.0-scala2.13-java17-ubuntu")
        .contains("COPY jars/ /opt/sluice/jars/")
        .contains("COPY segment.yaml /opt/sluice/pipelines/segment.yaml");
    List<Map<String, Object>> objects = new ArrayList<>();
    for (Object doc :
        new Yaml().loadAll(Files.readString(out.resolve("sluice-segment-events.yaml")))) {
      @SuppressWarnings("unchecked")
      Map<String, Object> object = (Map<String, Object>) doc;
      objects.add(object);
    }
    return objects;
  }

  @Test
  void aJobThatSubmitsInClusterModeValidatesAgainstKubernetesSchemas() throws Exception {
    List<Map<String, Object>> objects = export("");
    assertThat(objects)
        .extracting(o -> o.get("kind"))
        .containsExactly("ServiceAccount", "Role", "RoleBinding", "Job");
    for (Map<String, Object> object : objects) {
      assertThat(errors(object)).as(object.get("kind") + ": " + object).isEmpty();
    }
    JsonNode job = MAPPER.valueToTree(objects.get(3));
    JsonNode pod = job.at("/spec/template/spec");
    assertThat(pod.get("serviceAccountName").asText()).isEqualTo("sluice-segment-events");
    List<String> args = new ArrayList<>();
    pod.at("/containers/0/args").forEach(a -> args.add(a.asText()));
    assertThat(args)
        .containsSequence("--master", "k8s://https://kubernetes.default.svc")
        .containsSequence("--deploy-mode", "cluster")
        .contains("spark.kubernetes.container.image=registry.example.com/segment:1.0")
        .contains("spark.kubernetes.namespace=data")
        .contains("spark.executor.instances=4")
        .containsSequence(
            "run", "/opt/sluice/pipelines/segment.yaml", "--driver", "--profile", "k8s");
    // the application jar (the CLI's) and the others, from the image
    String jars = args.get(args.indexOf("--jars") + 1);
    assertThat(jars.split(",")).allMatch(j -> j.startsWith("local:///opt/sluice/jars/"));
    assertThat(args.get(args.indexOf("run") - 1)).startsWith("local:///opt/sluice/jars/sluice-cli");
  }

  @Test
  void aScheduledPipelineBecomesACronJobWithItsCronAndTimeZone() throws Exception {
    List<Map<String, Object>> objects =
        export("schedule: { cron: '0 3 * * *', timezone: Asia/Seoul, start_date: 2026-01-01 }");
    Map<String, Object> cron = objects.get(3);
    assertThat(cron.get("kind")).isEqualTo("CronJob");
    assertThat(errors(cron)).isEmpty();
    JsonNode spec = MAPPER.valueToTree(cron).get("spec");
    assertThat(spec.get("schedule").asText()).isEqualTo("0 3 * * *");
    assertThat(spec.get("timeZone").asText()).isEqualTo("Asia/Seoul");
    assertThat(spec.at("/jobTemplate/spec/template/spec/restartPolicy").asText())
        .isEqualTo("Never");
  }

  @Test
  void theValidationCatchesAKeyTheApiDoesNotDefine() throws Exception {
    Map<String, Object> job = export("").get(3);
    ObjectNode broken = MAPPER.valueToTree(job);
    ((ObjectNode) broken.at("/spec/template/spec")).put("restartPolicyy", "Never");
    ((ObjectNode) broken.at("/spec")).put("backoffLimit", "none");
    @SuppressWarnings("unchecked")
    Map<String, Object> changed = MAPPER.convertValue(broken, Map.class);
    List<String> errors = errors(changed);
    assertThat(errors)
        .anyMatch(m -> m.contains("restartPolicyy"))
        .anyMatch(m -> m.contains("backoffLimit"));
  }

  @Test
  void aProfileThatIsNotKubernetesIsRefused() throws Exception {
    Path file = dir.resolve("segment.yaml");
    Files.writeString(file, PIPELINE.replace("SCHEDULE", ""));
    TestingConsole.Captured<Integer> run =
        TestingConsole.capture(() -> Main.execute("export", "k8s", file.toString()));
    assertThat(run.result()).isEqualTo(Main.USAGE);
    assertThat(run.err())
        .contains("Cannot export Segment Events (profile local) for Kubernetes: its Spark master")
        .contains("k8s://https://kubernetes.default.svc")
        .doesNotContain("at io.sluice");
    Path local = dir.resolve("local-runs.yaml");
    Files.writeString(
        local,
        PIPELINE
            .replace("SCHEDULE", "")
            .replace("run_store: jdbc:postgresql://runs:5432/sluice", ""));
    TestingConsole.Captured<Integer> h2 =
        TestingConsole.capture(
            () -> Main.execute("export", "k8s", local.toString(), "--profile", "k8s"));
    assertThat(h2.result()).isEqualTo(Main.USAGE);
    assertThat(h2.err()).contains("with the run store 'jdbc:h2:file:./.sluice/runs'");
  }

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The schema validation messages of {@code object} (none when it is valid). */
  private static List<String> errors(Map<String, Object> object) throws IOException {
    String kind = String.valueOf(object.get("kind"));
    String module =
        switch (kind) {
          case "ServiceAccount" -> "kubernetes-model-core";
          case "Role", "RoleBinding" -> "kubernetes-model-rbac";
          default -> "kubernetes-model-batch";
        };
    String definition =
        switch (kind) {
          case "ServiceAccount" -> "kubernetes_core_ServiceAccount";
          case "Role", "RoleBinding" -> "kubernetes_rbac_v1_" + kind;
          default -> "kubernetes_batch_v1_" + kind;
        };
    ObjectNode schema = strict(schemaOf(module));
    schema.put("$ref", "#/definitions/" + definition);
    schema.remove("properties");
    schema.remove("additionalProperties");
    schema.remove("type");
    schema.remove(List.of("id", "$module", "resources")); // draft-04 leftovers and fabric8's
    JsonSchema validator =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schema);
    Set<ValidationMessage> messages = validator.validate(MAPPER.valueToTree(object));
    return messages.stream().map(ValidationMessage::getMessage).sorted().toList();
  }

  private static ObjectNode schemaOf(String module) throws IOException {
    for (URL url :
        Collections.list(
            ExportK8sCommandTest.class
                .getClassLoader()
                .getResources("schema/validation-schema.json"))) {
      if (url.toString().contains(module + "-")) {
        try (InputStream in = url.openStream()) {
          return (ObjectNode) MAPPER.readTree(in);
        }
      }
    }
    throw new AssertionError("no schema/validation-schema.json in " + module);
  }

  /**
   * The published schema, strict: objects with declared properties take no others, and a resource
   * quantity is the string Kubernetes' OpenAPI defines (fabric8 models it as a class).
   */
  private static ObjectNode strict(ObjectNode schema) {
    ObjectNode definitions = (ObjectNode) schema.get("definitions");
    for (Map.Entry<String, JsonNode> entry : definitions.properties()) {
      ObjectNode definition = (ObjectNode) entry.getValue();
      if (definition.has("properties")
          && (!definition.has("additionalProperties")
              || definition.get("additionalProperties").isBoolean())) {
        definition.put("additionalProperties", false);
      }
    }
    ObjectNode quantity = MAPPER.createObjectNode();
    quantity.putArray("type").add("string").add("number");
    definitions.set("k8s_io_apimachinery_pkg_api_resource_Quantity", quantity);
    return schema;
  }
}
