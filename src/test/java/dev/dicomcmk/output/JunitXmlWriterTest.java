package dev.dicomcmk.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dicomcmk.model.SkipKind;
import dev.dicomcmk.requirements.Finding;
import dev.dicomcmk.requirements.Report;
import dev.dicomcmk.requirements.Requirement;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** The XML is read back with a real parser, as a CI server would. */
class JunitXmlWriterTest {

    private static Document parse(List<Report> reports, boolean strict) throws Exception {
        StringWriter out = new StringWriter();
        new JunitXmlWriter(strict).write(reports, out);
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(out.toString())));
    }

    private static int attr(Element e, String name) {
        return Integer.parseInt(e.getAttribute(name));
    }

    @Test
    void countsMatchTheFindings() throws Exception {
        Document doc = parse(SampleReports.all(), false);
        Element root = doc.getDocumentElement();
        assertEquals("testsuites", root.getTagName());
        assertEquals(10, attr(root, "tests"));
        assertEquals(3, attr(root, "failures"));
        assertEquals(0, attr(root, "errors"));
        assertEquals(2, attr(root, "skipped"));

        NodeList suites = doc.getElementsByTagName("testsuite");
        assertEquals(2, suites.getLength());
        Element live = (Element) suites.item(0);
        assertEquals(SampleReports.SERVICE_ID, live.getAttribute("name"));
        assertEquals(6, attr(live, "tests"));
        assertEquals(2, attr(live, "failures"));
        assertEquals(1, attr(live, "skipped"));
        assertEquals(6, live.getElementsByTagName("testcase").getLength());
        assertEquals(2, live.getElementsByTagName("failure").getLength());
        assertEquals(1, live.getElementsByTagName("skipped").getLength());
        assertEquals(3, doc.getElementsByTagName("failure").getLength());
    }

    @Test
    void strictTurnsWarningsAndUnreadSkipsIntoFailures() throws Exception {
        Document doc = parse(SampleReports.all(), true);
        assertEquals(6, attr(doc.getDocumentElement(), "failures"));
        // the offline SKIP of the template stays skipped
        assertEquals(1, attr(doc.getDocumentElement(), "skipped"));
        NodeList failures = doc.getElementsByTagName("failure");
        assertEquals(6, failures.getLength());
        long warnTyped = 0;
        long skipTyped = 0;
        for (int i = 0; i < failures.getLength(); i++) {
            warnTyped += "WARN".equals(((Element) failures.item(i)).getAttribute("type")) ? 1 : 0;
            skipTyped += "SKIP".equals(((Element) failures.item(i)).getAttribute("type")) ? 1 : 0;
        }
        assertEquals(2, warnTyped);
        assertEquals(1, skipTyped);
        assertEquals(0, doc.getElementsByTagName("system-out").getLength());
    }

    @Test
    void testcaseNamesTheRequirementAndFailureCarriesDetailFixAndSource() throws Exception {
        Document doc = parse(List.of(SampleReports.liveService()), false);
        Element failure = failureOf(doc, "IDENTITY-LEAST-PRIVILEGE");
        Element testcase = (Element) failure.getParentNode();
        assertEquals(Requirement.IDENTITY_LEAST_PRIVILEGE.title(), testcase.getAttribute("name"));
        // controls arrive as visible escapes; markup characters survive the round trip intact
        assertEquals("role assignment 'ops\\u001b[32mPASS\\u0007' <&\"]]> grants Key Vault Crypto Officer",
                failure.getAttribute("message"));
        assertEquals("FAIL", failure.getAttribute("type"));
        String body = failure.getTextContent();
        assertTrue(body.startsWith("Fix: Remove the role assignment 'ops\\u001b[32mPASS\\u0007' <&\"]]> and grant"), body);
        assertTrue(body.contains("\nSource: " + Requirement.IDENTITY_LEAST_PRIVILEGE.source()), body);
    }

    @Test
    void warningPassesWithANoteAndSkipGivesItsReason() throws Exception {
        Document doc = parse(List.of(SampleReports.liveService()), false);
        Element warnCase = testcase(doc, "KEY-ROTATION-AGE");
        assertEquals(0, warnCase.getElementsByTagName("failure").getLength());
        assertTrue(warnCase.getElementsByTagName("system-out").item(0).getTextContent().startsWith("WARN: key version is 400 days old"));
        Element skipped = (Element) testcase(doc, "VAULT-FIREWALL-BYPASS").getElementsByTagName("skipped").item(0);
        assertTrue(skipped.getAttribute("message").startsWith("unreadable: no permission"), skipped.getAttribute("message"));
    }

    @Test
    void charactersXmlForbidsNeverBreakTheDocument() throws Exception {
        String nasty = "nul\u0000 vt\u000b lone\ud800 fffe\ufffe emoji\ud83d\ude00 end";
        Report report = new Report("svc\u0001", "https://kv/keys/k/v\u001b", Instant.EPOCH,
                List.of(Finding.fail(Requirement.KEY_SIZE, nasty, nasty), Finding.skip(Requirement.KEY_OPS, nasty, SkipKind.UNREADABLE)));
        Document doc = parse(List.of(report), false);
        Element failure = (Element) doc.getElementsByTagName("failure").item(0);
        assertEquals("nul\\u0000 vt\\u000b lone\ufffd fffe\ufffd emoji\ud83d\ude00 end", failure.getAttribute("message"));
        assertEquals("svc\\u0001", ((Element) doc.getElementsByTagName("testsuite").item(0)).getAttribute("name"));
    }

    private static Element testcase(Document doc, String requirementId) {
        NodeList cases = doc.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            if (c.getAttribute("classname").equals(requirementId)) {
                return c;
            }
        }
        throw new AssertionError("no testcase " + requirementId);
    }

    private static Element failureOf(Document doc, String requirementId) {
        return (Element) testcase(doc, requirementId).getElementsByTagName("failure").item(0);
    }
}
