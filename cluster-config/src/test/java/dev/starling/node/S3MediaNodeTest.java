package dev.starling.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.starling.ops.testing.RealServersExtension;
import dev.starling.ops.testing.S3ProxyServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
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
  private static final Duration SPOOL_STALE_AFTER = Duration.ofMinutes(30);
  private static S3ProxyServer s3;
  private static Path mediaDir;
  private static Path leftBehind;
  private static Path underWay;
  private static NodeFixture node;
  private static ApiClient.Account ada;

  @BeforeAll
  static void start() throws Exception {
    s3 = S3ProxyServer.start();
    // what a node that stopped mid-upload left in the spool, and a shared spool's upload under way
    mediaDir = Files.createTempDirectory("s3-media-node");
    Path spool = Files.createDirectories(mediaDir.resolve("spool"));
    leftBehind = Files.write(spool.resolve("upload-crashed.part"), new byte[1000]);
    Files.setLastModifiedTime(
        leftBehind, FileTime.from(Instant.now().minus(SPOOL_STALE_AFTER.multipliedBy(2))));
    underWay = Files.write(spool.resolve("upload-running.part"), new byte[1000]);
    node =
        new NodeFixture(
            S3MediaNodeTest.class,
            Map.of(
                "starling.media.store",
                "s3",
                "starling.media.s3.endpoint",
                s3.endpoint().toString(),
                "starling.media.s3.bucket",
                BUCKET,
                "starling.media.s3.access-key",
                S3ProxyServer.ACCESS_KEY,
                "starling.media.s3.secret-key",
                S3ProxyServer.SECRET_KEY,
                "starling.media.dir",
                mediaDir.toString(),
                "starling.media.spool-stale-after",
                SPOOL_STALE_AFTER.toMillis() + "ms"));
    ada = node.client().register("ada_s3");
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
    if (s3 != null) {
      s3.close();
    }
    if (mediaDir != null) {
      try (var files = Files.walk(mediaDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
      }
    }
  }

  @Test
  void theNodeRemovedTheSpoolFilesACrashLeftBehindAtItsStart() {
    assertFalse(Files.exists(leftBehind), "a stale spool file is removed at start");
    assertTrue(Files.exists(underWay), "a recent one (another node's upload) stays");
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

    assertTrue(s3.blobStore().blobExists(BUCKET, key), "the object is in the bucket");
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
    assertEquals(
        "bytes 1000-1999/" + video.length, part.headers().firstValue("Content-Range").orElse(""));
    var first = ranged(url, "bytes=0-99");
    assertEquals(206, first.statusCode());
    assertArrayEquals(Arrays.copyOf(video, 100), first.body());
    var openEnded = ranged(url, "bytes=" + (video.length - 50) + "-");
    assertEquals(206, openEnded.statusCode());
    assertArrayEquals(Arrays.copyOfRange(video, video.length - 50, video.length), openEnded.body());
    var suffix = ranged(url, "bytes=-30");
    assertEquals(206, suffix.statusCode());
    assertArrayEquals(Arrays.copyOfRange(video, video.length - 30, video.length), suffix.body());
    var unsatisfiable = ranged(url, "bytes=" + video.length + "-");
    assertEquals(416, unsatisfiable.statusCode());
    assertEquals(
        "bytes */" + video.length, unsatisfiable.headers().firstValue("Content-Range").orElse(""));
  }

  private static HttpResponse<byte[]> ranged(String url, String range) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(node.baseUrl() + url)).header("Range", range).GET());
  }

  private static boolean localObjects() throws IOException {
    var objects = mediaDir.resolve("objects");
    if (!Files.exists(objects)) {
      return false;
    }
    try (var files = Files.walk(objects)) {
      return files.anyMatch(Files::isRegularFile);
    }
  }
}
