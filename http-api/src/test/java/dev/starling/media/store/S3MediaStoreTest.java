package dev.starling.media.store;

import dev.starling.ops.testing.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract against a real S3 server: s3proxy in this JVM, in-memory jclouds backend. */
class S3MediaStoreTest extends MediaStoreContract {
  private static S3ProxyServer s3;
  private static S3MediaStore store;

  @BeforeAll
  static void startS3() throws Exception {
    s3 = S3ProxyServer.start();
    store =
        new S3MediaStore(
            s3.endpoint(),
            S3ProxyServer.REGION,
            "starling-media",
            S3ProxyServer.ACCESS_KEY,
            S3ProxyServer.SECRET_KEY);
  }

  @AfterAll
  static void stopS3() throws Exception {
    if (store != null) {
      store.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  @Override
  MediaStore store() {
    return store;
  }
}
