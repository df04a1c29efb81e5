package dev.starling.common;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** The reply to a command: the accepted value, or why the aggregate refused it. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
@JsonSubTypes({
  @JsonSubTypes.Type(value = Outcome.Accepted.class, name = "accepted"),
  @JsonSubTypes.Type(value = Outcome.Rejected.class, name = "rejected")
})
public sealed interface Outcome<T> extends CborSerializable {

  record Accepted<T>(@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS) T value) implements Outcome<T> {}

  record Rejected<T>(Rejection rejection) implements Outcome<T> {}

  static <T> Outcome<T> accepted(T value) {
    return new Accepted<>(value);
  }

  static <T> Outcome<T> rejected(Rejection rejection) {
    return new Rejected<>(rejection);
  }
}
