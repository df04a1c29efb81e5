package dev.starling.http.routes;

import dev.starling.http.ApiProblem;
import dev.starling.media.MediaData;
import dev.starling.media.store.ByteSpan;
import dev.starling.media.store.MediaStore;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.ByteRange;
import org.apache.pekko.http.javadsl.model.headers.ContentRange;
import org.apache.pekko.http.javadsl.model.headers.Range;
import org.apache.pekko.http.javadsl.model.headers.RangeUnits;
import org.apache.pekko.stream.javadsl.StreamConverters;

/**
 * The response carrying a medium's bytes: all of them ({@code 200}), or the one byte range asked
 * for ({@code 206}), read from the store at its offset, never from the start and thrown away. A
 * range that selects nothing is a {@code 416} problem naming the size. A request for several ranges
 * gets the whole object, as RFC 9110 allows (players ask for one range at a time).
 */
final class MediaBytes {
  private MediaBytes() {}

  static HttpResponse response(MediaStore store, MediaData medium, Optional<Range> range) {
    Optional<ByteRange> single = range.flatMap(MediaBytes::single);
    if (single.isEmpty()) {
      return HttpResponse.create()
          .withEntity(entity(store, medium, new ByteSpan(0, medium.size())));
    }
    ByteSpan span =
        span(single.get(), medium.size())
            .orElseThrow(
                () ->
                    new ApiProblem(
                        StatusCodes.RANGE_NOT_SATISFIABLE,
                        "Range not satisfiable",
                        "the media is " + medium.size() + " bytes long",
                        Map.of("Content-Range", "bytes */" + medium.size())));
    return HttpResponse.create()
        .withStatus(StatusCodes.PARTIAL_CONTENT)
        .addHeader(
            ContentRange.create(
                RangeUnits.BYTES,
                org.apache.pekko.http.javadsl.model.ContentRange.create(
                    span.offset(), span.last(), medium.size())))
        .withEntity(entity(store, medium, span));
  }

  /** The range when the header asks for exactly one range of bytes. */
  private static Optional<ByteRange> single(Range range) {
    if (!range.rangeUnit().equals(RangeUnits.BYTES)) {
      return Optional.empty();
    }
    var ranges = StreamSupport.stream(range.getRanges().spliterator(), false).toList();
    return ranges.size() == 1 ? Optional.of(ranges.get(0)) : Optional.empty();
  }

  private static Optional<ByteSpan> span(ByteRange range, long size) {
    if (range.isSlice()) {
      return ByteSpan.slice(
          range.getSliceFirst().getAsLong(), range.getSliceLast().getAsLong(), size);
    }
    if (range.isFromOffset()) {
      return ByteSpan.fromOffset(range.getOffset().getAsLong(), size);
    }
    return ByteSpan.suffix(range.getSuffixLength().getAsLong(), size);
  }

  private static org.apache.pekko.http.javadsl.model.ResponseEntity entity(
      MediaStore store, MediaData medium, ByteSpan span) {
    return HttpEntities.create(
        ContentTypes.parse(medium.contentType()),
        span.length(),
        StreamConverters.fromInputStream(
            () -> store.open(medium.key(), span.offset(), span.length())));
  }
}
