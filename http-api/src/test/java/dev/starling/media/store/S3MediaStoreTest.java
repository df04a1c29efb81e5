package dev.starling.media.store;

import java.net.URI;
import java.util.Properties;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract against a real S3 server: s3proxy in this JVM, in-memory jclouds backend. */
class S3MediaStoreTest extends MediaStoreContract {
  private static BlobStoreContext context;
  private static S3Proxy proxy;
  private static S3MediaStore store;

  @BeforeAll
  static void startS3() throws Exception {
    context =
        ContextBuilder.newBuilder("transient")
            .credentials("identity", "credential")
            .overrides(new Properties())
            .build(BlobStoreContext.class);
    proxy =
        S3Proxy.builder()
            .blobStore(context.getBlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "access", "secret")
            .build();
    proxy.start();
    while (!AbstractLifeCycle.STARTED.equals(proxy.getState())) {
      Thread.onSpinWait();
    }
    store =
        new S3MediaStore(
            URI.create("http://127.0.0.1:" + proxy.getPort()),
            "us-east-1",
            "starling-media",
            "access",
            "secret");
  }

  @AfterAll
  static void stopS3() throws Exception {
    if (store != null) {
      store.close();
    }
    if (proxy != null) {
      proxy.stop();
    }
    if (context != null) {
      context.close();
    }
  }

  @Override
  MediaStore store() {
    return store;
  }
}
