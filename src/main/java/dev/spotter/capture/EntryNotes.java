package dev.spotter.capture;

/**
 * What reading one entry had to take on trust, so an import can say it: values of another JSON type
 * where the format wants text (taken as their text), and bodies the recorder did not write down
 * (kept empty and marked incomplete, but counted apart from bodies really cut).
 *
 * @param valuesAsText numbers, booleans or nulls read as text where the format wants a string
 * @param requestBodyNotCaptured the request had a body the file does not hold
 * @param responseBodyNotCaptured the response had a body the file does not hold
 */
public record EntryNotes(
    int valuesAsText, boolean requestBodyNotCaptured, boolean responseBodyNotCaptured) {
  /** An entry read exactly as written. */
  public static final EntryNotes NONE = new EntryNotes(0, false, false);
}
