package dev.starling.common.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.starling.tweet.Tweet;
import dev.starling.tweet.TweetData;
import java.util.Optional;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.Serialization$;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A traced command sent to an entity on another node arrives with its trace and command. */
class TracedCommandSerializerTest {
  private static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void aTracedCommandArrivesWithItsTraceAndItsCommandWhoseReplyToStillAnswers() {
    var probe = testKit.<Optional<TweetData>>createTestProbe();
    var sent =
        new TracedCommand(
            new TraceParent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "ro=1"),
            new Tweet.Get(probe.ref()));
    var serialization = SerializationExtension.get(testKit.system().classicSystem());
    var serializer = serialization.findSerializerFor(sent);
    assertInstanceOf(TracedCommandSerializer.class, serializer);

    // remoting serializes with the sending system's transport information set; so does this
    var system = (ExtendedActorSystem) testKit.system().classicSystem();
    var transport = new Serialization.Information(system.provider().getDefaultAddress(), system);
    Object received =
        Serialization$.MODULE$
            .currentTransportInformation()
            .withValue(
                transport,
                () ->
                    serialization
                        .deserialize(
                            serializer.toBinary(sent),
                            serializer.identifier(),
                            Serializers.manifestFor(serializer, sent))
                        .get());

    assertEquals(sent, received);
    ((Tweet.Get) ((TracedCommand) received).command()).replyTo().tell(Optional.empty());
    probe.expectMessage(Optional.empty());
  }
}
