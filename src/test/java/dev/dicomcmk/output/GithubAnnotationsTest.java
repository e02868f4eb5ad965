package dev.dicomcmk.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dicomcmk.model.SkipKind;
import dev.dicomcmk.requirements.Finding;
import dev.dicomcmk.requirements.Report;
import dev.dicomcmk.requirements.Requirement;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GithubAnnotationsTest {

    private static String render(boolean strict, Report... reports) {
        StringWriter out = new StringWriter();
        new GithubAnnotations(strict).write(List.of(reports), out);
        return out.toString();
    }

    @Test
    void fileFindingGetsFileLineAndTitle() {
        Report report = new Report("t", null, Instant.EPOCH, List.of(
                Finding.fail(Requirement.KEY_SIZE, "4096 bits").at(new Finding.Location("infra\\a,b:c.json", "/x", 7))));
        assertEquals("::error file=infra/a%2Cb%3Ac.json,line=7,title=KEY-SIZE::4096 bits Fix: "
                + Requirement.KEY_SIZE.remedy() + "\n", render(false, report));
    }

    @Test
    void warningsAreWarningsUnlessStrictAndPassOrSkipSayNothing() {
        Report report = new Report("svc", null, Instant.EPOCH, List.of(
                Finding.pass(Requirement.KEY_TYPE, "RSA"),
                Finding.warn(Requirement.KEY_ROTATION_AGE, "old"),
                Finding.skip(Requirement.KEY_OPS, "no permission", SkipKind.UNREADABLE)));
        assertTrue(render(false, report).startsWith("::warning title=KEY-ROTATION-AGE::svc: old Fix: "));
        assertTrue(render(true, report).startsWith("::error title=KEY-ROTATION-AGE::svc: old Fix: "));
        assertEquals(1, render(false, report).lines().count());
    }

    @Test
    void aDetailCannotStartAWorkflowCommandOfItsOwn() {
        Report report = new Report("svc", null, Instant.EPOCH, List.of(
                Finding.fail(Requirement.KEY_SIZE, "100% bad\r\n::add-mask::secret\u001b[0m", "fix it")));
        String out = render(false, report);
        assertEquals(1, out.lines().count(), out);
        assertTrue(out.contains("100%25 bad\\u000d\\u000a::add-mask::secret\\u001b[0m"), out);
    }

    @Test
    void propertyEscapingFollowsGithubsRules() {
        assertEquals("a%25b%3Ac%2Cd", GithubAnnotations.property("a%b:c,d"));
        assertEquals("a%25b:c,d", GithubAnnotations.data("a%b:c,d"));
    }
}
