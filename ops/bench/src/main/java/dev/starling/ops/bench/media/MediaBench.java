package dev.starling.ops.bench.media;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.starling.ops.bench.host.Machine;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * {@code ops/starling bench media}: upload and download throughput of 1 MB images and a 50 MB video
 * against a running node, next to a raw file copy of the same bytes on the same disk in the same
 * run, and the node's heap (jvm_memory_used_bytes, area heap, from /metrics) while the video
 * uploads.
 */
public final class MediaBench {
  public static final String USAGE =
      """
      Usage: ops/starling bench media [options]

      Against a running node (ops/starling up): uploads N distinct ~1 MB PNG images and one
      50 MB MP4 (POST /api/v1/media), downloads each back (GET url), and copies the same bytes
      file to file in --dir (put it on the disk of the node's media folder) in the same run.
      Prints MB/s of each and the node's heap in use while the video uploads.

      Options (defaults in brackets):
        --url URL        the node [http://127.0.0.1:8080]
        --images N       1 MB images [20]
        --video-mb N     size of the video in MB (10^6 bytes) [50]
        --dir PATH       scratch folder for the file copies [.starling/bench-media]
      """;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern HEAP_USED =
      Pattern.compile("^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} ([0-9.eE+]+)$");

  private final URI base;
  private final int images;
  private final int videoMb;
  private final Path dir;
  private final String command;
  private final PrintStream out;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private MediaBench(URI base, int images, int videoMb, Path dir, String command, PrintStream out) {
    this.base = base;
    this.images = images;
    this.videoMb = videoMb;
    this.dir = dir;
    this.command = command;
    this.out = out;
  }

  public static MediaBench parse(List<String> options, String command, PrintStream out) {
    URI base = URI.create("http://127.0.0.1:8080");
    int images = 20;
    int videoMb = 50;
    Path dir = Path.of(".starling", "bench-media");
    for (int i = 0; i < options.size(); i++) {
      String option = options.get(i);
      if (i + 1 >= options.size()) {
        throw new IllegalArgumentException("option " + option + " needs a value");
      }
      String value = options.get(++i);
      try {
        switch (option) {
          case "--url" ->
              base =
                  URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
          case "--images" -> images = positive(option, Integer.parseInt(value));
          case "--video-mb" -> videoMb = positive(option, Integer.parseInt(value));
          case "--dir" -> dir = Path.of(value);
          default -> throw new IllegalArgumentException("unknown option " + option);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(option + " needs a whole number, not " + value);
      }
    }
    return new MediaBench(base, images, videoMb, dir, command, out);
  }

  private static int positive(String option, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(option + " must be at least 1");
    }
    return value;
  }

  private record Rate(long bytes, long nanos) {
    double mbPerSecond() {
      return bytes / 1e6 / (nanos / 1e9);
    }
  }

