package dev.starling.ops.bench.timelines;

/** How a node delivers an author's tweets to followers. */
public enum AuthorKind {
  /** Fanned out on write into every follower's home timeline. */
  NORMAL("normal"),
  /** Above the celebrity threshold: merged into followers' timelines at read time. */
  CELEBRITY("celebrity");

  private final String label;

  AuthorKind(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
