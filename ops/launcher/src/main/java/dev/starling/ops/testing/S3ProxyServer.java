package dev.starling.ops.testing;

import java.net.URI;
import java.util.Properties;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3-compatible server for tests: s3proxy in the test's JVM on a free port, over jclouds'
 * in-memory blob store, with static credentials ({@link #ACCESS_KEY}, {@link #SECRET_KEY}). The one
 * set-up every module's S3 tests share; those modules add {@code org.gaul:s3proxy} as a test
 * dependency (it is optional here, so nothing else gets it).
 */
public final class S3ProxyServer implements AutoCloseable {
  public static final String ACCESS_KEY = "access";
  public static final String SECRET_KEY = "secret";
  public static final String REGION = "us-east-1";

  private final BlobStoreContext context;
  private final S3Proxy proxy;

  private S3ProxyServer(BlobStoreContext context, S3Proxy proxy) {
    this.context = context;
    this.proxy = proxy;
  }

  /** Starts one; returns once it takes requests. */
  public static S3ProxyServer start() throws Exception {
    BlobStoreContext context =
        ContextBuilder.newBuilder("transient")
            .credentials("identity", "credential")
            .overrides(new Properties())
            .build(BlobStoreContext.class);
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(context.getBlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .build();
    try {
      proxy.start();
      while (!AbstractLifeCycle.STARTED.equals(proxy.getState())) {
        if (AbstractLifeCycle.FAILED.equals(proxy.getState())) {
          throw new IllegalStateException("s3proxy failed to start");
        }
        Thread.onSpinWait();
      }
    } catch (Exception e) {
      context.close();
      throw e;
    }
    return new S3ProxyServer(context, proxy);
  }

  /** The endpoint URL, e.g. {@code http://127.0.0.1:41234}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  /** The blob store behind it, to look at what was stored without going through S3. */
  public BlobStore blobStore() {
    return context.getBlobStore();
  }

  @Override
  public void close() throws Exception {
    try {
      proxy.stop();
    } finally {
      context.close();
    }
  }
}
