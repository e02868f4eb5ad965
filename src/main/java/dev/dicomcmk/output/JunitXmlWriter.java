package dev.dicomcmk.output;

import dev.dicomcmk.requirements.Finding;
import dev.dicomcmk.requirements.Report;
import dev.dicomcmk.requirements.Verdict;
import java.io.IOException;
import java.io.Writer;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Reports as JUnit XML, the {@code testsuites/testsuite/testcase} shape that Surefire writes and
 * Jenkins, GitLab and Azure Pipelines read, so a CI preflight shows each requirement as a test:
 * one testsuite per report (named after its subject), one testcase per finding (classname = the
 * requirement id, name = its title).
 *
 * <ul>
 *   <li>FAIL: {@code <failure message="detail" type="FAIL">} with the fix and the documentation source</li>
 *   <li>WARN: passes with the warning in {@code <system-out>}; with {@code strict} a failure of type WARN</li>
 *   <li>SKIP: {@code <skipped message="kind: reason"/>}; with {@code strict} an unreadable one is a failure of type SKIP</li>
 * </ul>
 *
 * The writer must encode UTF-8, which the declaration promises.
 */
public final class JunitXmlWriter {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ISO_LOCAL_DATE_TIME;

    private final boolean strict;

    /** @param strict treat warnings as failures, as {@code --strict} does for the exit code */
    public JunitXmlWriter(boolean strict) {
        this.strict = strict;
    }

    public void write(List<Report> reports, Writer out) {
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            newline(xml, 0);
            xml.writeStartElement("testsuites");
            xml.writeAttribute("name", "dicom-cmk");
            counts(xml, reports);
            for (Report report : reports) {
                testsuite(xml, report);
            }
            newline(xml, 0);
            xml.writeEndElement();
            newline(xml, 0);
            xml.writeEndDocument();
            xml.flush();
            out.flush();
        } catch (XMLStreamException | IOException e) {
            throw new IllegalStateException("cannot write JUnit XML: " + e.getMessage(), e);
        }
    }

    private void testsuite(XMLStreamWriter xml, Report report) throws XMLStreamException {
        newline(xml, 1);
        xml.writeStartElement("testsuite");
        xml.writeAttribute("name", XmlText.line(report.subject()));
        counts(xml, List.of(report));
        if (report.checkedAt() != null) {
            // the JUnit schema's timestamp has no zone; ours is UTC
            LocalDateTime utc = LocalDateTime.ofInstant(report.checkedAt().truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC);
            xml.writeAttribute("timestamp", TIMESTAMP.format(utc));
        }
        if (report.keyUrl() != null) {
            newline(xml, 2);
            xml.writeStartElement("properties");
            newline(xml, 3);
            xml.writeEmptyElement("property");
            xml.writeAttribute("name", "keyUrl");
            xml.writeAttribute("value", XmlText.line(report.keyUrl()));
            newline(xml, 2);
            xml.writeEndElement();
        }
        for (Finding f : report.findings()) {
            testcase(xml, f);
        }
        newline(xml, 1);
        xml.writeEndElement();
    }

    private void testcase(XMLStreamWriter xml, Finding f) throws XMLStreamException {
        newline(xml, 2);
        boolean failed = f.fails(strict);
        boolean hasChild = f.verdict() != Verdict.PASS;
        if (hasChild) {
            xml.writeStartElement("testcase");
        } else {
            xml.writeEmptyElement("testcase");
        }
        xml.writeAttribute("classname", f.requirement().id());
        xml.writeAttribute("name", f.requirement().title());
        xml.writeAttribute("time", "0");
        if (!hasChild) {
            return;
        }
        newline(xml, 3);
        if (failed) {
            xml.writeStartElement("failure");
            xml.writeAttribute("message", XmlText.line(ReportView.shownDetail(f)));
            xml.writeAttribute("type", f.verdict().name());
            xml.writeCharacters("Fix: " + XmlText.line(f.remedy()) + "\nSource: " + XmlText.line(f.requirement().source()));
            xml.writeEndElement();
        } else if (f.verdict() == Verdict.WARN) {
            xml.writeStartElement("system-out");
            xml.writeCharacters("WARN: " + XmlText.line(f.detail()) + "\nFix: " + XmlText.line(f.remedy()));
            xml.writeEndElement();
        } else {
            xml.writeEmptyElement("skipped");
            xml.writeAttribute("message", XmlText.line(ReportView.shownDetail(f)));
        }
        newline(xml, 2);
        xml.writeEndElement();
    }

    private void counts(XMLStreamWriter xml, List<Report> reports) throws XMLStreamException {
        Summary s = Summary.of(reports);
        long failures = reports.stream().flatMap(r -> r.findings().stream()).filter(f -> f.fails(strict)).count();
        long failedSkips = reports.stream().flatMap(r -> r.findings().stream())
                .filter(f -> f.verdict() == Verdict.SKIP && f.fails(strict)).count();
        xml.writeAttribute("tests", Integer.toString(s.total()));
        xml.writeAttribute("failures", Long.toString(failures));
        xml.writeAttribute("errors", "0");
        xml.writeAttribute("skipped", Long.toString(s.skip() - failedSkips));
        xml.writeAttribute("time", "0");
    }

    /** StAX does not indent; a readable file makes CI artifacts and golden diffs reviewable. */
    private static void newline(XMLStreamWriter xml, int depth) throws XMLStreamException {
        xml.writeCharacters("\n" + "  ".repeat(depth));
    }
}
