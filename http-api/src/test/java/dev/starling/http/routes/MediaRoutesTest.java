package dev.starling.http.routes;

import dev.starling.app.MediaService;
import dev.starling.http.testing.JUnit5RouteTest;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.server.Route;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code POST /media} and {@code GET /media/{id}/{sha256}}: uploads refused before a byte is
 * spooled (a type that is not accepted, a declared length over the type's limit) and paths that are
 * not media. The service has its limits and nothing else (no store, spool or entities), so a
 * request past validation would be a 500.
 */
class MediaRoutesTest extends JUnit5RouteTest {
  private static final long IMAGE_LIMIT = 10;
  private static final long VIDEO_LIMIT = 100;
  private final MediaRoutes media =
      new MediaRoutes(
          new MediaService(
              null, null, null, null, null, IMAGE_LIMIT, VIDEO_LIMIT, null, null, null));
  private final Route upload = media.routes(7L);
  private final Route serving = media.servingRoutes();

  private static HttpRequest upload(String contentType, int bytes) {
    return HttpRequest.POST("/media")
        .withEntity(HttpEntities.create(ContentTypes.parse(contentType), new byte[bytes]));
  }

  @ParameterizedTest
  @ValueSource(strings = {"image/svg+xml", "text/plain", "application/octet-stream", "video/webm"})
  void aTypeThatIsNotAcceptedIs415NamingTheAcceptedOnes(String type) {
    assertProblem(served(upload).run(upload(type, 1)), 415, "image/png");
  }

  @Test
  void aDeclaredLengthOverTheTypesLimitIs413NamingTheLimit() {
    assertProblem(
        served(upload).run(upload("image/png", (int) IMAGE_LIMIT + 1)),
        413,
        "image/png is at most " + IMAGE_LIMIT + " bytes");
    assertProblem(
        served(upload).run(upload("video/mp4", (int) VIDEO_LIMIT + 1)),
        413,
        "video/mp4 is at most " + VIDEO_LIMIT + " bytes");
  }

  @Test
  void anotherMethodOnUploadIs405() {
    assertProblem(served(upload).run(HttpRequest.GET("/media")), 405, "");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/media/abc/key", "/media/1x/key", "/media/12", "/media/12/key/more"})
  void aServingPathThatIsNotMediaIs404(String path) {
    assertProblem(served(serving).run(HttpRequest.GET(path)), 404, "");
  }

  @Test
  void anotherMethodOnServingIs405() {
    assertProblem(served(serving).run(HttpRequest.DELETE("/media/12/key")), 405, "");
  }
}
