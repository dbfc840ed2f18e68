package dev.spotter.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spotter.replay.CheckResult;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class JunitReportTest {
  static Document parse(String xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  private static List<Element> elements(Document doc, String tag) {
    NodeList nodes = doc.getElementsByTagName(tag);
    List<Element> out = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      out.add((Element) nodes.item(i));
    }
    return out;
  }

  @Test
  void eachEndpointIsATestCaseAndEachRegressingEndpointOneFailure() throws Exception {
    Document doc = parse(new JunitReport().render(Results.failing()));

    List<Element> endpointCases =
        elements(doc, "testcase").stream()
            .filter(e -> e.getAttribute("classname").equals("spotter.check"))
            .toList();
    assertThat(endpointCases)
        .extracting(e -> e.getAttribute("name"))
        .containsExactly(
            "GET /orders/{id}", "GET /customers/{id}/summary", "GET /orders", "GET /health");
    List<Element> failures = elements(doc, "failure");
    assertThat(failures).hasSize(2);
    assertThat(((Element) failures.get(0).getParentNode()).getAttribute("name"))
        .isEqualTo("GET /orders/{id}");
    assertThat(failures.get(0).getAttribute("message"))
        .isEqualTo(
            "3 regressions: /body/total type_changed, /body/customerName field_missing,"
                + " /body/customer_name field_added");
    assertThat(failures.get(0).getTextContent())
        .contains("The candidate's value is a string")
        .contains("Examples: 1042, 1043");
    Element suite = elements(doc, "testsuite").get(0);
    assertThat(suite.getAttribute("failures")).isEqualTo("2");
    assertThat(suite.getAttribute("errors")).isEqualTo("0");
    assertThat(suite.getAttribute("tests")).isEqualTo(String.valueOf(endpointCases.size() + 3));
  }

  @Test
  void aPassingCheckHasNoFailure() throws Exception {
    Document doc = parse(new JunitReport().render(Results.passing()));

    assertThat(elements(doc, "failure")).isEmpty();
    assertThat(elements(doc, "error")).isEmpty();
    assertThat(property(doc, "spotter.verdict")).isEqualTo("pass");
  }

  @Test
  void aTargetThatNeverAnsweredIsAnError() throws Exception {
    CheckResult result =
        new ResultBuilder()
            .targets(
                ResultBuilder.target("primary", ResultBuilder.PRIMARY, 20, 20),
                ResultBuilder.target("secondary", ResultBuilder.SECONDARY, 20, 20),
                ResultBuilder.target("candidate", ResultBuilder.CANDIDATE, 20, 0))
            .build();

    Document doc = parse(new JunitReport().render(result));

    List<Element> errors =
        elements(doc, "error").stream()
            .filter(
                e ->
                    ((Element) e.getParentNode())
                        .getAttribute("classname")
                        .equals("spotter.targets"))
            .toList();
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).getAttribute("message"))
        .isEqualTo("candidate http://127.0.0.1:8083 never answered: 20 sent, 0 answered");
    assertThat(errors.get(0).getTextContent()).contains("timeout 20");
    Element verdict = verdictError(doc);
    assertThat(verdict.getAttribute("message"))
        .isEqualTo(
            "No verdict: candidate never answered, so this run cannot tell what the change"
                + " alters");
    assertThat(verdict.getTextContent())
        .startsWith(
            "The candidate at http://127.0.0.1:8083 was sent 20 requests and answered none"
                + " (timeout 20).");
    Element suite = elements(doc, "testsuite").get(0);
    assertThat(suite.getAttribute("errors")).isEqualTo("2");
    assertThat(property(doc, "spotter.verdict")).isEqualTo("incomplete");
  }

  @Test
  void aCheckThatComparedNothingIsAnErrorSayingWhy() throws Exception {
    CheckResult result =
        new ResultBuilder()
            .skipped("side_effect_method", "POST is not replayed without --allow-side-effects", 12)
            .build();

    Document doc = parse(new JunitReport().render(result));

    assertThat(elements(doc, "failure")).isEmpty();
    assertThat(elements(doc, "error")).hasSize(1);
    Element verdict = verdictError(doc);
    assertThat(verdict.getAttribute("type")).isEqualTo("no_verdict");
    assertThat(verdict.getAttribute("message"))
        .isEqualTo(
            "No verdict: No request was compared, so this run cannot tell what the change alters");
    assertThat(verdict.getTextContent())
        .startsWith("No request was compared: 12 requests were read, 12 skipped.");
    assertThat(elements(doc, "testsuite").get(0).getAttribute("errors")).isEqualTo("1");
  }

  @Test
  void anEndpointWithUndecidedFindingsIsAnErrorSayingWhyNotAPass() throws Exception {
    Document doc = parse(new JunitReport().render(Results.undecidedPath(false)));

    assertThat(elements(doc, "failure")).isEmpty();
    Element orders = testcase(doc, "GET /orders/{id}");
    Element error = (Element) orders.getElementsByTagName("error").item(0);
    assertThat(error.getAttribute("type")).isEqualTo("undecided");
    assertThat(error.getAttribute("message"))
        .isEqualTo(
            "1 undecided finding: /body/shipping/eta value_changed; still undecided: asking again"
                + " is off (replay.repeats)");
    assertThat(error.getTextContent())
        .contains("- /body/shipping/eta value_changed: candidate differs in 2 of 400 (0.5 %)")
        .contains(Results.ETA_UNDECIDED);
    assertThat(elements(doc, "testsuite").get(0).getAttribute("errors")).isEqualTo("1");
    assertThat(property(doc, "spotter.undecided")).isEqualTo("1");
    assertThat(property(doc, "spotter.undecided.accepted")).isEqualTo("false");
    assertThat(property(doc, "spotter.verdict")).isEqualTo("undecided");
    assertThat(testcase(doc, "GET /health").getChildNodes().getLength()).isZero();
  }

  @Test
  void acceptedUndecidedFindingsAreSkippedNotPassedNorErrors() throws Exception {
    Document doc =
        parse(new JunitReport().render(Results.undecidedAfterAsking().undecidedAccepted().build()));

    assertThat(elements(doc, "error")).isEmpty();
    Element products = testcase(doc, "GET /products/{id}");
    Element skipped = (Element) products.getElementsByTagName("skipped").item(0);
    assertThat(skipped.getAttribute("message"))
        .isEqualTo(
            "undecided, accepted with --allow-undecided: 1 undecided finding: /body/stock"
                + " value_changed; still undecided: the check's budget of 112 repeats is spent");
    assertThat(products.getElementsByTagName("system-out").item(0).getTextContent())
        .contains(
            "- /body/stock value_changed: candidate differs in 3 of 96 asks (3.1 %), secondary in"
                + " 0 (0 %); 80 requests asked 96 times in all.")
        .contains(Results.STOCK_UNDECIDED);
    assertThat(elements(doc, "testsuite").get(0).getAttribute("skipped")).isEqualTo("2");
    assertThat(property(doc, "spotter.undecided.accepted")).isEqualTo("true");
    assertThat(property(doc, "spotter.verdict")).isEqualTo("undecided");
  }

  @Test
  void aRegressingEndpointFailsForItsRegressionsAndSaysItsUndecidedFindingsThere()
      throws Exception {
    Document doc = parse(new JunitReport().render(Results.undecidedPath(true)));

    Element failure = elements(doc, "failure").get(0);
    assertThat(failure.getAttribute("message")).isEqualTo("1 regression: /body/total type_changed");
    assertThat(failure.getTextContent())
        .contains("Undecided (neither shown to be a change nor noise")
        .contains("/body/shipping/eta");
    assertThat(elements(doc, "error")).as("one test case, one outcome").isEmpty();
  }

  @Test
  void aChangeAcrossEndpointsIsOneFailingTestCaseAndItsEndpointsDoNotFailAgain() throws Exception {
    Document doc = parse(new JunitReport().render(Results.acrossEndpoints()));

    Element change =
        elements(doc, "testcase").stream()
            .filter(e -> e.getAttribute("classname").equals(JunitReport.CROSS_CUTTING_CLASS))
            .findFirst()
            .orElseThrow();
    assertThat(change.getAttribute("name")).isEqualTo("/headers/x-powered-by field_added");
    Element failure = (Element) change.getElementsByTagName("failure").item(0);
    assertThat(failure.getAttribute("message"))
        .isEqualTo(
            "A change across 3 endpoints: GET /orders/{id}, GET /customers/{id}, GET /health");
    assertThat(failure.getTextContent())
        .startsWith("Candidate differs in 580 of 580 (100 %), secondary in 0 (0 %)")
        .contains(Results.POWERED_BY.reason());
    assertThat(elements(doc, "failure"))
        .extracting(f -> ((Element) f.getParentNode()).getAttribute("name"))
        .containsExactly("/headers/x-powered-by field_added", "GET /orders/{id}");
    assertThat(testcase(doc, "GET /customers/{id}").getTextContent())
        .contains(
            "- part of the change across endpoints: /headers/x-powered-by field_added: candidate"
                + " 120, secondary 0 of 120.");
    assertThat(elements(doc, "testsuite").get(0).getAttribute("failures")).isEqualTo("2");
    assertThat(property(doc, "spotter.crossCutting")).isEqualTo("1");
    assertThat(property(doc, "spotter.regressions")).isEqualTo("2");
  }

  private static Element testcase(Document doc, String name) {
    return elements(doc, "testcase").stream()
        .filter(e -> e.getAttribute("name").equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no test case " + name));
  }

  private static Element verdictError(Document doc) {
    return elements(doc, "testcase").stream()
        .filter(e -> e.getAttribute("classname").equals(JunitReport.ENDPOINT_CLASS))
        .filter(e -> e.getAttribute("name").equals(JunitReport.VERDICT_CASE))
        .map(e -> (Element) e.getElementsByTagName("error").item(0))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no verdict test case"));
  }

  @Test
  void skippedRequestsAreSuiteProperties() throws Exception {
    Document doc = parse(new JunitReport().render(Results.failing()));

    assertThat(property(doc, "spotter.skipped")).isEqualTo("35");
    assertThat(property(doc, "spotter.skipped.side_effect_method")).isEqualTo("35");
    assertThat(property(doc, "spotter.candidate")).isEqualTo(ResultBuilder.CANDIDATE);
    assertThat(elements(doc, "testsuite").get(0).getAttribute("timestamp"))
        .isEqualTo("2024-05-02T10:15:00");
  }

  @Test
  void controlCharactersAndMarkupStillParse() throws Exception {
    String nasty = "a\u0000b\u0001c\u001bd\uFFFEe\uD800f]]>g<h>&i\"j'k\u0085";
    CheckResult result =
        new ResultBuilder()
            .endpoint(
                "GET /" + nasty,
                1,
                1,
                1,
                ResultBuilder.regression(
                    "/body/" + nasty,
                    dev.spotter.diff.DifferenceKind.VALUE_CHANGED,
                    1,
                    0,
                    nasty,
                    nasty))
            .skipped(nasty, nasty, 1)
            .build();

    Document doc = parse(new JunitReport().render(result));

    Element failure = elements(doc, "failure").get(0);
    assertThat(failure.getAttribute("message")).contains("]]>g<h>&i\"j'k");
    assertThat(failure.getAttribute("message"))
        .contains("a\\u0000b\\u0001c\\u001bd\\ufffee\uFFFDf");
    assertThat(((Element) failure.getParentNode()).getAttribute("name"))
        .startsWith("GET /a\\u0000b");
  }

  @Test
  void theInjectedResultIsWellFormed() throws Exception {
    Document doc = parse(new JunitReport().render(HtmlReportTest.injected()));

    assertThat(elements(doc, "testcase").get(0).getAttribute("name"))
        .isEqualTo("GET /x/" + HtmlReportTest.SCRIPT);
  }

  private static String property(Document doc, String name) {
    for (Element p : elements(doc, "property")) {
      if (p.getAttribute("name").equals(name)) {
        return p.getAttribute("value");
      }
    }
    throw new AssertionError("no property " + name);
  }
}
