package dev.starling.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.RemoteAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientAddressTest {
  private static HttpRequest from(String peer, String... forwardedFor) throws UnknownHostException {
    HttpRequest request =
        HttpRequest.create("/api/v1/accounts")
            .addAttribute(
                AttributeKeys.remoteAddress, RemoteAddress.create(InetAddress.getByName(peer)));
    for (String value : forwardedFor) {
      request = request.addHeader(HttpHeader.parse("X-Forwarded-For", value));
    }
    return request;
  }

  @Test
  void withoutTrustedProxiesTheHeaderIsIgnored() throws Exception {
    var addresses = ClientAddress.trusting("");
    assertEquals("198.51.100.7", addresses.of(from("198.51.100.7", "203.0.113.1")));
  }

  @Test
  void anUntrustedPeerCannotChooseItsAddress() throws Exception {
    var addresses = ClientAddress.trusting("10.0.0.0/8");
    assertEquals("198.51.100.7", addresses.of(from("198.51.100.7", "203.0.113.1")));
  }

  @Test
  void behindATrustedProxyTheClientIsTheLastHopItAdded() throws Exception {
    var addresses = ClientAddress.trusting("10.0.0.0/8");
    // the sender wrote 203.0.113.1 itself; the proxy appended the address it saw
    assertEquals("198.51.100.7", addresses.of(from("10.1.2.3", "203.0.113.1, 198.51.100.7")));
  }

  @Test
  void chainsOfTrustedProxiesAreWalkedFromTheRight() throws Exception {
    var addresses = ClientAddress.trusting("10.0.0.0/8, 192.168.0.1, ::1");
    assertEquals(
        "198.51.100.7",
        addresses.of(from("::1", "203.0.113.1, 198.51.100.7, 192.168.0.1, 10.9.9.9")));
  }

  @Test
  void aProxyWithoutAHeaderIsItselfTheClient() throws Exception {
    var addresses = ClientAddress.trusting("10.0.0.0/8");
    assertEquals("10.1.2.3", addresses.of(from("10.1.2.3")));
  }

  @Test
  void anUnparsableHeaderLeavesTheProxyAsTheClient() throws Exception {
    var addresses = ClientAddress.trusting("10.0.0.0/8");
    assertEquals("10.1.2.3", addresses.of(from("10.1.2.3", "not-an-address")));
  }

  @Test
  void networkBoundariesAreExact() throws Exception {
    var addresses = ClientAddress.trusting("10.0.0.0/9");
    assertEquals("198.51.100.7", addresses.of(from("10.127.255.255", "198.51.100.7")));
    assertEquals("10.128.0.1", addresses.of(from("10.128.0.1", "198.51.100.7")));
  }

  @Test
  void anUnknownPeerIsUnknown() {
    assertEquals("unknown", ClientAddress.trusting("").of(HttpRequest.create("/api/v1/accounts")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"proxy.example.com", "10.0.0.0/33", "10.0.0.0/x", "1.2.3", "fe80::/129"})
  void aTrustedProxyThatIsNotAnAddressOrNetworkIsAConfigurationError(String entry) {
    assertThrows(IllegalArgumentException.class, () -> ClientAddress.trusting(entry));
  }
}
