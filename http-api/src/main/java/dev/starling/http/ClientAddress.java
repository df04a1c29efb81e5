package dev.starling.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.RemoteAddress;
import org.apache.pekko.http.javadsl.model.headers.XForwardedFor;

/**
 * Who sent a request, for per-address rules such as rate limits. The answer is the connection's
 * peer unless that peer is a configured trusted proxy; only then is {@code X-Forwarded-For} read,
 * from the right (the hop the proxy itself added) past every trusted proxy to the first address
 * that is not one. Anyone can write the header, so a node that trusted it from every peer would let
 * each request choose its own address and escape every per-address limit.
 */
public final class ClientAddress {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final String UNKNOWN = "unknown";

  private final List<Network> trustedProxies;

  private ClientAddress(List<Network> trustedProxies) {
    this.trustedProxies = List.copyOf(trustedProxies);
  }

  /**
   * From a comma-separated list of addresses and CIDR networks ({@code 10.0.0.0/8, ::1}); empty
   * trusts no proxy.
   *
   * @throws IllegalArgumentException naming the entry that is not an IP literal or network
   */
  public static ClientAddress trusting(String trustedProxies) {
    var networks = new ArrayList<Network>();
    for (String entry : trustedProxies.split(",")) {
      if (!entry.isBlank()) {
        networks.add(Network.parse(entry.strip()));
      }
    }
    return new ClientAddress(networks);
  }

  /** The client's address as text, or {@code "unknown"} when the connection's peer is unknown. */
  public String of(HttpRequest request) {
    Optional<InetAddress> peer =
        request.getAttribute(AttributeKeys.remoteAddress).flatMap(RemoteAddress::getAddress);
    if (peer.isEmpty()) {
      return UNKNOWN;
    }
    InetAddress client = peer.get();
    if (trusted(client)) {
      // a header that does not parse as a list of addresses stays a raw header: the proxy is the
      // client then, never a value the sender chose
      List<InetAddress> hops = new ArrayList<>();
      request
          .getHeader(XForwardedFor.class)
          .ifPresent(
              header ->
                  header.getAddresses().forEach(hop -> hop.getAddress().ifPresent(hops::add)));
      for (int i = hops.size() - 1; i >= 0 && trusted(client); i--) {
        client = hops.get(i);
      }
    }
    return client.getHostAddress();
  }

  private boolean trusted(InetAddress address) {
    return trustedProxies.stream().anyMatch(network -> network.contains(address));
  }

  private record Network(byte[] prefix, int bits) {
    static Network parse(String entry) {
      int slash = entry.indexOf('/');
      String literal = slash < 0 ? entry : entry.substring(0, slash);
      InetAddress address = literal(literal, entry);
      int max = address.getAddress().length * 8;
      int bits;
      try {
        bits = slash < 0 ? max : Integer.parseInt(entry.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not an IP address or network: " + entry);
      }
      if (bits < 0 || bits > max) {
        throw new IllegalArgumentException("prefix length out of range: " + entry);
      }
      return new Network(address.getAddress(), bits);
    }

    /** Parses an IP literal, never a host name: resolving one here would be a DNS lookup. */
    private static InetAddress literal(String literal, String entry) {
      if (!IPV4.matcher(literal).matches() && literal.indexOf(':') < 0) {
        throw new IllegalArgumentException("not an IP address or network: " + entry);
      }
      try {
        return InetAddress.getByName(literal);
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("not an IP address or network: " + entry);
      }
    }

    boolean contains(InetAddress address) {
      byte[] candidate = address.getAddress();
      if (candidate.length != prefix.length) {
        return false;
      }
      int whole = bits / 8;
      for (int i = 0; i < whole; i++) {
        if (candidate[i] != prefix[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = 0xff << (8 - rest);
      return (candidate[whole] & mask) == (prefix[whole] & mask);
    }
  }
}
