package dev.starling.node;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import javax.imageio.ImageIO;

/** Real sample files of each accepted type, made by the tests themselves. */
final class MediaSamples {
  private MediaSamples() {}

  /** A noisy image (so it does not compress to nothing) in an ImageIO format: png, jpeg, gif. */
  static byte[] image(String format, int width, int height, long seed) {
    var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    var random = new Random(seed);
    for (int x = 0; x < width; x++) {
      for (int y = 0; y < height; y++) {
        image.setRGB(x, y, random.nextInt(0xffffff));
      }
    }
    var out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no ImageIO writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * A JPEG carrying an EXIF segment with a GPS marker text, inserted right after SOI: a minimal
   * little-endian TIFF header with an empty IFD, followed by the marker bytes.
   */
  static byte[] jpegWithExif(String marker) {
    byte[] jpeg = image("jpeg", 16, 16, 7);
    byte[] text = marker.getBytes(StandardCharsets.US_ASCII);
    var tiff = ByteBuffer.allocate(8 + 2 + 4 + text.length).order(ByteOrder.LITTLE_ENDIAN);
    tiff.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
    tiff.putShort((short) 0).putInt(0).put(text);
    byte[] payload = concat("Exif\0\0".getBytes(StandardCharsets.US_ASCII), tiff.array());
    var segment = ByteBuffer.allocate(4 + payload.length).order(ByteOrder.BIG_ENDIAN);
    segment.put((byte) 0xff).put((byte) 0xe1).putShort((short) (payload.length + 2)).put(payload);
    var out = new ByteArrayOutputStream();
    out.write(jpeg, 0, 2);
    out.writeBytes(segment.array());
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }

  /** A WebP file whose first chunk is VP8X with the given canvas size (what the header says). */
  static byte[] webp(int width, int height) {
    var vp8x = ByteBuffer.allocate(8 + 10).order(ByteOrder.LITTLE_ENDIAN);
    vp8x.put("VP8X".getBytes(StandardCharsets.US_ASCII)).putInt(10);
    vp8x.putInt(0); // flags + reserved
    putU24(vp8x, width - 1);
    putU24(vp8x, height - 1);
    byte[] body = vp8x.array();
    var riff = ByteBuffer.allocate(12 + body.length).order(ByteOrder.LITTLE_ENDIAN);
    riff.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(4 + body.length);
    riff.put("WEBP".getBytes(StandardCharsets.US_ASCII)).put(body);
    return riff.array();
  }

  /** An MP4: an ftyp box (isom brand) and an mdat box of {@code payload} noise bytes. */
  static byte[] mp4(int payload) {
    return mp4("isom", payload);
  }

  /** An MP4 whose ftyp box names {@code brand} (4 characters) as its major brand. */
  static byte[] mp4(String brand, int payload) {
    var out = ByteBuffer.allocate(24 + 8 + payload).order(ByteOrder.BIG_ENDIAN);
    out.putInt(24).put("ftyp".getBytes(StandardCharsets.US_ASCII));
    out.put(brand.getBytes(StandardCharsets.US_ASCII)).putInt(512);
    out.put("isom".getBytes(StandardCharsets.US_ASCII));
    out.put("mp41".getBytes(StandardCharsets.US_ASCII));
    out.putInt(8 + payload).put("mdat".getBytes(StandardCharsets.US_ASCII));
    byte[] noise = new byte[payload];
    new Random(payload).nextBytes(noise);
    out.put(noise);
    return out.array();
  }

  static byte[] html() {
    return "<!DOCTYPE html><html><head><title>x</title></head><body>hi</body></html>"
        .getBytes(StandardCharsets.US_ASCII);
  }

  private static void putU24(ByteBuffer buffer, int value) {
    buffer.put((byte) value).put((byte) (value >> 8)).put((byte) (value >> 16));
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] both = new byte[a.length + b.length];
    System.arraycopy(a, 0, both, 0, a.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  static int indexOf(byte[] data, byte[] pattern) {
    outer:
    for (int i = 0; i + pattern.length <= data.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
