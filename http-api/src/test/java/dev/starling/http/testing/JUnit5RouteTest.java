package dev.starling.http.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.starling.http.Json;
import dev.starling.http.ProblemHandling;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.stream.Stream;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.server.RouteResult;
import org.apache.pekko.http.javadsl.testkit.RouteTest;
import org.apache.pekko.http.javadsl.testkit.TestRoute;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.apache.pekko.stream.Materializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.provider.Arguments;
import scala.concurrent.Future;

/**
 * pekko-http-testkit's {@link RouteTest} for JUnit 5: its {@code JUnitRouteTest} is JUnit 4 (a rule
 * owns the actor system), so here the actor system lives from {@code @BeforeAll} to
 * {@code @AfterAll} and the testkit's assertions are JUnit 5's. Routes run in-process, without a
 * socket, through {@link ProblemHandling} as the API wraps them, so every failure is asserted as
 * the problem+json a client gets.
 */
public abstract class JUnit5RouteTest extends RouteTest {
  private static ActorSystem system;
  private static Materializer materializer;

  @BeforeAll
  static void startActorSystem() {
    system = ActorSystem.create("route-test");
    materializer = Materializer.createMaterializer(system);
  }

  @AfterAll
  static void stopActorSystem() {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().join();
  }

  @Override
  public ActorSystem system() {
    return system;
  }

  @Override
  public Materializer materializer() {
    return materializer;
  }

  /** {@code route} as the API serves it: wrapped by {@link ProblemHandling}. */
  protected TestRoute served(Route route) {
    return testRoute(new ProblemHandling().wrap(route));
  }

  @Override
  public TestRouteResult createTestRouteResultAsync(
      HttpRequest request, Future<RouteResult> result) {
    return new TestRouteResult(result, awaitDuration(), system.dispatcher(), materializer) {
      @Override
      public void assertEquals(Object expected, Object actual, String message) {
        Assertions.assertEquals(expected, actual, message);
      }

      @Override
      public void assertEquals(int expected, int actual, String message) {
        Assertions.assertEquals(expected, actual, message);
      }

      @Override
      public void assertTrue(boolean condition, String message) {
        Assertions.assertTrue(condition, message);
      }

      @Override
      public void fail(String message) {
        Assertions.fail(message);
      }
    };
  }

  /** A POST of {@code json} as {@code application/json} to {@code path}. */
  protected static HttpRequest postJson(String path, String json) {
    return HttpRequest.POST(path).withEntity(ContentTypes.APPLICATION_JSON, json);
  }

  /**
   * Paging parameters every list refuses with a 400 naming the parameter, and that parameter: for
   * {@code @MethodSource("dev.starling.http.testing.JUnit5RouteTest#badPaging")}.
   */
  public static Stream<Arguments> badPaging() {
    return Stream.of(
        Arguments.of("cursor=not-a-cursor", "cursor"),
        // base64 of "c1:xyz": the cursor's form around something that is not an id
        Arguments.of("cursor=YzE6eHl6", "cursor"),
        Arguments.of("limit=0", "limit"),
        Arguments.of("limit=101", "limit"),
        Arguments.of("limit=ten", "limit"));
  }

  /**
   * Asserts a problem+json answer of {@code status} whose detail mentions {@code mentioned}, and
   * returns the problem.
   */
  protected static JsonNode assertProblem(TestRouteResult result, int status, String mentioned) {
    result.assertStatusCode(status).assertMediaType("application/problem+json");
    JsonNode problem;
    try {
      problem = Json.MAPPER.readTree(result.entityString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Assertions.assertEquals(status, problem.get("status").asInt(), problem::toString);
    Assertions.assertTrue(
        problem.get("detail").asText().contains(mentioned), () -> problem + " names " + mentioned);
    return problem;
  }
}
