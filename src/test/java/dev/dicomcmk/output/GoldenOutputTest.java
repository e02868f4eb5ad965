package dev.dicomcmk.output;

import dev.dicomcmk.testing.Golden;
import java.io.IOException;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** What users and CI systems read, held to committed files. */
class GoldenOutputTest {
    private static final Golden GOLDEN = Golden.in("output");


    @Test
    void table() throws IOException {
        StringWriter out = new StringWriter();
        new ReportTableRenderer(Style.PLAIN, 0, false).render(SampleReports.all(), out);
        GOLDEN.assertMatches("table.txt", out.toString());
    }

    @Test
    void verboseTableWrappedAt80Columns() throws IOException {
        StringWriter out = new StringWriter();
        new ReportTableRenderer(Style.PLAIN, 80, true).render(SampleReports.all(), out);
        GOLDEN.assertMatches("table-verbose-80.txt", out.toString());
    }

    @Test
    void json() throws IOException {
        StringWriter out = new StringWriter();
        JsonOutput.writeReports(out, "validate-key", SampleReports.all(), 3);
        GOLDEN.assertMatches("reports.json", out.toString());
    }

    @Test
    void junitXml() throws IOException {
        StringWriter out = new StringWriter();
        new JunitXmlWriter(false).write(SampleReports.all(), out);
        GOLDEN.assertMatches("junit.xml", out.toString());
    }

    @Test
    void sarif() throws IOException {
        StringWriter out = new StringWriter();
        new SarifWriter("1.2.3", "https://example.test/dicom-cmk", false).write(SampleReports.all(), out);
        GOLDEN.assertMatches("sarif.json", out.toString());
    }

    @Test
    void githubAnnotations() throws IOException {
        StringWriter out = new StringWriter();
        new GithubAnnotations(false).write(SampleReports.all(), out);
        GOLDEN.assertMatches("github-annotations.txt", out.toString());
    }
}
