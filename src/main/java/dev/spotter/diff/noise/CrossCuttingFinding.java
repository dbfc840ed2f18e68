package dev.spotter.diff.noise;

import dev.spotter.diff.DifferenceKind;
import dev.spotter.model.Endpoint;
import java.util.List;

/**
 * One change the candidate makes on many endpoints at once (the same header added to every answer,
 * the same field renamed everywhere), judged on the requests of all of them together and reported
 * once. Its part on each endpoint is also in that endpoint's findings, marked as belonging here.
 *
 * @param path folded JSON Pointer
 * @param kind kind of difference
 * @param endpoints the endpoints where the candidate shows it beyond the margins, in report order
 * @param shownOn those of them where it is also shown on the endpoint's own requests (within the
 *     change's share of the significance); only there is it counted as part of this change, the
 *     others keep their own verdict (often undecided, and asked again)
 * @param requests compared requests of all endpoints where either build differed here
 * @param candidateCount asks where the candidate differs here, over those endpoints
 * @param noiseCount asks where the secondary differs here
 * @param bothCount asks where both differ
 * @param pValue anytime-valid p-value of the pooled test
 * @param reason one sentence saying why, in the user's terms
 * @param examples ids of example exchanges, from several endpoints
 */
public record CrossCuttingFinding(
    String path,
    DifferenceKind kind,
    List<Endpoint> endpoints,
    List<Endpoint> shownOn,
    long requests,
    long candidateCount,
    long noiseCount,
    long bothCount,
    double pValue,
    String reason,
    List<String> examples) {

  public CrossCuttingFinding {
    endpoints = List.copyOf(endpoints);
    shownOn = List.copyOf(shownOn);
    examples = List.copyOf(examples);
  }

  /** A change shown on each endpoint where it is seen. */
  public CrossCuttingFinding(
      String path,
      DifferenceKind kind,
      List<Endpoint> endpoints,
      long requests,
      long candidateCount,
      long noiseCount,
      long bothCount,
      double pValue,
      String reason,
      List<String> examples) {
    this(
        path,
        kind,
        endpoints,
        endpoints,
        requests,
        candidateCount,
        noiseCount,
        bothCount,
        pValue,
        reason,
        examples);
  }

  /** The key its parts on each endpoint name in {@link Finding#crossCutting()}. */
  public String key() {
    return key(path, kind);
  }

  static String key(String path, DifferenceKind kind) {
    return path + " " + kind.jsonName();
  }
}
