package dev.dicomcmk.output;

import dev.dicomcmk.model.Text;
import dev.dicomcmk.requirements.Finding;
import dev.dicomcmk.requirements.Report;
import dev.dicomcmk.requirements.Verdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/**
 * GitHub Actions workflow commands that turn findings into annotations on the run (and, with a
 * file and line, on the pull request diff): {@code ::error file=F,line=N,title=ID::message} for
 * FAIL, {@code ::warning ...} for WARN ({@code ::error} when strict, as for a SKIP of something that could
 * not be read). The CLI decides whether it
 * runs under Actions; this class only renders.
 *
 * <p>The escaping is GitHub's documented one: {@code %}, CR and LF in the message;
 * additionally {@code :} and {@code ,} in property values. A newline smuggled into a detail could
 * otherwise start a workflow command of its own ({@code ::add-mask::}, {@code ::stop-commands::}).
 */
public final class GithubAnnotations {
    private final boolean strict;

    public GithubAnnotations(boolean strict) {
        this.strict = strict;
    }

    public void write(List<Report> reports, Writer out) {
        StringBuilder b = new StringBuilder();
        for (Report report : reports) {
            for (Finding f : report.findings()) {
                String command = command(f);
                if (command != null) {
                    b.append(annotation(command, report, f)).append('\n');
                }
            }
        }
        try {
            out.write(b.toString());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String command(Finding f) {
        if (f.fails(strict)) {
            return "error";
        }
        return f.verdict() == Verdict.WARN ? "warning" : null;
    }

    private static String annotation(String command, Report report, Finding f) {
        StringBuilder b = new StringBuilder("::").append(command).append(' ');
        Finding.Location where = f.location();
        String message = ReportView.shownDetail(f) + " Fix: " + f.remedy();
        if (where != null) {
            b.append("file=").append(property(where.file().replace('\\', '/')));
            if (where.line() > 0) {
                b.append(",line=").append(where.line());
            }
            b.append(',');
        } else {
            // no file to attach to: the annotation lands on the run, so say which resource it is about
            message = report.subject() + ": " + message;
        }
        b.append("title=").append(property(f.requirement().id()));
        return b.append("::").append(data(message)).toString();
    }

    /** Message text: controls shown as escapes (the log is a terminal), then GitHub's data escaping. */
    static String data(String s) {
        return Text.escapeControls(s).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    static String property(String s) {
        return data(s).replace(":", "%3A").replace(",", "%2C");
    }
}
