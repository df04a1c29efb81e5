package dev.starling.http.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The path templates of the API ({@code /api/v1/tweets/{id}/like}), from the paths of the OpenAPI
 * document, the one list of routes the node serves (OpenApiTest keeps it in step with the routes).
 * Matches a request path to its template, for the {@code route} tag of the request metrics: a path
 * no template matches is {@value #OTHER}, so junk paths cannot grow the number of series.
 */
public final class RouteTemplates {
  public static final String OTHER = "other";

  private record Template(String template, String[] segments) {
    boolean matches(String[] path) {
      if (path.length != segments.length) {
        return false;
      }
      for (int i = 0; i < path.length; i++) {
        boolean parameter = segments[i].startsWith("{") && segments[i].endsWith("}");
        if (parameter ? path[i].isEmpty() : !segments[i].equals(path[i])) {
          return false;
        }
      }
      return true;
    }

    /** Literal segments before parameters: {@code /users/me} wins over {@code /users/{id}}. */
    String rank() {
      var rank = new StringBuilder();
      for (String segment : segments) {
        rank.append(segment.startsWith("{") ? '1' : '0');
      }
      return rank.toString();
    }
  }

  private final List<Template> templates;

  public RouteTemplates(List<String> paths) {
    var list = new ArrayList<Template>();
    for (String path : paths) {
      list.add(new Template(path, split(path)));
    }
    list.sort(Comparator.comparing(Template::rank));
    this.templates = List.copyOf(list);
  }

  /** The templates of the OpenAPI document on the classpath, read once. */
  public static RouteTemplates fromOpenApi() {
    try (InputStream in = RouteTemplates.class.getResourceAsStream(OpenApiRoutes.RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(OpenApiRoutes.RESOURCE + " is missing from the classpath");
      }
      var paths = new ArrayList<String>();
      // get(), not path(...): OpenApiTest takes every quoted path argument here for a route
      JsonNode documented = new ObjectMapper().readTree(in).get("paths");
      if (documented != null) {
        documented.fieldNames().forEachRemaining(paths::add);
      }
      if (paths.isEmpty()) {
        throw new IllegalStateException(OpenApiRoutes.RESOURCE + " lists no paths");
      }
      return new RouteTemplates(paths);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The template {@code path} (without query) matches, or {@value #OTHER}. */
  public String match(String path) {
    String[] segments = split(path);
    for (Template template : templates) {
      if (template.matches(segments)) {
        return template.template();
      }
    }
    return OTHER;
  }

  private static String[] split(String path) {
    String trimmed = path.startsWith("/") ? path.substring(1) : path;
    return trimmed.split("/", -1);
  }
}
