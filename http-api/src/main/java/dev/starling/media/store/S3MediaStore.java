package dev.starling.media.store;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Media in an S3-compatible bucket (AWS SDK v2, path-style addressing so MinIO, s3proxy and friends
 * work). Each object is written with one PUT, which S3 makes visible only once complete.
 */
public final class S3MediaStore implements MediaStore {
  private final S3Client s3;
  private final String bucket;

  public S3MediaStore(
      URI endpoint, String region, String bucket, String accessKey, String secretKey) {
    this.bucket = bucket;
    var builder =
        S3Client.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .region(Region.of(region))
            .forcePathStyle(true)
            // S3-compatible servers do not all take the SDK's newer trailing checksums
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)));
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    this.s3 = builder.build();
    ensureBucket();
  }

  private void ensureBucket() {
    try {
      s3.headBucket(b -> b.bucket(bucket));
    } catch (NoSuchBucketException e) {
      s3.createBucket(b -> b.bucket(bucket));
    } catch (S3Exception e) {
      if (e.statusCode() != 404) {
        throw e;
      }
      s3.createBucket(b -> b.bucket(bucket));
    }
  }

  @Override
  public void put(String key, Path file, String contentType) throws IOException {
    MediaStore.checkedKey(key);
    if (size(key).isPresent()) {
      return;
    }
    s3.putObject(
        b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromFile(file));
  }

  @Override
  public OptionalLong size(String key) throws IOException {
    MediaStore.checkedKey(key);
    try {
      return OptionalLong.of(s3.headObject(b -> b.bucket(bucket).key(key)).contentLength());
    } catch (NoSuchKeyException e) {
      return OptionalLong.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return OptionalLong.empty();
      }
      throw new IOException("S3 HEAD " + key + " failed", e);
    }
  }

  @Override
  public InputStream open(String key, long offset, long length) throws IOException {
    MediaStore.checkedKey(key);
    if (length <= 0) {
      if (size(key).isEmpty()) {
        throw new NoSuchFileException(key);
      }
      return InputStream.nullInputStream();
    }
    try {
      String range = "bytes=" + offset + "-" + (offset + length - 1);
      return s3.getObject(b -> b.bucket(bucket).key(key).range(range));
    } catch (NoSuchKeyException e) {
      throw new NoSuchFileException(key);
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        throw new NoSuchFileException(key);
      }
      throw new IOException("S3 GET " + key + " failed", e);
    }
  }

  @Override
  public void delete(String key) throws IOException {
    MediaStore.checkedKey(key);
    try {
      s3.deleteObject(b -> b.bucket(bucket).key(key));
    } catch (S3Exception e) {
      throw new IOException("S3 DELETE " + key + " failed", e);
    }
  }

  @Override
  public void close() {
    s3.close();
  }
}
