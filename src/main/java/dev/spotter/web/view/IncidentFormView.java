package dev.spotter.web.view;

import java.util.List;

/**
 * The post-mortem form, new or edit.
 *
 * @param id the incident edited, or 0 for a new one
 * @param problems why the last submission was not saved, empty on first display
 */
public record IncidentFormView(long id, IncidentForm form, List<String> problems) {
  public boolean editing() {
    return id > 0;
  }

  public String action() {
    return editing() ? "/incidents/" + id : "/incidents";
  }
}
