package dev.starling.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests in {@code ops/deploy} against the node they deploy: the node's
 * configuration, resolved from the manifests' environment and configuration overlay exactly as a
 * pod would resolve it, must listen where the container ports and probes say, announce the cluster
 * address its seed nodes use, and know every variable the manifests set.
 */
class DeploymentManifestsTest {
  private static final Path DEPLOY = Path.of("..", "ops", "deploy");
  private static final Pattern K8S_REFERENCE = Pattern.compile("\\$\\(([A-Z_]+)\\)");
  private static final Pattern SEED =
      Pattern.compile("pekko://([a-z-]+)@([a-z0-9-]+)-(\\d+)\\.([a-z0-9-]+):(\\d+)");
  private static final Pattern CONFIG_FILE = Pattern.compile("-Dconfig\\.file=(\\S+)");

  private static List<JsonNode> base;
  private static JsonNode statefulSet;
  private static JsonNode container;
  private static Map<String, String> env;
  private static Config node;

  @BeforeAll
  static void resolveTheNodeAsAPodWould() {
    base = documents(DEPLOY.resolve("base"));
    statefulSet = only("StatefulSet", "starling");
    container = statefulSet.at("/spec/template/spec/containers/0");
    env = environment(container, "starling-0", "10.1.2.3");
    node = StarlingNode.configure(ConfigFactory.parseMap(env), overlay());
  }

  @Test
  void theKustomizationListsEveryManifestOfTheBaseAndNothingElse() {
    var kustomization = read(DEPLOY.resolve("base").resolve("kustomization.yaml")).get(0);
    var listed = new HashSet<String>();
    kustomization.get("resources").forEach(r -> listed.add(r.asText()));
    var present = new HashSet<String>();
    for (Path file : yamlFiles(DEPLOY.resolve("base"))) {
      if (!file.getFileName().toString().equals("kustomization.yaml")) {
        present.add(file.getFileName().toString());
      }
    }
    assertEquals(present, listed);
  }

  @Test
  void containerPortsAreWhereTheNodeListens() {
    var ports = namedPorts(container);
    assertEquals(node.getInt("starling.http.port"), ports.get("http"));
    assertEquals("0.0.0.0", node.getString("starling.http.interface"));
    assertEquals(node.getInt("pekko.remote.artery.canonical.port"), ports.get("remoting"));
    assertTrue(node.getBoolean("starling.management.enabled"), "management must be on");
    assertEquals(node.getInt("pekko.management.http.port"), ports.get("management"));
    // probes come from the kubelet on the pod's IP, so management must listen there
    assertEquals("10.1.2.3", node.getString("pekko.management.http.hostname"));
  }

  @Test
  void probesAskTheManagementRoutesOfThePort() {
    var ports = namedPorts(container);
    String alive = "/" + node.getString("pekko.management.health-checks.liveness-path");
    String ready = "/" + node.getString("pekko.management.health-checks.readiness-path");
    for (var probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
      var get = container.at("/" + probe + "/httpGet");
      assertFalse(get.isMissingNode(), probe + " must be an httpGet probe");
      assertTrue(ports.containsKey(get.get("port").asText()), probe + " names a container port");
      assertEquals("management", get.get("port").asText(), probe);
      assertEquals(probe.equals("readinessProbe") ? ready : alive, get.get("path").asText(), probe);
    }
  }

