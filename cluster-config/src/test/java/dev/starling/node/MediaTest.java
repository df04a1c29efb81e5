package dev.starling.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.starling.common.Outcome;
import dev.starling.ops.testing.RealServersExtension;
import dev.starling.tweet.Tweet;
import dev.starling.tweet.TweetData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Media upload and serving over real HTTP: every status path, type sniffing, ETag and Range. */
@ExtendWith(RealServersExtension.class)
class MediaTest {
  private static final int IMAGE_LIMIT = 200_000;
  private static final Duration EXPIRY = Duration.ofSeconds(10);
  private static final Duration GRACE = Duration.ofSeconds(3);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static NodeFixture node;
  private static ApiClient.Account ada;
  private static ApiClient.Account bob;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    node =
        new NodeFixture(
            MediaTest.class,
            Map.of(
                "starling.media.max-image-bytes",
                IMAGE_LIMIT,
                "starling.media.max-video-bytes",
                400_000,
                "starling.media.unattached-expiry",
                EXPIRY.toMillis() + "ms",
                "starling.media.delete-grace",
                GRACE.toMillis() + "ms",
                "starling.media.sweep-interval",
                "300ms"));
    api = node.client();
    ada = api.register("ada_media");
    bob = api.register("bob_media");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  record Reply(int status, Map<String, String> headers, byte[] body) {
    JsonNode json() {
      try {
        return MAPPER.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private static Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<byte[]> response =
          HTTP.send(
              request.timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      var headers = new java.util.TreeMap<String, String>(String.CASE_INSENSITIVE_ORDER);
      response.headers().map().forEach((name, values) -> headers.put(name, values.get(0)));
      return new Reply(response.statusCode(), headers, response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(node.baseUrl() + path));
  }

  static Reply upload(String contentType, byte[] bytes) {
    return upload(contentType, HttpRequest.BodyPublishers.ofByteArray(bytes));
  }

  static Reply upload(String contentType, HttpRequest.BodyPublisher body) {
    return send(
        request("/api/v1/media")
            .header("Authorization", "Bearer " + ada.token())
            .header("Content-Type", contentType)
            .POST(body));
  }

  private static JsonNode uploaded(String contentType, byte[] bytes) {
    Reply reply = upload(contentType, bytes);
    assertEquals(201, reply.status(), reply::text);
    return reply.json();
  }

  private static Reply fetch(String url, Map<String, String> headers) {
    var builder = request(url).GET();
    headers.forEach(builder::header);
    return send(builder);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static void assertProblem(Reply reply, int status, String mentions) {
    assertEquals(status, reply.status(), reply::text);
    assertEquals("application/problem+json", reply.headers().get("Content-Type"));
    assertTrue(reply.text().contains(mentions), reply::text);
  }

  @Test
  void aPngIsStoredAndServedImmutableWithETagAndRanges() throws Exception {
    byte[] png = MediaSamples.image("png", 30, 20, 1);
    JsonNode media = uploaded("image/png", png);
    assertEquals("image/png", media.get("content_type").asText());
    assertEquals(png.length, media.get("size").asLong());
    assertEquals(30, media.get("width").asInt());
    assertEquals(20, media.get("height").asInt());
    String url = media.get("url").asText();
    assertTrue(url.startsWith("/api/v1/media/" + media.get("id").asText() + "/"), url);

    Reply whole = fetch(url, Map.of());
    assertEquals(200, whole.status());
    assertArrayEquals(png, whole.body());
    assertEquals("image/png", whole.headers().get("Content-Type"));
    assertEquals(Integer.toString(png.length), whole.headers().get("Content-Length"));
    String etag = whole.headers().get("ETag");
    assertEquals("\"" + sha256(png) + "\"", etag);
    assertEquals("public, max-age=31536000, immutable", whole.headers().get("Cache-Control"));
    assertEquals("bytes", whole.headers().get("Accept-Ranges"));

    Reply notModified = fetch(url, Map.of("If-None-Match", etag));
    assertEquals(304, notModified.status());
    assertEquals(0, notModified.body().length);

    Reply part = fetch(url, Map.of("Range", "bytes=10-19"));
    assertEquals(206, part.status());
    assertArrayEquals(Arrays.copyOfRange(png, 10, 20), part.body());
    assertEquals("bytes 10-19/" + png.length, part.headers().get("Content-Range"));

    Reply first = fetch(url, Map.of("Range", "bytes=0-9"));
    assertEquals(206, first.status());
    assertArrayEquals(Arrays.copyOf(png, 10), first.body());
    Reply openEnded = fetch(url, Map.of("Range", "bytes=" + (png.length - 8) + "-"));
    assertEquals(206, openEnded.status());
    assertArrayEquals(Arrays.copyOfRange(png, png.length - 8, png.length), openEnded.body());
    assertEquals(
        "bytes " + (png.length - 8) + "-" + (png.length - 1) + "/" + png.length,
        openEnded.headers().get("Content-Range"));

    Reply tail = fetch(url, Map.of("Range", "bytes=-5"));
    assertEquals(206, tail.status());
    assertArrayEquals(Arrays.copyOfRange(png, png.length - 5, png.length), tail.body());

    Reply unsatisfiable = fetch(url, Map.of("Range", "bytes=" + (png.length + 10) + "-"));
    assertProblem(unsatisfiable, 416, "bytes");
    assertEquals("bytes */" + png.length, unsatisfiable.headers().get("Content-Range"));
  }

  @Test
  void everyAcceptedTypeIsRecognisedFromItsBytes() {
    assertEquals(
        "image/jpeg",
        uploaded("image/jpeg", MediaSamples.image("jpeg", 8, 8, 2)).get("content_type").asText());
    JsonNode gif = uploaded("image/gif", MediaSamples.image("gif", 5, 4, 3));
    assertEquals(5, gif.get("width").asInt());
    JsonNode webp = uploaded("image/webp", MediaSamples.webp(640, 480));
    assertEquals(640, webp.get("width").asInt());
    assertEquals(480, webp.get("height").asInt());
    assertEquals(
        "video/mp4",
        uploaded("video/mp4", MediaSamples.mp4("mp42", 1000)).get("content_type").asText());
    byte[] mp4 = MediaSamples.mp4(300_000);
    JsonNode video = uploaded("video/mp4", mp4);
    assertEquals(mp4.length, video.get("size").asLong());
    assertArrayEquals(mp4, fetch(video.get("url").asText(), Map.of()).body());
  }

  @Test
  void exifIsStrippedFromJpegs() throws Exception {
    byte[] jpeg = MediaSamples.jpegWithExif("GPS 51.5N 0.1W");
    JsonNode media = uploaded("image/jpeg", jpeg);
    Reply served = fetch(media.get("url").asText(), Map.of());
    assertEquals(200, served.status());
    byte[] marker = "GPS 51.5N".getBytes(StandardCharsets.US_ASCII);
    assertTrue(MediaSamples.indexOf(jpeg, marker) > 0, "the sample carries the marker");
    assertEquals(-1, MediaSamples.indexOf(served.body(), marker), "the served JPEG does not");
    assertEquals(served.body().length, media.get("size").asLong());
    assertEquals("\"" + sha256(served.body()) + "\"", served.headers().get("ETag"));
  }

  @Test
  void bytesThatAreNotTheDeclaredTypeAreRefused() {
    assertProblem(upload("image/jpeg", MediaSamples.image("png", 4, 4, 4)), 422, "image/png");
    assertProblem(upload("image/png", MediaSamples.html()), 422, "text/html");
    assertProblem(upload("video/mp4", MediaSamples.image("gif", 4, 4, 5)), 422, "image/gif");
  }

  @Test
  void unsupportedTypesEmptyBodiesAndMissingTokensAreRefused() {
    assertProblem(upload("text/html", MediaSamples.html()), 415, "Content-Type");
    assertProblem(upload("application/octet-stream", new byte[] {1, 2}), 415, "image/png");
    assertProblem(upload("image/png", new byte[0]), 422, "empty");
    Reply anonymous =
        send(
            request("/api/v1/media")
                .header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofByteArray(MediaSamples.image("png", 2, 2, 6))));
    assertEquals(401, anonymous.status());
  }

  @Test
  void bodiesOverTheLimitAreRefusedWithOrWithoutALength() {
    byte[] big = MediaSamples.image("png", 400, 400, 8);
    assertTrue(big.length > IMAGE_LIMIT);
    assertProblem(
        upload("image/png", big),
        413,
        "an upload of type image/png is at most " + IMAGE_LIMIT + " bytes");
    // no Content-Length: chunked, refused once the bytes pass the limit
    Reply chunked =
        upload(
            "image/png",
            HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)));
    assertProblem(chunked, 413, Integer.toString(IMAGE_LIMIT));
    // a video may be larger than an image
    assertEquals(201, upload("video/mp4", MediaSamples.mp4(IMAGE_LIMIT + 1000)).status());
  }

  @Test
  void unknownMediaAndWrongKeysAreNotFound() throws Exception {
    JsonNode media = uploaded("image/gif", MediaSamples.image("gif", 3, 3, 9));
    String id = media.get("id").asText();
    assertProblem(fetch("/api/v1/media/" + id + "/" + "0".repeat(64), Map.of()), 404, "media");
    assertProblem(fetch("/api/v1/media/12345/" + "0".repeat(64), Map.of()), 404, "media");
    // no such route: 401 without a token like any unknown path, 404 with one
    assertEquals(401, fetch("/api/v1/media/" + id, Map.of()).status());
    assertEquals(
        404,
        fetch("/api/v1/media/" + id, Map.of("Authorization", "Bearer " + ada.token())).status());
  }

  private static String mediaId(JsonNode media) {
    return media.get("id").asText();
  }

  private static JsonNode png(long seed) {
    return uploaded("image/png", MediaSamples.image("png", 4, 4, seed));
  }

  private static ApiClient.Response post(ApiClient.Account author, Map<String, Object> body) {
    return api.postJson("/api/v1/tweets", author.token(), body);
  }

  private static ApiClient.Response post(
      ApiClient.Account author, Map<String, Object> body, String idempotencyKey) {
    return api.postJson(
        "/api/v1/tweets", author.token(), body, Map.of("Idempotency-Key", idempotencyKey));
  }

  @Test
  void aTweetShowsItsMediaEverywhereAndItsDeleteMakesThemUnreachable() {
    JsonNode picture = png(20);
    JsonNode clip = uploaded("video/mp4", MediaSamples.mp4(2000));
    var posted =
        post(
            ada,
            Map.of("text", "", "media_ids", java.util.List.of(mediaId(picture), mediaId(clip))));
    assertEquals(201, posted.status(), () -> posted.raw().body());
    String tweetId = posted.json().get("id").asText();
    JsonNode media = posted.json().get("media");
    assertEquals(2, media.size());
    assertEquals(mediaId(picture), media.get(0).get("id").asText());
    assertEquals("image/png", media.get(0).get("content_type").asText());
    assertEquals(picture.get("url").asText(), media.get(0).get("url").asText());
    assertEquals("video/mp4", media.get(1).get("content_type").asText());

    var byId = api.get("/api/v1/tweets/" + tweetId, bob.token());
    assertEquals(media, byId.json().get("media"));
    var timeline = api.get("/api/v1/users/" + ada.id() + "/tweets", bob.token());
    JsonNode first = timeline.json().get("items").get(0);
    assertEquals(tweetId, first.get("id").asText());
    assertEquals(media, first.get("media"));

    assertEquals(204, api.delete("/api/v1/tweets/" + tweetId, ada.token()).status());
    assertProblem(fetch(picture.get("url").asText(), Map.of()), 404, "media");
    assertProblem(fetch(clip.get("url").asText(), Map.of()), 404, "media");
  }

  @Test
  void mediaIdsAreCheckedBeforeAnythingIsPosted() {
    var five = java.util.stream.IntStream.range(0, 5).mapToObj(i -> mediaId(png(30 + i))).toList();
    assertProblemJson(post(ada, Map.of("text", "x", "media_ids", five)), 422, "at most 4");
    String once = mediaId(png(40));
    assertProblemJson(
        post(ada, Map.of("text", "x", "media_ids", java.util.List.of(once, once))),
        422,
        "more than once");
    assertProblemJson(
        post(ada, Map.of("text", "x", "media_ids", java.util.List.of("123456789"))),
        404,
        "123456789");
    assertProblemJson(
        post(ada, Map.of("text", "x", "media_ids", java.util.List.of("not-an-id"))),
        404,
        "not-an-id");
    // someone else's media is not found for the caller
    assertProblemJson(
        post(bob, Map.of("text", "x", "media_ids", java.util.List.of(once))), 404, once);
    // a post refused for its text gives its media back
    assertProblemJson(
        post(ada, Map.of("text", "x".repeat(300), "media_ids", java.util.List.of(once))),
        422,
        "280");
    var posted = post(ada, Map.of("text", "", "media_ids", java.util.List.of(once)));
    assertEquals(201, posted.status(), () -> posted.raw().body());
    // and media attached to one tweet cannot go with another
    assertProblemJson(
        post(ada, Map.of("text", "again", "media_ids", java.util.List.of(once))),
        422,
        "already attached");
    // no text and no media is still refused
    assertProblemJson(post(ada, Map.of("text", "")), 422, "text");
  }

  @Test
  void aRetriedPostAttachesItsMediaOnce() {
    var ids = java.util.List.of(mediaId(png(50)), mediaId(png(51)));
    var first = post(ada, Map.of("text", "retried", "media_ids", ids), "media-retry-1");
    var again = post(ada, Map.of("text", "retried", "media_ids", ids), "media-retry-1");
    assertEquals(201, first.status(), () -> first.raw().body());
    assertEquals(201, again.status(), () -> again.raw().body());
    assertEquals(first.json().get("id"), again.json().get("id"));
    assertEquals(first.json().get("media"), again.json().get("media"));
  }

  private static void assertProblemJson(ApiClient.Response answer, int status, String mentions) {
    assertEquals(status, answer.status(), () -> answer.raw().body());
    assertTrue(answer.raw().body().contains(mentions), () -> answer.raw().body());
  }

  /** Whether the local store holds the object a media URL names. */
  private static boolean stored(String url) {
    String key = url.substring(url.lastIndexOf('/') + 1);
    return java.nio.file.Files.exists(
        node.mediaDir().resolve("objects").resolve(key.substring(0, 2)).resolve(key));
  }

  @Test
  void expiredUploadsLoseTheirBytesButBytesALiveMediumSharesStay() {
    byte[] shared = MediaSamples.image("png", 7, 7, 23);
    JsonNode attached = uploaded("image/png", shared);
    JsonNode twin = uploaded("image/png", shared);
    assertEquals(
        attached.get("url").asText().replaceAll(".*/", ""),
        twin.get("url").asText().replaceAll(".*/", ""));
    assertEquals(
        201,
        post(ada, Map.of("text", "kept", "media_ids", java.util.List.of(mediaId(attached))))
            .status());
    JsonNode expiring = png(22);
    String unattached = expiring.get("url").asText();
    assertTrue(stored(unattached));
    assertEquals(200, fetch(unattached, Map.of()).status());
    Reply gone =
        Eventually.within(
            EXPIRY.plusSeconds(20),
            () -> fetch(unattached, Map.of()),
            reply -> reply.status() == 404);
    assertProblem(gone, 404, "media");
    // an expired upload can no longer be attached
    assertProblemJson(
        post(ada, Map.of("text", "late", "media_ids", java.util.List.of(mediaId(expiring)))),
        404,
        mediaId(expiring));
    Eventually.within(EXPIRY.plusSeconds(20), () -> stored(unattached), removed -> !removed);
    // the twin expired too, yet its bytes are the attached medium's as well and stay
    assertEquals(404, fetch(twin.get("url").asText(), Map.of()).status());
    Reply kept = fetch(attached.get("url").asText(), Map.of());
    assertEquals(200, kept.status());
    assertArrayEquals(shared, kept.body());
    assertTrue(stored(attached.get("url").asText()));
  }

  /** Posts a tweet of ada's with just this medium; answers its id. */
  private static String postedWith(JsonNode medium) {
    var posted = post(ada, Map.of("text", "", "media_ids", java.util.List.of(mediaId(medium))));
    assertEquals(201, posted.status(), () -> posted.raw().body());
    return posted.json().get("id").asText();
  }

  @Test
  void aDeletedTweetsMediaIsGoneAtOnceAndItsBytesAfterTheGracePeriod() {
    JsonNode picture = png(24);
    String url = picture.get("url").asText();
    String tweetId = postedWith(picture);
    assertEquals(204, api.delete("/api/v1/tweets/" + tweetId, ada.token()).status());
    assertProblem(fetch(url, Map.of()), 404, "media");
    assertTrue(stored(url), "the bytes stay for the grace period");
    Eventually.within(GRACE.plusSeconds(20), () -> stored(url), removed -> !removed);
  }

  /**
   * A delete persisted without the service's fast path behind it (as when the node stops right
   * after the entity acknowledged it): the media-release projection releases the media from the
   * journal, so they are gone for everyone all the same, and their bytes after the grace period.
   */
  @Test
  void mediaOfATweetDeletedWithoutTheFastPathAreReleasedFromTheJournal() {
    JsonNode picture = png(25);
    String url = picture.get("url").asText();
    String tweetId = postedWith(picture);
    var system = node.node().system();
    Outcome<TweetData> deleted =
        ClusterSharding.get(system)
            .entityRefFor(Tweet.ENTITY_KEY, tweetId)
            .<Outcome<TweetData>>ask(
                r -> new Tweet.Delete(Long.parseLong(ada.id()), Instant.now(), r),
                Duration.ofSeconds(10))
            .toCompletableFuture()
            .join();
    assertTrue(deleted instanceof Outcome.Accepted<TweetData>, deleted::toString);

    Reply gone =
        Eventually.within(
            Duration.ofSeconds(30), () -> fetch(url, Map.of()), reply -> reply.status() == 404);
    assertProblem(gone, 404, "media");
    Eventually.within(GRACE.plusSeconds(20), () -> stored(url), removed -> !removed);
  }
}
