package dev.starling.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.internal.core.protocol.ByteBufPrimitiveCodec;
import com.datastax.oss.driver.internal.core.protocol.BytesToSegmentDecoder;
import com.datastax.oss.driver.internal.core.protocol.SegmentToFrameDecoder;
import com.datastax.oss.protocol.internal.Compressor;
import com.datastax.oss.protocol.internal.Frame;
import com.datastax.oss.protocol.internal.FrameCodec;
import com.datastax.oss.protocol.internal.Segment;
import com.datastax.oss.protocol.internal.SegmentCodec;
import com.datastax.oss.protocol.internal.response.error.WriteTimeout;
import com.datastax.oss.protocol.internal.response.result.Void;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Why the node pins native protocol V4 (cassandra-driver.conf), shown with the driver's own v5
 * decoders: Cassandra 5.0 ends a CAS write-timeout error with a {@code contentions} [short] when it
 * speaks v5; driver 4.18.1 (native-protocol 1.5.1) does not read it and does not skip to the end of
 * the frame, and in v5 several responses share one segment — so the response after the error is
 * decoded two bytes early, the decoder fails, and the driver closes the connection with every
 * request in flight on it (with 1 contention the two bytes read as version 0 and opcode 0, the
 * "Unsupported request opcode: 0 in protocol 0" seen in production; other counts fail on other
 * garbage). When this test fails, the driver reads v5 CAS timeouts correctly and the pin can go
 * (CassandraBurstTest then shows whether v5 holds).
 */
class ProtocolV5CasTimeoutTest {
  private static final int V5_RESPONSE = 0x85;
  private static final int ERROR = 0x00;
  private static final int RESULT = 0x08;
  private static final int WRITE_TIMEOUT = 0x1100;
  private static final int SERIAL = 0x0008;

  private final ByteBufPrimitiveCodec bytes = new ByteBufPrimitiveCodec(ByteBufAllocator.DEFAULT);

  @Test
  void casTimeoutAsCassandra5SendsItMisalignsTheNextResponseInItsSegment() {
    var channel = driverInboundPipeline();
    var failure =
        assertThrows(
            DecoderException.class,
            () -> channel.writeInbound(segment(casWriteTimeout(1, true), voidResult(2))));
    assertTrue(
        failure.getMessage().contains("Unsupported request opcode: 0 in protocol 0"),
        failure.getMessage());
  }

  @Test
  void casTimeoutWithoutContentionsDecodesWithTheResponseAfterIt() {
    var channel = driverInboundPipeline();
    channel.writeInbound(segment(casWriteTimeout(1, false), voidResult(2)));
    Frame error = channel.readInbound();
    Frame result = channel.readInbound();
    assertEquals("CAS", ((WriteTimeout) error.message).writeType);
    assertTrue(result.message instanceof Void);
    assertEquals(2, result.streamId);
  }

  /** The handlers a driver connection decodes v5 responses with, in the same order. */
  private EmbeddedChannel driverInboundPipeline() {
    return new EmbeddedChannel(
        new BytesToSegmentDecoder(new SegmentCodec<>(bytes, Compressor.none())),
        new SegmentToFrameDecoder(FrameCodec.defaultClient(bytes, Compressor.none()), "test"));
  }

  /** One self-contained v5 segment holding these frames, CRCs and all. */
  private ByteBuf segment(ByteBuf... frames) {
    var payload = Unpooled.buffer();
    for (var frame : frames) {
      payload.writeBytes(frame);
    }
    List<Object> parts = new ArrayList<>();
    new SegmentCodec<>(bytes, Compressor.none()).encode(new Segment<>(payload, true), parts);
    return Unpooled.wrappedBuffer(parts.stream().map(ByteBuf.class::cast).toArray(ByteBuf[]::new));
  }

  /** An ERROR frame as Cassandra 5.0 encodes a CasWriteTimeoutException. */
  private static ByteBuf casWriteTimeout(int streamId, boolean withContentions) {
    var body = Unpooled.buffer();
    body.writeInt(WRITE_TIMEOUT);
    writeString(
        body, "CAS operation timed out: received 0 of 1 required responses after 1 contention.");
    body.writeShort(SERIAL);
    body.writeInt(0);
    body.writeInt(1);
    writeString(body, "CAS");
    if (withContentions) {
      body.writeShort(1);
    }
    return frame(streamId, ERROR, body);
  }

  private static ByteBuf voidResult(int streamId) {
    return frame(streamId, RESULT, Unpooled.buffer().writeInt(0x0001));
  }

  private static ByteBuf frame(int streamId, int opcode, ByteBuf body) {
    return Unpooled.buffer()
        .writeByte(V5_RESPONSE)
        .writeByte(0)
        .writeShort(streamId)
        .writeByte(opcode)
        .writeInt(body.readableBytes())
        .writeBytes(body);
  }

  private static void writeString(ByteBuf target, String text) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    target.writeShort(utf8.length).writeBytes(utf8);
  }
}