  @Test
  void everyPodAnnouncesTheNameItsSeedsUseAndTheSeedsArePodsOfTheSet() {
    var headless = only("Service", statefulSet.at("/spec/serviceName").asText());
    assertEquals("None", headless.at("/spec/clusterIP").asText());
    // a node is ready only after joining through these names, so they must resolve before that
    assertTrue(headless.at("/spec/publishNotReadyAddresses").asBoolean());
    assertEquals(
        "starling-0." + headless.at("/metadata/name").asText(),
        node.getString("pekko.remote.artery.canonical.hostname"));

    String[] seeds = node.getString("starling.cluster.seed-nodes").split(",");
    assertTrue(seeds.length >= 2, "two seed nodes, so one restarting still leaves a contact");
    int replicas = statefulSet.at("/spec/replicas").asInt();
    for (String seed : seeds) {
      Matcher m = SEED.matcher(seed.trim());
      assertTrue(m.matches(), seed);
      assertEquals("starling", m.group(1), "the actor system's name");
      assertEquals(statefulSet.at("/metadata/name").asText(), m.group(2));
      assertTrue(Integer.parseInt(m.group(3)) < replicas, seed + " is a pod of the set");
      assertEquals(headless.at("/metadata/name").asText(), m.group(4));
      assertEquals(node.getInt("pekko.remote.artery.canonical.port"), Integer.parseInt(m.group(5)));
    }
  }

  @Test
  void servicesAndTheDisruptionBudgetSelectTheNodes() {
    var labels = statefulSet.at("/spec/template/metadata/labels");
    assertEquals(statefulSet.at("/spec/selector/matchLabels"), labels);
    var ports = namedPorts(container);
    for (var service : ofKind("Service")) {
      assertEquals(labels, service.at("/spec/selector"), service.at("/metadata/name").asText());
      service
          .at("/spec/ports")
          .forEach(p -> assertTrue(ports.containsKey(p.get("targetPort").asText()), p.toString()));
    }
    var budget = only("PodDisruptionBudget", "starling");
    assertEquals(labels, budget.at("/spec/selector/matchLabels"));
    // keep-majority: a voluntary disruption must never take half of the nodes
    int unavailable = budget.at("/spec/maxUnavailable").asInt();
    assertTrue(unavailable >= 1 && unavailable * 2 < statefulSet.at("/spec/replicas").asInt());
    assertEquals(
        "keep-majority", node.getString("pekko.cluster.split-brain-resolver.active-strategy"));
  }

  @Test
  void theConfigurationOverlayIsTheFileTheNodeLoads() {
    Matcher m = CONFIG_FILE.matcher(env.get("JAVA_OPTS"));
    assertTrue(m.find(), "JAVA_OPTS names the overlay with -Dconfig.file");
    Path file = Path.of(m.group(1));
    String volume = null;
    for (var mount : container.get("volumeMounts")) {
      if (Path.of(mount.get("mountPath").asText()).equals(file.getParent())) {
        volume = mount.get("name").asText();
      }
    }
    assertTrue(volume != null, "the overlay's folder is a volume mount");
    String configMap = null;
    for (var v : statefulSet.at("/spec/template/spec/volumes")) {
      if (v.get("name").asText().equals(volume)) {
        configMap = v.at("/configMap/name").asText();
      }
    }
    var data = only("ConfigMap", configMap).get("data");
    assertTrue(data.has(file.getFileName().toString()), "the ConfigMap holds " + file);
    // the overlay's settings reach the node, and the environment still overrides them
    assertEquals(3, node.getInt("starling.cassandra.replication-factor"));
    assertEquals("LOCAL_QUORUM", node.getString("datastax-java-driver.basic.request.consistency"));
    var moved = new HashMap<>(env);
    moved.put("STARLING_CASSANDRA_CONTACT_POINT", "cassandra.elsewhere:9042");
    assertEquals(
        "cassandra.elsewhere:9042",
        StarlingNode.configure(ConfigFactory.parseMap(moved), overlay())
            .getString("starling.cassandra.contact-point"));
  }

  @Test
  void everyVariableTheManifestsSetIsOneTheNodeReads() {
    Set<String> known = knownVariables();
    var set = new ArrayList<String>();
    for (Path file : yamlFiles(DEPLOY)) {
      for (var doc : read(file)) {
        doc.findValues("env").forEach(list -> list.forEach(e -> set.add(e.get("name").asText())));
      }
    }
    assertFalse(set.isEmpty());
    for (String name : set) {
      if (name.startsWith("STARLING_")) {
        assertTrue(known.contains(name), name + " is read by no configuration file");
      }
    }
  }

