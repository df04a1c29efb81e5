package dev.starling.http.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RouteTemplatesTest {
  private final RouteTemplates templates = RouteTemplates.fromOpenApi();

  @Test
  void aPathWithIdsMatchesItsTemplate() {
    assertEquals("/api/v1/tweets/{id}/like", templates.match("/api/v1/tweets/123456789/like"));
    assertEquals("/api/v1/tweets/{id}", templates.match("/api/v1/tweets/123456789"));
    assertEquals("/api/v1/users/by_handle/{handle}", templates.match("/api/v1/users/by_handle/al"));
    assertEquals("/metrics", templates.match("/metrics"));
  }

  @Test
  void literalSegmentsWinOverParameters() {
    assertEquals("/api/v1/users/me", templates.match("/api/v1/users/me"));
    assertEquals("/api/v1/users/suggestions", templates.match("/api/v1/users/suggestions"));
    assertEquals("/api/v1/users/{id}", templates.match("/api/v1/users/42"));
  }

  @Test
  void anythingElseIsOther() {
    assertEquals("other", templates.match("/wp-admin/setup.php"));
    assertEquals("other", templates.match("/api/v1/tweets/1/like/extra"));
    assertEquals("other", templates.match("/api/v1/tweets//like"));
    assertEquals("other", templates.match("/api/v1/tweets/1/"));
    assertEquals("other", templates.match("/"));
    assertEquals("other", templates.match(""));
  }
}
