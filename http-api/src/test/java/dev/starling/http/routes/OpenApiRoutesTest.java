package dev.starling.http.routes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.http.Json;
import dev.starling.http.testing.JUnit5RouteTest;
import java.io.InputStream;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.headers.ETag;
import org.apache.pekko.http.javadsl.model.headers.EntityTag;
import org.apache.pekko.http.javadsl.model.headers.EntityTagRange;
import org.apache.pekko.http.javadsl.model.headers.IfNoneMatch;
import org.apache.pekko.http.javadsl.server.Route;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/openapi.json}, built for real: the module's document byte for byte as JSON, an
 * ETag that revalidates to a 304, and a problem for anything else.
 */
class OpenApiRoutesTest extends JUnit5RouteTest {
  private static final String PATH = "/api/v1/openapi.json";
  private final Route routes = new OpenApiRoutes().routes();

  private static byte[] resource() throws Exception {
    try (InputStream in = OpenApiRoutes.class.getResourceAsStream(OpenApiRoutes.RESOURCE)) {
      return in.readAllBytes();
    }
  }

  @Test
  void servesTheDocumentAsJson() throws Exception {
    var result =
        served(routes)
            .run(HttpRequest.GET(PATH))
            .assertStatusCode(200)
            .assertMediaType("application/json");
    assertArrayEquals(resource(), result.entityBytes().toArray());
    var document = Json.MAPPER.readTree(result.entityString());
    assertTrue(document.get("openapi").asText().startsWith("3.1"), document.get("openapi")::asText);
    assertTrue(document.get("paths").has("/api/v1/openapi.json"), "the document lists itself");
  }

  @Test
  void itsETagRevalidatesTo304AndAnotherTagGetsTheDocument() {
    EntityTag etag =
        served(routes).run(HttpRequest.GET(PATH)).assertStatusCode(200).header(ETag.class).etag();
    served(routes)
        .run(HttpRequest.GET(PATH).addHeader(IfNoneMatch.create(EntityTagRange.create(etag))))
        .assertStatusCode(304)
        .assertEntity("");
    served(routes)
        .run(
            HttpRequest.GET(PATH)
                .addHeader(
                    IfNoneMatch.create(EntityTagRange.create(EntityTag.create("other", false)))))
        .assertStatusCode(200);
    assertEquals(
        etag.tag(),
        served(new OpenApiRoutes().routes())
            .run(HttpRequest.GET(PATH))
            .header(ETag.class)
            .etag()
            .tag(),
        "the tag is a digest of the bytes, the same on every node");
  }

  @Test
  void anotherMethodOrPathIsAProblem() {
    assertProblem(served(routes).run(HttpRequest.POST(PATH)), 405, "");
    assertProblem(served(routes).run(HttpRequest.GET("/api/v1/openapi.yaml")), 404, "");
  }
}
