package io.vigil.fuzz;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Every JAX-RS endpoint the build produced, as {@code METHOD /path}: each class under
 * target/classes/io/vigil with a {@code @Path}, read the way the endpoint table of docs/security.md
 * is checked (EndpointTableTest), so a new endpoint cannot escape the fuzzing.
 */
final class ResourceEndpoints {

  private static final Map<Class<? extends Annotation>, String> VERBS =
      Map.of(
          GET.class, "GET",
          POST.class, "POST",
          PUT.class, "PUT",
          DELETE.class, "DELETE",
          PATCH.class, "PATCH",
          HEAD.class, "HEAD",
          OPTIONS.class, "OPTIONS");

  private ResourceEndpoints() {}

  static Set<String> declared() {
    java.nio.file.Path classes = java.nio.file.Path.of("target", "classes");
    Set<String> endpoints = new TreeSet<>();
    try (Stream<java.nio.file.Path> files = Files.walk(classes.resolve("io").resolve("vigil"))) {
      for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String name =
            classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
        Class<?> type;
        try {
          type = Class.forName(name, false, ResourceEndpoints.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError unloadable) {
          throw new AssertionError("cannot load " + name, unloadable);
        }
        Path root = type.getAnnotation(Path.class);
        if (root != null) {
          endpoints.addAll(endpoints(root, type.getMethods()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return endpoints;
  }

  private static List<String> endpoints(Path root, Method[] methods) {
    return Stream.of(methods)
        .flatMap(
            method ->
                VERBS.entrySet().stream()
                    .filter(verb -> method.isAnnotationPresent(verb.getKey()))
                    .map(
                        verb -> {
                          Path sub = method.getAnnotation(Path.class);
                          return verb.getValue()
                              + " "
                              + join(root.value(), sub == null ? "" : sub.value());
                        }))
        .toList();
  }

  private static String join(String root, String sub) {
    String path = ("/" + root + "/" + sub).replaceAll("/+", "/");
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }
}