  @Test
  void theExampleOverlayPatchesOnlyWhatTheBaseDefines() {
    Path overlay = DEPLOY.resolve("overlays").resolve("example");
    var kustomization = read(overlay.resolve("kustomization.yaml")).get(0);
    assertEquals("../../base", kustomization.at("/resources/0").asText());
    assertEquals(
        container.get("image").asText().split(":")[0], kustomization.at("/images/0/name").asText());
    for (var patch : kustomization.get("patches")) {
      for (var doc : read(overlay.resolve(patch.get("path").asText()))) {
        only(doc.get("kind").asText(), doc.at("/metadata/name").asText());
        doc.findValues("containers")
            .forEach(
                list ->
                    list.forEach(
                        c -> assertEquals(container.get("name"), c.get("name"), "container")));
      }
    }
  }

  /** The pod's environment with Kubernetes' {@code $(VAR)} references expanded. */
  private static Map<String, String> environment(JsonNode container, String pod, String ip) {
    var values = new LinkedHashMap<String, String>();
    for (var e : container.get("env")) {
      String name = e.get("name").asText();
      String field = e.at("/valueFrom/fieldRef/fieldPath").asText();
      if (e.has("value")) {
        Matcher m = K8S_REFERENCE.matcher(e.get("value").asText());
        values.put(name, m.replaceAll(r -> Matcher.quoteReplacement(values.get(r.group(1)))));
      } else if (field.equals("metadata.name")) {
        values.put(name, pod);
      } else if (field.equals("status.podIP")) {
        values.put(name, ip);
      } else {
        values.put(name, "from-" + e.at("/valueFrom").fieldNames().next());
      }
    }
    return values;
  }

  private static Config overlay() {
    String text = only("ConfigMap", "starling-config").at("/data/overrides.conf").asText();
    return ConfigFactory.parseString(text, ConfigParseOptions.defaults().setAllowMissing(false));
  }

  /** Every STARLING_* variable some configuration file of the node's modules reads. */
  private static Set<String> knownVariables() {
    var names = new HashSet<String>();
    var variable = Pattern.compile("\\$\\{\\?(STARLING_[A-Z0-9_]+)}");
    for (String module : List.of("cluster-config", "http-api", "read-projections", "write-model")) {
      Path resources = Path.of("..", module, "src", "main", "resources");
      try (Stream<Path> files = Files.walk(resources)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".conf")).toList()) {
          Matcher m = variable.matcher(Files.readString(file));
          while (m.find()) {
            names.add(m.group(1));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    // read by the node's Main and logback.xml rather than HOCON
    names.add("STARLING_LOG_FORMAT");
    return names;
  }

  private static Map<String, Integer> namedPorts(JsonNode container) {
    var ports = new HashMap<String, Integer>();
    container
        .get("ports")
        .forEach(p -> ports.put(p.get("name").asText(), p.get("containerPort").asInt()));
    return ports;
  }

  private static List<JsonNode> ofKind(String kind) {
    return base.stream().filter(d -> d.get("kind").asText().equals(kind)).toList();
  }

  private static JsonNode only(String kind, String name) {
    var found =
        ofKind(kind).stream().filter(d -> d.at("/metadata/name").asText().equals(name)).toList();
    assertEquals(1, found.size(), "one " + kind + " named " + name + " in the base");
    return found.get(0);
  }

  private static List<JsonNode> documents(Path folder) {
    var all = new ArrayList<JsonNode>();
    for (Path file : yamlFiles(folder)) {
      all.addAll(read(file));
    }
    return all;
  }

  private static List<Path> yamlFiles(Path folder) {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<JsonNode> read(Path file) {
    var mapper = new YAMLMapper();
    try (var parser = mapper.getFactory().createParser(file.toFile())) {
      var docs = new ArrayList<JsonNode>();
      mapper
          .readValues(parser, JsonNode.class)
          .forEachRemaining(
              d -> {
                if (d != null && !d.isNull() && !d.isEmpty()) {
                  docs.add(d);
                }
              });
      return docs;
    } catch (IOException e) {
      throw new UncheckedIOException(file + " is not valid YAML", e);
    }
  }
}
