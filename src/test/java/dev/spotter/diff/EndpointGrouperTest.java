package dev.spotter.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointGrouperTest {
  private final EndpointGrouper auto = new EndpointGrouper(List.of());

  private String template(String path) {
    return auto.endpointOf("GET", path).pathTemplate();
  }

  @Test
  void identifierSegmentsBecomeIdWithoutHelp() {
    assertThat(template("/orders/1042")).isEqualTo("/orders/{id}");
    assertThat(template("/users/3f2b8c1e-9d4a-4e2b-8f1a-0c9d8e7f6a5b/avatar"))
        .isEqualTo("/users/{id}/avatar");
    assertThat(template("/commits/5f2b9c1e0a")).isEqualTo("/commits/{id}");
    assertThat(template("/share/AbCdEfGhIjKlMnOpQr9sTu")).isEqualTo("/share/{id}");
    assertThat(template("/products/SKU-10042")).isEqualTo("/products/{id}");
    assertThat(template("/reports/daily/2024-05-01")).isEqualTo("/reports/daily/{id}");
    assertThat(template("/people/ann@example.com")).isEqualTo("/people/{id}");
  }

  @Test
  void routeNamesStayAsTheyAre() {
    assertThat(template("/api/v2/orders")).isEqualTo("/api/v2/orders");
    assertThat(template("/oauth2/token")).isEqualTo("/oauth2/token");
    assertThat(template("/health")).isEqualTo("/health");
    assertThat(template("/")).isEqualTo("/");
    assertThat(template("/feed")).isEqualTo("/feed");
    assertThat(template("/decade")).isEqualTo("/decade");
  }

  @Test
  void theQueryStringDoesNotChangeTheEndpoint() {
    assertThat(auto.endpointOf("GET", "/orders?customer=7&limit=5").toString())
        .isEqualTo("GET /orders");
  }

  @Test
  void userPatternsWinOverInference() {
    EndpointGrouper grouper =
        new EndpointGrouper(
            List.of(
                EndpointPattern.parse("GET /users/{name}"),
                EndpointPattern.parse("/files/**"),
                EndpointPattern.parse("POST /orders/{id}/pay")));
    assertThat(grouper.endpointOf("GET", "/users/alice").toString()).isEqualTo("GET /users/{name}");
    assertThat(grouper.endpointOf("PUT", "/files/a/b/c.txt").toString()).isEqualTo("PUT /files/**");
    assertThat(grouper.endpointOf("POST", "/orders/7/pay").toString())
        .isEqualTo("POST /orders/{id}/pay");
    assertThat(grouper.endpointOf("DELETE", "/users/alice").toString())
        .isEqualTo("DELETE /users/alice");
  }

  @Test
  void malformedPatternsAreRejectedWithTheirText() {
    assertThatThrownBy(() -> EndpointPattern.parse("users/{id}"))
        .hasMessageContaining("users/{id}");
    assertThatThrownBy(() -> EndpointPattern.parse("GET /a/**/b")).hasMessageContaining("**");
    assertThatThrownBy(() -> PathPattern.parse("/payload/x")).hasMessageContaining("/body");
    assertThatThrownBy(() -> EndpointPattern.parse("GETT /users/{id}"))
        .hasMessageContaining("unknown method 'GETT'");
    assertThatThrownBy(() -> EndpointPattern.parse("GET /users/{id"))
        .hasMessageContaining("a variable is a whole segment");
    assertThatThrownBy(() -> EndpointPattern.parse("GET /users/id-{id}"))
        .hasMessageContaining("a variable is a whole segment");
  }

  @Test
  void pathPatternsMatchFoldedPathsAndSubtrees() {
    assertThat(PathPattern.parse("/body/items/*/price").matches("/body/items/*/price")).isTrue();
    assertThat(PathPattern.parse("/body/*/price").matches("/body/items/price")).isTrue();
    assertThat(PathPattern.parse("/body/debug/**").matches("/body/debug")).isTrue();
    assertThat(PathPattern.parse("/body/debug/**").matches("/body/debug/a/*/b")).isTrue();
    assertThat(PathPattern.parse("/body/debug").matches("/body/debug/a")).isFalse();
    assertThat(PathPattern.parse("/headers/x-a").matches("/headers/x-b")).isFalse();
  }
}
