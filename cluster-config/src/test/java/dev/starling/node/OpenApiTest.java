package dev.starling.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.starling.http.ProblemHandling;
import dev.starling.ops.testing.RealServersExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Holds the OpenAPI document served at {@code GET /api/v1/openapi.json} to the routes of a running
 * node, both ways: every documented operation is served, and nothing is served that is not
 * documented — no other method on a documented path (each answers 405 with an {@code Allow} of
 * exactly the documented methods), no path segment in the routes' source that no documented path
 * holds, and no route one segment beyond any documented path or its prefixes.
 */
@ExtendWith(RealServersExtension.class)
class OpenApiTest {
  /**
   * Operations of the contract the document describes before their routes are merged; each must
   * still be unserved here, so the day it is served this test says to remove it from the list.
   */
  private static final Set<String> PENDING = Set.of();

  private static final List<String> METHODS =
      List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  /** The HTTP module's sources: every route, and the API that assembles them. */
  private static final Path HTTP_SOURCES =
      Path.of("..", "http-api", "src", "main", "java", "dev", "starling", "http");

  /** A literal path segment given to a pekko-http path directive or matcher. */
  private static final Pattern PATH_LITERAL =
      Pattern.compile("\\b(?:path|pathPrefix|segment|slash)\\(\\s*\"([^\"]+)\"");

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]+)}");

  /** An id no user or tweet has, yet a valid one: the routes must look it up to answer. */
  private static final String SOME_ID = "1";

  private static NodeFixture node;
  private static ApiClient api;
  private static ApiClient.Account caller;
  private static ApiClient.Response served;
  private static JsonNode document;

  @BeforeAll
  static void start() {
    node = new NodeFixture(OpenApiTest.class, NodeFixture.EVENT_STREAM);
    api = node.client();
    caller = api.register("openapi_caller");
    served = api.get("/api/v1/openapi.json", null);
    assertEquals(200, served.status(), () -> served.raw().body());
    document = served.json();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void documentIsOpenApi31AndEveryReferenceResolves() {
    assertEquals("application/json", served.contentType());
    assertNotNull(document, "the document is not JSON");
    assertEquals("3.1.0", document.path("openapi").asText());
    var references = new ArrayList<String>();
    collectReferences(document, references);
    assertTrue(references.size() > 50, () -> "only " + references.size() + " references");
    for (String reference : references) {
      assertTrue(reference.startsWith("#/"), () -> "not a local reference: " + reference);
      assertFalse(
          document.at(reference.substring(1)).isMissingNode(), () -> "unresolved: " + reference);
    }
  }

  @Test
  void documentCarriesAnETagThatRevalidates() {
    String tag = served.header("ETag");
    assertNotNull(tag, "the document has no ETag");
    var again = api.send("GET", "/api/v1/openapi.json", null, null, null, Map.of());
    assertEquals(served.raw().body(), again.raw().body());
    assertEquals(tag, again.header("ETag"));
    var revalidated =
        api.send("GET", "/api/v1/openapi.json", null, null, null, Map.of("If-None-Match", tag));
    assertEquals(304, revalidated.status());
    assertEquals("", revalidated.raw().body());
  }

  /** What the document's description says of paths under the API that need a token. */
  @Test
  void withoutATokenAnUnknownPathUnderTheApiIsUnauthorized() {
    assertEquals(401, api.get("/api/v1/no_such_thing", null).status());
    assertTrue(isUnknownRoute(api.get("/api/v1/no_such_thing", caller.token())));
  }

  @Test
  void everyDocumentedOperationIsServedAndAnswersADocumentedStatus() {
    for (Operation operation : operations()) {
      String path = filled(operation.template());
      if (PENDING.contains(operation.name())) {
        var answer = api.send(operation.method(), path, caller.token(), null, null, Map.of());
        assertTrue(
            isUnknownRoute(answer),
            () -> operation.name() + " is served now: remove it from OpenApiTest.PENDING");
        continue;
      }
      var answer = api.send(operation.method(), path, tokenFor(operation), null, null, Map.of());
      assertFalse(
          isUnknownRoute(answer) || answer.status() == 405,
          () -> operation.name() + " is documented but not served: " + answer.raw().body());
      assertTrue(
          operation.statuses().contains(Integer.toString(answer.status())),
          () ->
              operation.name()
                  + " answered an undocumented "
                  + answer.status()
                  + ": "
                  + answer.raw().body());
      var anonymous = api.send(operation.method(), path, null, null, null, Map.of());
      if (operation.secured()) {
        assertEquals(401, anonymous.status(), () -> operation.name() + " without a token");
        assertTrue(operation.statuses().contains("401"));
      } else {
        assertTrue(
            anonymous.status() != 401,
            () -> operation.name() + " is documented without security but asks for a token");
      }
    }
  }

  @Test
  void everyOtherMethodOnADocumentedPathIsNotAllowed() {
    for (var entry : documentedMethods().entrySet()) {
      String template = entry.getKey();
      Set<String> documented = entry.getValue();
      if (documented.stream().allMatch(method -> PENDING.contains(method + " " + template))) {
        continue;
      }
      for (String method : METHODS) {
        if (documented.contains(method)) {
          continue;
        }
        var answer = api.send(method, filled(template), caller.token(), null, null, Map.of());
        assertEquals(
            405,
            answer.status(),
            () ->
                method + " " + template + " is served but not documented: " + answer.raw().body());
        assertEquals(
            documented,
            Arrays.stream(answer.header("Allow").split(","))
                .map(String::trim)
                .collect(Collectors.toCollection(TreeSet::new)),
            () -> "the methods served at " + template + " (Allow) are not those documented");
      }
    }
  }

  @Test
  void everyPathSegmentTheRoutesNameIsDocumented() {
    Set<String> documented = documentedSegments();
    for (String literal : routeLiterals()) {
      assertTrue(
          documented.contains(literal),
          () -> "the routes serve a path segment '" + literal + "' that no documented path holds");
    }
  }

  @Test
  void noRouteAnswersOneSegmentBeyondADocumentedPath() {
    Set<String> extensions = new TreeSet<>(routeLiterals());
    extensions.add(SOME_ID);
    List<Pattern> documented =
        documentedMethods().keySet().stream().map(OpenApiTest::templatePattern).toList();
    Set<String> prefixes = new TreeSet<>(Set.of(""));
    for (String template : documentedMethods().keySet()) {
      String path = filled(template);
      for (int slash = path.indexOf('/', 1); slash > 0; slash = path.indexOf('/', slash + 1)) {
        prefixes.add(path.substring(0, slash));
      }
      prefixes.add(path);
    }
    int probed = 0;
    for (String prefix : prefixes) {
      for (String extension : extensions) {
        String candidate = prefix + "/" + extension;
        if (documented.stream().anyMatch(pattern -> pattern.matcher(candidate).matches())) {
          continue;
        }
        var answer = api.get(candidate, caller.token());
        assertTrue(
            isUnknownRoute(answer),
            () ->
                "GET "
                    + candidate
                    + " is served but not documented: "
                    + answer.status()
                    + " "
                    + answer.raw().body());
        probed++;
      }
    }
    assertTrue(probed > 500, "only " + probed + " paths probed");
  }

  @Test
  void answersMatchTheSchemasDocumentedForThem() {
    var author = api.register("openapi_author");
    assertConforms("POST", "/api/v1/users/{id}/follow", api.follow(caller, author));
    var tweet = api.tweet(author, "schemas #openapi @openapi_caller https://example.com");
    assertConforms("POST", "/api/v1/tweets", tweet);
    String tweetId = tweet.json().get("id").asText();
    var reply =
        api.postJson(
            "/api/v1/tweets", caller.token(), Map.of("text", "a reply", "reply_to_id", tweetId));
    assertConforms("POST", "/api/v1/tweets", reply);
    String tweetPath = "/api/v1/tweets/" + tweetId;
    assertConforms(
        "POST",
        "/api/v1/tweets/{id}/like",
        api.send("POST", tweetPath + "/like", caller.token(), null, null, Map.of()));
    assertConforms(
        "POST",
        "/api/v1/tweets/{id}/retweet",
        api.send("POST", tweetPath + "/retweet", caller.token(), null, null, Map.of()));
    assertConforms("GET", "/api/v1/tweets/{id}", api.get(tweetPath, caller.token()));
    assertConforms(
        "GET", "/api/v1/tweets/{id}/replies", api.get(tweetPath + "/replies", caller.token()));
    assertConforms("GET", "/api/v1/users/me", api.get("/api/v1/users/me", caller.token()));
    String authorPath = "/api/v1/users/" + author.id();
    assertConforms("GET", "/api/v1/users/{id}", api.get(authorPath, caller.token()));
    assertConforms(
        "GET", "/api/v1/users/{id}/followers", api.get(authorPath + "/followers", caller.token()));
    assertConforms(
        "GET", "/api/v1/users/{id}/tweets", api.get(authorPath + "/tweets", caller.token()));
    assertConforms(
        "GET", "/api/v1/home_timeline", api.get("/api/v1/home_timeline", caller.token()));
    assertConforms(
        "GET",
        "/api/v1/notifications",
        Eventually.within(
            Eventually.BOUND,
            () -> api.get("/api/v1/notifications", author.token()),
            answer -> answer.json().get("items").size() >= 3));
    assertConforms("GET", "/api/v1/trends", api.get("/api/v1/trends?location=us", caller.token()));
    assertConforms("GET", "/api/v1/users/{id}", api.get("/api/v1/users/1", caller.token()));
    assertConforms(
        "POST",
        "/api/v1/tweets",
        api.postJson("/api/v1/tweets", caller.token(), Map.of("txt", "x")));
    assertConforms("POST", "/oauth/token", api.token("openapi_author", "password-openapi_author"));
    assertConforms("POST", "/oauth/token", api.token("openapi_author", "wrong password"));
    assertConforms("GET", "/health/ready", api.get("/health/ready", null));
  }

  private record Operation(String method, String template, boolean secured, Set<String> statuses) {
    String name() {
      return method + " " + template;
    }
  }

  private static List<Operation> operations() {
    boolean securedByDefault = document.path("security").size() > 0;
    var operations = new ArrayList<Operation>();
    document
        .path("paths")
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fields()
                    .forEachRemaining(
                        field -> {
                          String method = field.getKey().toUpperCase();
                          if (!METHODS.contains(method)) {
                            return;
                          }
                          JsonNode operation = field.getValue();
                          boolean secured =
                              operation.has("security")
                                  ? operation.get("security").size() > 0
                                  : securedByDefault;
                          var statuses = new TreeSet<String>();
                          operation.path("responses").fieldNames().forEachRemaining(statuses::add);
                          operations.add(new Operation(method, path.getKey(), secured, statuses));
                        }));
    assertTrue(operations.size() > 30, () -> "only " + operations.size() + " operations");
    return operations;
  }

  private static Map<String, Set<String>> documentedMethods() {
    return operations().stream()
        .collect(
            Collectors.groupingBy(
                Operation::template,
                Collectors.mapping(Operation::method, Collectors.toCollection(TreeSet::new))));
  }

  private static Set<String> documentedSegments() {
    return documentedMethods().keySet().stream()
        .flatMap(template -> Arrays.stream(template.split("/")))
        .filter(segment -> !segment.isEmpty() && !PLACEHOLDER.matcher(segment).matches())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * Every literal path segment in the HTTP module's sources, as the routes match them, but for the
   * admin interface's: a server on a port of its own, documented in docs/operations.md.
   */
  private static Set<String> routeLiterals() {
    var literals = new TreeSet<String>();
    try (Stream<Path> files = Files.walk(HTTP_SOURCES)) {
      for (Path file :
          files
              .filter(f -> f.toString().endsWith(".java"))
              .filter(f -> !f.startsWith(HTTP_SOURCES.resolve("admin")))
              .toList()) {
        Matcher matcher = PATH_LITERAL.matcher(Files.readString(file));
        while (matcher.find()) {
          literals.addAll(Arrays.asList(matcher.group(1).split("/")));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertTrue(literals.containsAll(Set.of("api", "v1", "tweets", "health")), literals::toString);
    return literals;
  }

  /** A template with each placeholder filled: a well-formed id, or a handle nobody has. */
  private static String filled(String template) {
    return PLACEHOLDER
        .matcher(template)
        .replaceAll(placeholder -> placeholder.group(1).equals("id") ? SOME_ID : "nobody_here");
  }

  private static Pattern templatePattern(String template) {
    var pattern = new StringBuilder();
    Matcher matcher = PLACEHOLDER.matcher(template);
    int end = 0;
    while (matcher.find()) {
      pattern.append(Pattern.quote(template.substring(end, matcher.start())));
      pattern.append(matcher.group(1).equals("id") ? "[0-9]+" : "[^/]+");
      end = matcher.end();
    }
    pattern.append(Pattern.quote(template.substring(end)));
    return Pattern.compile(pattern.toString());
  }

  /**
   * Signing out everywhere would end the caller's token: that operation gets an account of its own.
   */
  private static String tokenFor(Operation operation) {
    if (operation.name().equals("DELETE /api/v1/users/me/sessions")) {
      return api.register("openapi_signout").token();
    }
    return caller.token();
  }

  private static boolean isUnknownRoute(ApiClient.Response answer) {
    return answer.status() == 404
        && answer.json() != null
        && ProblemHandling.NO_SUCH_RESOURCE.equals(answer.json().path("detail").asText());
  }

  /** The answer's body conforms to the schema documented for its status and content type. */
  private static void assertConforms(String method, String template, ApiClient.Response answer) {
    String where = method + " " + template + " " + answer.status();
    JsonNode response =
        resolve(
            document
                .path("paths")
                .path(template)
                .path(method.toLowerCase())
                .path("responses")
                .path(Integer.toString(answer.status())));
    assertFalse(
        response.isMissingNode(), () -> where + " is not documented: " + answer.raw().body());
    String mediaType = answer.contentType().split(";")[0].trim();
    JsonNode schema = response.path("content").path(mediaType).path("schema");
    assertFalse(schema.isMissingNode(), () -> where + ": no schema for " + mediaType);
    var violations = new ArrayList<String>();
    conform(answer.json(), schema, "$", violations);
    assertTrue(
        violations.isEmpty(), () -> where + ": " + violations + " in " + answer.raw().body());
  }

  /**
   * The JSON Schema keywords the document uses, checked: {@code $ref}, {@code type}, {@code
   * required}, {@code properties}, {@code additionalProperties: false}, {@code items}, {@code
   * allOf}, {@code oneOf}, {@code enum}, {@code const}, {@code pattern}, {@code minimum}, {@code
   * maximum}, {@code minLength}, {@code maxLength}.
   */
  private static void conform(
      JsonNode value, JsonNode declared, String at, List<String> violations) {
    JsonNode schema = resolve(declared);
    JsonNode type = schema.get("type");
    if (type != null) {
      var types = new ArrayList<String>();
      if (type.isArray()) {
        type.forEach(t -> types.add(t.asText()));
      } else {
        types.add(type.asText());
      }
      if (types.stream().noneMatch(t -> hasType(value, t))) {
        violations.add(at + " is not " + types);
        return;
      }
    }
    if (schema.has("const") && !schema.get("const").equals(value)) {
      violations.add(at + " is not " + schema.get("const"));
    }
    if (schema.has("enum")) {
      boolean listed = false;
      for (JsonNode allowed : schema.get("enum")) {
        listed |= allowed.equals(value);
      }
      if (!listed) {
        violations.add(at + " is not one of " + schema.get("enum"));
      }
    }
    if (value.isTextual()) {
      String text = value.asText();
      if (schema.has("pattern")
          && !Pattern.compile(schema.get("pattern").asText()).matcher(text).find()) {
        violations.add(at + " does not match " + schema.get("pattern"));
      }
      if (schema.has("minLength") && text.length() < schema.get("minLength").asInt()) {
        violations.add(at + " is too short");
      }
      if (schema.has("maxLength") && text.length() > schema.get("maxLength").asInt()) {
        violations.add(at + " is too long");
      }
    }
    if (value.isNumber()) {
      if (schema.has("minimum") && value.asDouble() < schema.get("minimum").asDouble()) {
        violations.add(at + " is below " + schema.get("minimum"));
      }
      if (schema.has("maximum") && value.asDouble() > schema.get("maximum").asDouble()) {
        violations.add(at + " is above " + schema.get("maximum"));
      }
    }
    if (value.isObject()) {
      schema
          .path("required")
          .forEach(
              name -> {
                if (!value.has(name.asText())) {
                  violations.add(at + "." + name.asText() + " is missing");
                }
              });
      JsonNode properties = schema.path("properties");
      value
          .fields()
          .forEachRemaining(
              field -> {
                if (properties.has(field.getKey())) {
                  conform(
                      field.getValue(),
                      properties.get(field.getKey()),
                      at + "." + field.getKey(),
                      violations);
                } else if (schema.path("additionalProperties").isBoolean()
                    && !schema.get("additionalProperties").asBoolean()) {
                  violations.add(at + "." + field.getKey() + " is not documented");
                }
              });
    }
    if (value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        conform(value.get(i), schema.get("items"), at + "[" + i + "]", violations);
      }
    }
    for (JsonNode part : schema.path("allOf")) {
      conform(value, part, at, violations);
    }
    if (schema.has("oneOf")) {
      int matching = 0;
      for (JsonNode alternative : schema.get("oneOf")) {
        var failures = new ArrayList<String>();
        conform(value, alternative, at, failures);
        matching += failures.isEmpty() ? 1 : 0;
      }
      if (matching != 1) {
        violations.add(at + " matches " + matching + " of oneOf " + schema.get("oneOf"));
      }
    }
  }

  private static boolean hasType(JsonNode value, String type) {
    return switch (type) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "integer" -> value.isIntegralNumber();
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      case "null" -> value.isNull();
      default -> throw new IllegalArgumentException("unknown type " + type);
    };
  }

  private static JsonNode resolve(JsonNode node) {
    while (node.has("$ref")) {
      node = document.at(node.get("$ref").asText().substring(1));
    }
    return node;
  }

  private static void collectReferences(JsonNode node, List<String> references) {
    if (node.isObject()) {
      JsonNode reference = node.get("$ref");
      if (reference != null) {
        references.add(reference.asText());
      }
      for (Iterator<JsonNode> children = node.elements(); children.hasNext(); ) {
        collectReferences(children.next(), references);
      }
    } else if (node.isArray()) {
      node.forEach(child -> collectReferences(child, references));
    }
  }
}
