package dev.spotter.web.view;

import java.util.List;

/**
 * What every page's frame needs: its title, the navigation with the current section marked, and the
 * anti-forgery value its forms echo.
 */
public record PageInfo(String title, String section, String csrf, String version) {
  /** One link of the navigation. */
  public record NavItem(String href, String label, boolean current) {}

  private static final List<String[]> SECTIONS =
      List.of(
          new String[] {"/", "Confidence", "home"},
          new String[] {"/runs", "Runs", "runs"},
          new String[] {"/incidents", "Incidents", "incidents"},
          new String[] {"/guards", "Guards", "guards"},
          new String[] {"/kudos", "Kudos", "kudos"},
          new String[] {"/map", "Service map", "map"});

  public List<NavItem> nav() {
    return SECTIONS.stream().map(s -> new NavItem(s[0], s[1], s[2].equals(section))).toList();
  }
}
