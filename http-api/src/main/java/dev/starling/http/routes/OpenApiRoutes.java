package dev.starling.http.routes;

import dev.starling.http.ApiDirectives;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.EntityTag;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /api/v1/openapi.json}: the OpenAPI 3.1 document of the whole API, without a token. The
 * document is a resource of this module, read once; its ETag (a digest of its bytes) lets a client
 * revalidate with {@code If-None-Match} and get a 304 instead of 80 KB.
 */
public final class OpenApiRoutes extends ApiDirectives {
  public static final String RESOURCE = "/openapi.json";

  private final byte[] document = read();
  private final EntityTag tag = EntityTag.create(digest(document), false);
  private final HttpResponse response =
      HttpResponse.create()
          .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, document));

  public Route routes() {
    return path(
        PathMatchers.segment("api").slash("v1").slash("openapi.json"),
        () -> get(() -> conditional(tag, () -> complete(response))));
  }

  private static byte[] read() {
    try (InputStream in = OpenApiRoutes.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
