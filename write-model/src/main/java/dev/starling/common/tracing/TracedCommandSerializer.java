package dev.starling.common.tracing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.SerializerWithStringManifest;
import org.apache.pekko.serialization.Serializers;

/**
 * Sends a {@link TracedCommand} to an entity on another node: the trace as two strings, then the
 * command as its own serializer writes it (its id, manifest and bytes), so any command that can be
 * sent alone can be sent traced.
 */
public final class TracedCommandSerializer extends SerializerWithStringManifest {
  private static final int IDENTIFIER = 4_071_301;
  private static final String MANIFEST = "traced-command";

  private final ExtendedActorSystem system;
  private volatile Serialization serialization;

  public TracedCommandSerializer(ExtendedActorSystem system) {
    this.system = system;
  }

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public String manifest(Object message) {
    return MANIFEST;
  }

  @Override
  public byte[] toBinary(Object message) {
    if (!(message instanceof TracedCommand traced)) {
      throw new IllegalArgumentException("not a TracedCommand: " + message.getClass().getName());
    }
    Object command = traced.command();
    Serializer serializer = serialization().findSerializerFor(command);
    byte[] bytes = serializer.toBinary(command);
    var buffer = new ByteArrayOutputStream(bytes.length + 128);
    try (var out = new DataOutputStream(buffer)) {
      out.writeUTF(traced.trace().traceparent());
      out.writeUTF(traced.trace().tracestate());
      out.writeInt(serializer.identifier());
      out.writeUTF(Serializers.manifestFor(serializer, command));
      out.writeInt(bytes.length);
      out.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.toByteArray();
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) {
    if (!MANIFEST.equals(manifest)) {
      throw new IllegalArgumentException("unknown manifest " + manifest);
    }
    try (var in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      var trace = new TraceParent(in.readUTF(), in.readUTF());
      int serializerId = in.readInt();
      String commandManifest = in.readUTF();
      byte[] command = in.readNBytes(in.readInt());
      return new TracedCommand(
          trace, serialization().deserialize(command, serializerId, commandManifest).get());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Looked up when first used: the extension is not ready while serializers are created. */
  private Serialization serialization() {
    if (serialization == null) {
      serialization = SerializationExtension.get(system);
    }
    return serialization;
  }
}