  public void run() throws IOException {
    Files.createDirectories(dir);
    String token = signUp();
    out.println("Generating " + images + " images and a " + videoMb + " MB video ...");
    List<byte[]> pngs = new ArrayList<>();
    for (int i = 0; i < images; i++) {
      pngs.add(png(580, 580, System.nanoTime() + i));
    }
    byte[] video = mp4(videoMb * 1_000_000);

    // warm-up: one image through both paths, not measured
    download(upload(token, "image/png", png(100, 100, 1)));

    List<String> imageUrls = new ArrayList<>();
    long started = System.nanoTime();
    long imageBytes = 0;
    for (byte[] png : pngs) {
      imageUrls.add(upload(token, "image/png", png));
      imageBytes += png.length;
    }
    Rate imageUpload = new Rate(imageBytes, System.nanoTime() - started);
    started = System.nanoTime();
    for (String url : imageUrls) {
      download(url);
    }
    Rate imageDownload = new Rate(imageBytes, System.nanoTime() - started);
    Rate imageCopy = copies(pngs);

    long heapBefore = heapUsed();
    var heapPeak = new AtomicLong(heapBefore);
    var sampler =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                try {
                  heapPeak.accumulateAndGet(heapUsed(), Math::max);
                  Thread.sleep(100);
                } catch (InterruptedException e) {
                  return;
                } catch (RuntimeException e) {
                  // one failed scrape is one sample fewer
                }
              }
            },
            "heap-sampler");
    sampler.setDaemon(true);
    sampler.start();
    started = System.nanoTime();
    String videoUrl = upload(token, "video/mp4", video);
    Rate videoUpload = new Rate(video.length, System.nanoTime() - started);
    sampler.interrupt();
    started = System.nanoTime();
    download(videoUrl);
    Rate videoDownload = new Rate(video.length, System.nanoTime() - started);
    Rate videoCopy = copies(List.of(video));

    out.println();
    out.println("command: " + command);
    out.println("machine: " + Machine.describe());
    out.printf(Locale.ROOT, "images: %d x %.2f MB (PNG)%n", images, imageBytes / 1e6 / images);
    out.println("| what | upload MB/s | download MB/s | raw file copy MB/s |");
    out.println("| --- | --- | --- | --- |");
    out.printf(
        Locale.ROOT,
        "| %d images of ~1 MB, one at a time | %.1f | %.1f | %.1f |%n",
        images,
        imageUpload.mbPerSecond(),
        imageDownload.mbPerSecond(),
        imageCopy.mbPerSecond());
    out.printf(
        Locale.ROOT,
        "| one %d MB video | %.1f | %.1f | %.1f |%n",
        videoMb,
        videoUpload.mbPerSecond(),
        videoDownload.mbPerSecond(),
        videoCopy.mbPerSecond());
    out.printf(
        Locale.ROOT,
        "node heap in use during the video upload: %.0f MB before, %.0f MB at most (sampled every"
            + " 100 ms)%n",
        heapBefore / 1e6,
        heapPeak.get() / 1e6);
  }

  /** Each payload written to a file in the folder, then copied file to file; the copy is timed. */
  private Rate copies(List<byte[]> payloads) throws IOException {
    long nanos = 0;
    long bytes = 0;
    for (byte[] payload : payloads) {
      Path source = Files.write(dir.resolve("source.bin"), payload);
      Path target = dir.resolve("copy.bin");
      long started = System.nanoTime();
      Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
      try (var channel = java.nio.channels.FileChannel.open(target)) {
        channel.force(false);
      }
      nanos += System.nanoTime() - started;
      bytes += payload.length;
      Files.delete(target);
      Files.delete(source);
    }
    return new Rate(bytes, nanos);
  }

  private String signUp() {
    String handle = "media" + Long.toString(System.currentTimeMillis() % 10_000_000_000L, 36);
    String password = "bench-password-" + handle;
    var created =
        send(
            HttpRequest.newBuilder(base.resolve("/api/v1/accounts"))
                .header("Content-Type", "application/json")
                .POST(json(Map.of("handle", handle, "password", password))));
    if (created.statusCode() != 201) {
      throw new IllegalStateException(
          "sign-up failed: " + created.statusCode() + " " + text(created));
    }
    var token =
        send(
            HttpRequest.newBuilder(base.resolve("/oauth/token"))
                .header("Content-Type", "application/json")
                .POST(
                    json(
                        Map.of(
                            "grant_type", "password", "username", handle, "password", password))));
    if (token.statusCode() != 200) {
      throw new IllegalStateException("token failed: " + token.statusCode() + " " + text(token));
    }
    return read(token).get("access_token").asText();
  }

  private String upload(String token, String contentType, byte[] bytes) {
    var answer =
        send(
            HttpRequest.newBuilder(base.resolve("/api/v1/media"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
    if (answer.statusCode() != 201) {
      throw new IllegalStateException("upload failed: " + answer.statusCode() + " " + text(answer));
    }
    return read(answer).get("url").asText();
  }

  private void download(String url) {
    try {
      HttpResponse<InputStream> answer =
          http.send(
              HttpRequest.newBuilder(base.resolve(url))
                  .timeout(Duration.ofMinutes(2))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = answer.body()) {
        long read = body.transferTo(OutputStream.nullOutputStream());
        if (answer.statusCode() != 200 || read == 0) {
          throw new IllegalStateException("download failed: " + answer.statusCode());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private long heapUsed() {
    var answer = send(HttpRequest.newBuilder(base.resolve("/metrics")).GET());
    long sum = 0;
    for (String line : text(answer).split("\n")) {
      Matcher matcher = HEAP_USED.matcher(line.trim());
      if (matcher.matches()) {
        sum += (long) Double.parseDouble(matcher.group(1));
      }
    }
    return sum;
  }

  private HttpResponse<byte[]> send(HttpRequest.Builder request) {
    try {
      return http.send(
          request.timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static HttpRequest.BodyPublisher json(Object body) {
    try {
      return HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode read(HttpResponse<byte[]> answer) {
    try {
      return JSON.readTree(answer.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String text(HttpResponse<byte[]> answer) {
    return new String(answer.body(), StandardCharsets.UTF_8);
  }

  /** Noise compresses badly, so a 580 x 580 RGB PNG is about 1 MB. */
  static byte[] png(int width, int height, long seed) {
    var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    var random = new Random(seed);
    for (int x = 0; x < width; x++) {
      for (int y = 0; y < height; y++) {
        image.setRGB(x, y, random.nextInt(0xffffff));
      }
    }
    var out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** An MP4 of {@code size} bytes: an ftyp box (isom) and an mdat box of noise. */
  static byte[] mp4(int size) {
    var out = ByteBuffer.allocate(size);
    out.putInt(24).put("ftypisom".getBytes(StandardCharsets.US_ASCII)).putInt(512);
    out.put("isommp41".getBytes(StandardCharsets.US_ASCII));
    out.putInt(size - 24).put("mdat".getBytes(StandardCharsets.US_ASCII));
    byte[] noise = new byte[size - out.position()];
    new Random(size).nextBytes(noise);
    out.put(noise);
    return out.array();
  }
}
