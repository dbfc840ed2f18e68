package dev.spotter.demo;

import dev.spotter.model.Endpoint;
import java.util.List;
import java.util.Objects;

/**
 * One finding the NEW build of the {@link LegacyOrdersService} is built to produce, as Spotter
 * reports it: the endpoint, the folded JSON Pointer into {@code {"status", "headers", "body"}}, and
 * the difference kind's JSON name. A check of OLD against NEW must report exactly these as
 * regressions; the renamed field is one change that shows as two findings (the old name missing,
 * the new name added).
 *
 * @param change a short name of the planted change the finding belongs to, such as {@code
 *     renamed-field}
 * @param endpoint where it shows, such as {@code GET /customers/{id}}
 * @param path folded JSON Pointer, such as {@code /body/email}
 * @param kind difference kind as named in report.json, such as {@code field_missing}
 * @param description what the new build does differently, for people
 */
public record PlantedRegression(
    String change, Endpoint endpoint, String path, String kind, String description) {

  private static final List<PlantedRegression> ALL =
      List.of(
          new PlantedRegression(
              "renamed-field",
              new Endpoint("GET", "/customers/{id}"),
              "/body/email",
              "field_missing",
              "the customer's email field is renamed to emailAddress, so email is gone"),
          new PlantedRegression(
              "renamed-field",
              new Endpoint("GET", "/customers/{id}"),
              "/body/emailAddress",
              "field_added",
              "the customer's email field is renamed to emailAddress, which appears"),
          new PlantedRegression(
              "number-to-string",
              new Endpoint("GET", "/products/{sku}"),
              "/body/price",
              "type_changed",
              "a product's price is sent as a string with two decimals (\"12.50\") instead of a"
                  + " number (12.5)"),
          new PlantedRegression(
              "status-code",
              new Endpoint("GET", "/customers/{id}/orders"),
              "/status",
              "status_changed",
              "the orders of an unknown customer answer 500 instead of 404 (same error body)"),
          new PlantedRegression(
              "rounding",
              new Endpoint("GET", "/orders/{id}"),
              "/body/tax",
              "value_changed",
              "an order's tax is truncated to cents instead of rounded half-up, so it is one cent"
                  + " lower on about half of the orders"));

  public PlantedRegression {
    Objects.requireNonNull(change, "change");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(description, "description");
  }

  /** Every finding planted in the NEW build, in a stable order. */
  public static List<PlantedRegression> all() {
    return ALL;
  }
}
