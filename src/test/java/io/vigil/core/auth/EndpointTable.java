package io.vigil.core.auth;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares the JAX-RS endpoints of a set of resource classes, and the authentication each declares
 * to Quarkus Security, with the endpoint table of docs/security.md.
 *
 * <p>The table's first column names endpoints as {@code `METHOD /path`} (several per row allowed);
 * its third column starts with the authentication: {@code public}, {@code operator}, or {@code
 * operator or key holder}. Paths under {@code /q/} are the management interface's, not JAX-RS.
 */
final class EndpointTable {

  static final String PUBLIC = "public";
  static final String OPERATOR = "operator";
  static final String OPERATOR_OR_KEY_HOLDER = "operator or key holder";

  private static final Map<Class<? extends Annotation>, String> VERBS =
      Map.of(
          GET.class, "GET",
          POST.class, "POST",
          PUT.class, "PUT",
          DELETE.class, "DELETE",
          PATCH.class, "PATCH",
          HEAD.class, "HEAD",
          OPTIONS.class, "OPTIONS");

  private static final Pattern ENDPOINT = Pattern.compile("`([A-Z]+) (/[^`]*)`");

  private EndpointTable() {}

  /** Every endpoint of {@code resources} and the authentication it declares. */
  static Map<String, String> declared(List<Class<?>> resources) {
    Map<String, String> endpoints = new TreeMap<>();
    for (Class<?> resource : resources) {
      Path root = resource.getAnnotation(Path.class);
      if (root == null) {
        continue;
      }
      for (Method method : resource.getMethods()) {
        for (var verb : VERBS.entrySet()) {
          if (method.isAnnotationPresent(verb.getKey())) {
            Path sub = method.getAnnotation(Path.class);
            String path = join(root.value(), sub == null ? "" : sub.value());
            endpoints.put(verb.getValue() + " " + path, authentication(method, resource));
          }
        }
      }
    }
    return endpoints;
  }

  /** The endpoints the table lists, with the authentication its third column starts with. */
  static Map<String, String> documented(String markdown) {
    Map<String, String> rows = new TreeMap<>();
    int start = markdown.indexOf("\n## Endpoints");
    if (start < 0) {
      return rows;
    }
    String section = markdown.substring(start + 1);
    int next = section.indexOf("\n## ");
    if (next > 0) {
      section = section.substring(0, next);
    }
    for (String line : section.split("\n")) {
      if (!line.startsWith("| `")) {
        continue;
      }
      String[] cells = line.split("\\|");
      if (cells.length < 4) {
        continue;
      }
      String authentication = keyword(cells[3].trim());
      Matcher endpoint = ENDPOINT.matcher(cells[1]);
      while (endpoint.find()) {
        if (!endpoint.group(2).startsWith("/q/")) {
          rows.put(endpoint.group(1) + " " + endpoint.group(2), authentication);
        }
      }
    }
    return rows;
  }

  /** What differs between the code and the table; empty when the table is true. */
  static List<String> differences(Map<String, String> declared, Map<String, String> documented) {
    List<String> problems = new ArrayList<>();
    Set<String> all = new TreeSet<>(declared.keySet());
    all.addAll(documented.keySet());
    for (String endpoint : all) {
      String code = declared.get(endpoint);
      String doc = documented.get(endpoint);
      if (doc == null) {
        problems.add(endpoint + ": in the code (" + code + ") but not in docs/security.md");
      } else if (code == null) {
        problems.add(endpoint + ": in docs/security.md but no such endpoint in the code");
      } else if (!code.equals(doc)) {
        problems.add(endpoint + ": the code declares '" + code + "', the table says '" + doc + "'");
      }
    }
    return problems;
  }

  private static String keyword(String cell) {
    for (String word : List.of(OPERATOR_OR_KEY_HOLDER, OPERATOR, PUBLIC)) {
      if (cell.startsWith(word)) {
        return word;
      }
    }
    return "unknown: " + cell;
  }

  private static String authentication(Method method, Class<?> resource) {
    String onMethod = authentication(method);
    return onMethod != null ? onMethod : authentication((AnnotatedElement) resource);
  }

  private static String authentication(AnnotatedElement element) {
    if (element == null) {
      return null;
    }
    if (element.isAnnotationPresent(PermitAll.class)) {
      return PUBLIC;
    }
    if (element.isAnnotationPresent(DenyAll.class)) {
      return "denied";
    }
    RolesAllowed roles = element.getAnnotation(RolesAllowed.class);
    if (roles == null) {
      return element instanceof Class<?> ? "undeclared (refused)" : null;
    }
    Set<String> names = new TreeSet<>(Arrays.asList(roles.value()));
    if (names.equals(Set.of(Roles.OPERATOR))) {
      return OPERATOR;
    }
    if (names.equals(Set.of(Roles.OPERATOR, Roles.CLIENT))) {
      return OPERATOR_OR_KEY_HOLDER;
    }
    return "roles " + names;
  }

  private static String join(String root, String sub) {
    String path = ("/" + root + "/" + sub).replaceAll("/+", "/");
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }
}
