package io.sluice.cli;

import io.sluice.core.plan.Plan;
import io.sluice.spec.EngineSettings;
import io.sluice.spec.FormatOptions;
import io.sluice.spec.ScheduleSpec;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The Kubernetes objects that run a pipeline with spark-submit's native Kubernetes mode: a service
 * account for the driver with the role it needs to start executor pods, and a Job (a CronJob when
 * the pipeline has a schedule) whose pod runs {@code spark-submit --deploy-mode cluster} from the
 * image: the driver then runs in its own pod, {@code sluice run} on the pipeline file in the image,
 * and reports to the profile's run store. Sluice's jars are in the image under {@value #JARS}.
 */
final class K8sManifests {
  /** Where the image keeps Sluice's jars, and the pipeline files. */
  static final String JARS = "/opt/sluice/jars";

  static final String PIPELINES = "/opt/sluice/pipelines";

  /** Spark's official image: spark-submit at /opt/spark/bin, user spark (uid 185). */
  static final String BASE_IMAGE = "apache/spark:4.1.0-scala2.13-java17-ubuntu";

  private final Plan plan;
  private final String image;
  private final String namespace;
  private final List<String> jarNames;

  K8sManifests(Plan plan, String image, String namespace, List<String> jarNames) {
    this.plan = plan;
    this.image = image;
    this.namespace = namespace;
    this.jarNames = List.copyOf(jarNames);
    String master = plan.spec().settings().sparkMaster();
    if (!master.startsWith("k8s://")) {
      refuse(
          ": its Spark master is '"
              + master
              + "'; export a profile whose spark: master is"
              + " k8s://https://kubernetes.default.svc (the API server as pods see it)");
    }
    String runStore = plan.spec().settings().runStore();
    if (!runStore.startsWith("jdbc:postgresql:")) {
      refuse(
          " with the run store '"
              + runStore
              + "': its driver runs in a pod, whose files go with it; set run_store:"
              + " jdbc:postgresql://... in the profile so that `sluice runs` and the console"
              + " see its runs");
    }
  }

  private void refuse(String why) {
    throw new SluiceException(
        ErrorCode.INVALID_VALUE,
        "Cannot export "
            + plan.spec().name()
            + " (profile "
            + plan.spec().profile()
            + ") for Kubernetes"
            + why);
  }

  /** The object name: {@code sluice-} and the pipeline's name as a DNS label. */
  String name() {
    String label =
        ("sluice-" + plan.spec().name())
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9-]+", "-")
            .replaceAll("-+", "-")
            .replaceAll("^-|-$", "");
    return label.length() > 52 ? label.substring(0, 52).replaceAll("-$", "") : label;
  }

  /** ServiceAccount, Role, RoleBinding, Job or CronJob, in that order. */
  List<Map<String, Object>> objects() {
    List<Map<String, Object>> objects = new ArrayList<>();
    objects.add(object("v1", "ServiceAccount", Map.of()));
    Map<String, Object> rules = new LinkedHashMap<>();
    rules.put(
        "rules",
        List.of(
            map(
                "apiGroups",
                List.of(""),
                "resources",
                List.of("pods", "services", "configmaps", "persistentvolumeclaims"),
                "verbs",
                List.of(
                    "create",
                    "get",
                    "list",
                    "watch",
                    "update",
                    "patch",
                    "delete",
                    "deletecollection"))));
    objects.add(object("rbac.authorization.k8s.io/v1", "Role", rules));
    Map<String, Object> binding = new LinkedHashMap<>();
    binding.put(
        "subjects", List.of(map("kind", "ServiceAccount", "name", name(), "namespace", namespace)));
    binding.put(
        "roleRef", map("apiGroup", "rbac.authorization.k8s.io", "kind", "Role", "name", name()));
    objects.add(object("rbac.authorization.k8s.io/v1", "RoleBinding", binding));
    Optional<ScheduleSpec> schedule = plan.spec().schedule();
    Map<String, Object> job = map("backoffLimit", 0, "ttlSecondsAfterFinished", 86_400);
    job.put("template", map("metadata", map("labels", labels()), "spec", podSpec()));
    if (schedule.isPresent()) {
      Map<String, Object> spec = new LinkedHashMap<>();
      spec.put("schedule", schedule.get().cron());
      spec.put("timeZone", schedule.get().timezone().getId());
      spec.put("concurrencyPolicy", schedule.get().maxActiveRuns() <= 1 ? "Forbid" : "Allow");
      spec.put("jobTemplate", map("spec", job));
      objects.add(object("batch/v1", "CronJob", map("spec", spec)));
    } else {
      objects.add(object("batch/v1", "Job", map("spec", job)));
    }
    return objects;
  }

  private Map<String, Object> podSpec() {
    Map<String, Object> container = new LinkedHashMap<>();
    container.put("name", "spark-submit");
    container.put("image", image);
    container.put("command", List.of("/opt/spark/bin/spark-submit"));
    container.put("args", submitArgs());
    container.put(
        "resources",
        map("requests", map("cpu", "100m", "memory", "512Mi"), "limits", map("memory", "1Gi")));
    Map<String, Object> pod = new LinkedHashMap<>();
    pod.put("serviceAccountName", name());
    pod.put("restartPolicy", "Never");
    pod.put("containers", List.of(container));
    return pod;
  }

  /** spark-submit's arguments: cluster mode, the image for the driver and executors, the jars. */
  List<String> submitArgs() {
    EngineSettings settings = plan.spec().settings();
    Map<String, String> conf = new LinkedHashMap<>(settings.sparkConf());
    conf.put(FormatOptions.DEPLOY_MODE_PROPERTY, EngineSettings.CLUSTER_DEPLOY_MODE);
    conf.remove(FormatOptions.PACKAGE_PROPERTY); // the jars are in the image
    conf.put("spark.kubernetes.container.image", image);
    conf.put("spark.kubernetes.namespace", namespace);
    conf.put("spark.kubernetes.authenticate.driver.serviceAccountName", name());
    conf.put("spark.kubernetes.driver.label.app.kubernetes.io/name", name());
    conf.put("spark.kubernetes.executor.label.app.kubernetes.io/name", name());
    List<String> urls = new ArrayList<>();
    jarNames.forEach(jar -> urls.add("local://" + JARS + "/" + jar));
    String file = String.valueOf(plan.spec().file().getFileName());
    return SubmitArgs.of(
        settings.withSparkConf(conf),
        "sluice-" + plan.spec().name(),
        urls,
        SubmitArgs.jvmFlags(),
        List.of("run", PIPELINES + "/" + file, "--driver", "--profile", plan.spec().profile()));
  }

  /** The Dockerfile of the image, built in the folder `sluice package` wrote. */
  String dockerfile() {
    String file = String.valueOf(plan.spec().file().getFileName());
    return String.join(
        "\n",
        "# The image of " + plan.spec().name() + " on Kubernetes: Spark 4.1 and Sluice's jars.",
        "# Build it in the folder `sluice package` wrote (jars/ and the pipeline file):",
        "#   sluice package " + file + " -o DIR && sluice export k8s " + file + " -o DIR",
        "#   docker build -t " + image + " DIR && docker push " + image,
        "FROM " + BASE_IMAGE,
        "USER root",
        "COPY jars/ " + JARS + "/",
        "COPY " + file + " " + PIPELINES + "/" + file,
        "USER spark",
        "");
  }

  private Map<String, Object> object(String apiVersion, String kind, Map<String, Object> body) {
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("apiVersion", apiVersion);
    object.put("kind", kind);
    object.put("metadata", map("name", name(), "namespace", namespace, "labels", labels()));
    object.putAll(body);
    return object;
  }

  private Map<String, Object> labels() {
    return map("app.kubernetes.io/name", name(), "app.kubernetes.io/managed-by", "sluice");
  }

  /** An ordered map of key, value, key, value ... */
  static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
