package io.vigil.deploy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Renders a kustomization the way {@code kustomize build} does, for the subset Vigil's manifests
 * use: {@code resources} (files and directories), {@code namespace}, {@code images} and JSON 6902
 * {@code patches} with a target. Anything outside that subset is refused rather than ignored, so a
 * manifest can never mean one thing to kustomize and another to the tests.
 */
final class Kustomize {

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static final Set<String> KNOWN_FIELDS =
      Set.of("apiVersion", "kind", "resources", "namespace", "images", "patches");
  private static final Set<String> TARGET_FIELDS = Set.of("group", "version", "kind", "name");
  private static final Set<String> CLUSTER_SCOPED =
      Set.of("Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition");

  private Kustomize() {}

  /** The resources the kustomization in {@code dir} renders to, in the order they were loaded. */
  static List<ObjectNode> build(Path dir) {
    Path file = dir.resolve("kustomization.yaml");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no kustomization.yaml in " + dir);
    }
    JsonNode k = readAll(file).getFirst();
    Set<String> unknown = new HashSet<>();
    k.fieldNames().forEachRemaining(unknown::add);
    unknown.removeAll(KNOWN_FIELDS);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(file + ": unsupported kustomization fields " + unknown);
    }
    require(
        "kustomize.config.k8s.io/v1beta1".equals(k.path("apiVersion").asText()),
        file + ": apiVersion");
    require("Kustomization".equals(k.path("kind").asText()), file + ": kind");

    List<ObjectNode> out = new ArrayList<>();
    for (JsonNode r : k.path("resources")) {
      Path p = dir.resolve(r.asText()).normalize();
      if (Files.isDirectory(p)) {
        out.addAll(build(p));
      } else {
        for (JsonNode doc : readAll(p)) {
          require(doc instanceof ObjectNode, p + ": a document is not a mapping");
          out.add((ObjectNode) doc);
        }
      }
    }
    for (JsonNode patch : k.path("patches")) {
      applyPatch(dir, patch, out);
    }
    if (k.has("namespace")) {
      String ns = k.get("namespace").asText();
      for (ObjectNode r : out) {
        require(!CLUSTER_SCOPED.contains(r.path("kind").asText()), "cluster-scoped " + id(r));
        ((ObjectNode) r.get("metadata")).put("namespace", ns);
      }
    }
    for (JsonNode image : k.path("images")) {
      for (ObjectNode r : out) {
        setImages(r, image);
      }
    }
    Set<String> ids = new HashSet<>();
    for (ObjectNode r : out) {
      require(ids.add(id(r)), "duplicate resource " + id(r));
    }
    return out;
  }

  /** Group/kind/namespace/name: what kustomize treats as the identity of a resource. */
  static String id(JsonNode r) {
    String apiVersion = r.path("apiVersion").asText();
    String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    return group
        + "/"
        + r.path("kind").asText()
        + "/"
        + r.path("metadata").path("namespace").asText("")
        + "/"
        + r.path("metadata").path("name").asText();
  }

  static List<JsonNode> readAll(Path file) {
    try (var parser = YAML.getFactory().createParser(file.toFile())) {
      List<JsonNode> docs = new ArrayList<>();
      Iterator<JsonNode> it = YAML.readValues(parser, JsonNode.class);
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
          docs.add(doc);
        }
      }
      return docs;
    } catch (IOException e) {
      throw new UncheckedIOException(file.toString(), e);
    }
  }

  private static void applyPatch(Path dir, JsonNode patch, List<ObjectNode> resources) {
    Set<String> fields = new HashSet<>();
    patch.fieldNames().forEachRemaining(fields::add);
    require(Set.of("target", "patch").equals(fields), "a patch needs exactly target and patch");
    JsonNode target = patch.get("target");
    target
        .fieldNames()
        .forEachRemaining(
            f -> require(TARGET_FIELDS.contains(f), "unsupported patch target field " + f));
    JsonNode ops;
    try {
      ops = YAML.readTree(patch.get("patch").asText());
    } catch (IOException e) {
      throw new UncheckedIOException("patch in " + dir, e);
    }
    require(
        ops instanceof ArrayNode, "only JSON 6902 patches (a list of operations) are supported");
    int matched = 0;
    for (ObjectNode r : resources) {
      if (matches(target, r)) {
        matched++;
        for (JsonNode op : ops) {
          applyOp(r, op);
        }
      }
    }
    // kustomize accepts a target that matches nothing; here it is a mistake worth failing on.
    require(matched > 0, "patch target " + target + " matches no resource");
  }

  private static boolean matches(JsonNode target, JsonNode r) {
    String apiVersion = r.path("apiVersion").asText();
    String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
    return field(target, "group", group)
        && field(target, "version", version)
        && field(target, "kind", r.path("kind").asText())
        && field(target, "name", r.path("metadata").path("name").asText());
  }

  /** kustomize reads each target field as a regular expression anchored at both ends. */
  private static boolean field(JsonNode target, String name, String value) {
    return !target.has(name) || Pattern.matches(target.get(name).asText(), value);
  }

  private static void applyOp(ObjectNode root, JsonNode op) {
    String kind = op.path("op").asText();
    List<String> path = pointer(op.path("path").asText());
    JsonNode parent = root;
    for (String token : path.subList(0, path.size() - 1)) {
      parent = child(parent, token);
      require(parent != null, "path " + op.path("path").asText() + " not found in " + id(root));
    }
    String last = path.getLast();
    switch (kind) {
      case "add" -> {
        JsonNode value = op.get("value");
        require(value != null, "add without value");
        if (parent instanceof ArrayNode a) {
          if ("-".equals(last)) {
            a.add(value.deepCopy());
          } else {
            a.insert(Integer.parseInt(last), value.deepCopy());
          }
        } else {
          ((ObjectNode) parent).set(last, value.deepCopy());
        }
      }
      case "replace" -> {
        JsonNode value = op.get("value");
        require(value != null, "replace without value");
        require(child(parent, last) != null, "replace of a missing " + op.get("path"));
        if (parent instanceof ArrayNode a) {
          a.set(Integer.parseInt(last), value.deepCopy());
        } else {
          ((ObjectNode) parent).set(last, value.deepCopy());
        }
      }
      case "remove" -> {
        require(child(parent, last) != null, "remove of a missing " + op.get("path"));
        if (parent instanceof ArrayNode a) {
          a.remove(Integer.parseInt(last));
        } else {
          ((ObjectNode) parent).remove(last);
        }
      }
      default -> throw new IllegalArgumentException("unsupported JSON patch op " + kind);
    }
  }

  private static JsonNode child(JsonNode node, String token) {
    if (node instanceof ArrayNode a) {
      int i = Integer.parseInt(token);
      return i < a.size() ? a.get(i) : null;
    }
    return node instanceof ObjectNode o ? o.get(token) : null;
  }

  private static List<String> pointer(String path) {
    require(path.startsWith("/"), "JSON pointer must start with /: " + path);
    List<String> tokens = new ArrayList<>();
    for (String t : path.substring(1).split("/", -1)) {
      tokens.add(t.replace("~1", "/").replace("~0", "~"));
    }
    return tokens;
  }

  /** The images transformer: containers and init containers of pod templates. */
  private static void setImages(ObjectNode r, JsonNode image) {
    Map<String, String> entry = YAML.convertValue(image, new TypeReference<>() {});
    require(
        Set.of("name", "newName", "newTag").containsAll(entry.keySet()),
        "unsupported images fields " + entry.keySet());
    JsonNode spec = r.path("spec").path("template").path("spec");
    for (String list : List.of("containers", "initContainers")) {
      for (JsonNode c : spec.path(list)) {
        String current = c.path("image").asText();
        int colon = current.lastIndexOf(':');
        boolean tagged = colon > current.lastIndexOf('/');
        String name = tagged ? current.substring(0, colon) : current;
        String tag = tagged ? current.substring(colon + 1) : null;
        if (name.equals(entry.get("name"))) {
          String newName = entry.getOrDefault("newName", name);
          String newTag = entry.getOrDefault("newTag", tag);
          ((ObjectNode) c)
              .set("image", new TextNode(newTag == null ? newName : newName + ":" + newTag));
        }
      }
    }
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
