package dev.starling.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.starling.ops.testing.RealServersExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A node configured with the S3 media store (STARLING_MEDIA_STORE=s3) against s3proxy. */
@ExtendWith(RealServersExtension.class)
class S3MediaNodeTest {
  private static final String BUCKET = "node-media";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static BlobStoreContext context;
  private static S3Proxy proxy;
  private static NodeFixture node;
  private static ApiClient.Account ada;

  @BeforeAll
  static void start() throws Exception {
    context =
        ContextBuilder.newBuilder("transient")
            .credentials("identity", "credential")
            .overrides(new Properties())
            .build(BlobStoreContext.class);
    proxy =
        S3Proxy.builder()
            .blobStore(context.getBlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "access", "secret")
            .build();
    proxy.start();
    while (!AbstractLifeCycle.STARTED.equals(proxy.getState())) {
      Thread.onSpinWait();
    }
    node =
        new NodeFixture(
            S3MediaNodeTest.class,
            Map.of(
                "starling.media.store", "s3",
                "starling.media.s3.endpoint", "http://127.0.0.1:" + proxy.getPort(),
                "starling.media.s3.bucket", BUCKET,
                "starling.media.s3.access-key", "access",
                "starling.media.s3.secret-key", "secret"));
    ada = node.client().register("ada_s3");
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
    if (proxy != null) {
      proxy.stop();
    }
    if (context != null) {
      context.close();
    }
  }

  private static HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(
        request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void uploadsLandInTheBucketAndAreServedFromIt() throws Exception {
    byte[] video = MediaSamples.mp4(200_000);
    var uploaded =
        send(
            HttpRequest.newBuilder(URI.create(node.baseUrl() + "/api/v1/media"))
                .header("Authorization", "Bearer " + ada.token())
                .header("Content-Type", "video/mp4")
                .POST(HttpRequest.BodyPublishers.ofByteArray(video)));
    assertEquals(201, uploaded.statusCode(), () -> new String(uploaded.body()));
    JsonNode media = new ObjectMapper().readTree(uploaded.body());
    String url = media.get("url").asText();
    String key = url.substring(url.lastIndexOf('/') + 1);

    assertTrue(context.getBlobStore().blobExists(BUCKET, key), "the object is in the bucket");
    assertFalse(localObjects(), "nothing went to the local folder");

    var whole = send(HttpRequest.newBuilder(URI.create(node.baseUrl() + url)).GET());
    assertEquals(200, whole.statusCode());
    assertArrayEquals(video, whole.body());
    var part =
        send(
            HttpRequest.newBuilder(URI.create(node.baseUrl() + url))
                .header("Range", "bytes=1000-1999")
                .GET());
    assertEquals(206, part.statusCode());
    assertArrayEquals(Arrays.copyOfRange(video, 1000, 2000), part.body());
  }

  private static boolean localObjects() throws IOException {
    var objects = node.mediaDir().resolve("objects");
    if (!Files.exists(objects)) {
      return false;
    }
    try (var files = Files.walk(objects)) {
      return files.anyMatch(Files::isRegularFile);
    }
  }
}
