package dev.spotter.diff;

import java.util.Locale;

/** Reading the media type out of a Content-Type value and deciding how a body is compared. */
public final class MediaTypes {
  private MediaTypes() {}

  /** {@code application/json; charset=utf-8} becomes {@code application/json}; null stays null. */
  public static String essence(String contentType) {
    if (contentType == null) {
      return null;
    }
    int semi = contentType.indexOf(';');
    String type = semi < 0 ? contentType : contentType.substring(0, semi);
    type = type.trim().toLowerCase(Locale.ROOT);
    return type.isEmpty() ? null : type;
  }

  /** JSON by its media type: {@code application/json}, {@code text/json}, any {@code +json}. */
  public static boolean isJson(String essence) {
    return essence != null
        && (essence.equals("application/json")
            || essence.endsWith("+json")
            || essence.endsWith("/json"));
  }

  static boolean isText(String essence) {
    return essence != null
        && (essence.startsWith("text/")
            || essence.endsWith("+xml")
            || essence.equals("application/xml")
            || essence.equals("application/javascript")
            || essence.equals("application/ecmascript")
            || essence.equals("application/x-www-form-urlencoded")
            || essence.equals("application/x-ndjson")
            || essence.equals("application/graphql")
            || essence.equals("application/yaml")
            || essence.equals("application/x-yaml")
            || essence.equals("application/csv"));
  }
}
