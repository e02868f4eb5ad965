package dev.dicomcmk.cli;

import dev.dicomcmk.model.Text;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The one reporter of what a long operation is doing, rendered for where stderr goes:
 * <ul>
 * <li>a terminal: a live status line with the elapsed time, redrawn every second; each step that a new one
 *     replaces stays above it as an ordinary "  ... step" line, and the line is erased when the run ends;</li>
 * <li>a log (cron, CI): a timestamped line for each new step, and while one step lasts, a heartbeat at most
 *     every 30 s ("still ...", with the elapsed time);</li>
 * <li>-q: nothing at all (cron mails any output).</li>
 * </ul>
 * {@link #step} starts something new (worth a line in a log); {@link #update} only refines the current wait's
 * text (a counter such as "12/200 done"), which a log shows at the next heartbeat.
 */
final class Progress implements AutoCloseable {

    static final Duration HEARTBEAT = Duration.ofSeconds(30);
    /** Below this a wait is not worth a clock on the status line. */
    private static final Duration SHOW_ELAPSED_AFTER = Duration.ofSeconds(2);

    /** A usually quick wait that lasts this long on a terminal gets the status line (someone is looking at it). */
    static final Duration SLOW_ON_TERMINAL = Duration.ofSeconds(2);
    /**
     * ... and this long in a log: a line there is for a wait that explains a gap in the log, not for the few seconds
     * a cold start's first sign-in may take (a log line that comes and goes with the machine's load is noise).
     */
    static final Duration SLOW_IN_LOG = Duration.ofSeconds(8);

    static final Progress SILENT = new Progress(null, null, null, Clock.systemUTC(), HEARTBEAT);

    private final TerminalLine line;
    private final PrintWriter log;
    private final Clock clock;
    private final Duration heartbeat;
    private final ScheduledExecutorService ticker;
    private String step;
    private String text;
    private Instant since;
    private Instant lastLogged;

    private Progress(TerminalLine line, PrintWriter log, ScheduledExecutorService ticker, Clock clock, Duration heartbeat) {
        this.line = line;
        this.log = log;
        this.ticker = ticker;
        this.clock = clock;
        this.heartbeat = heartbeat;
    }

    /** The live status line on a terminal. */
    static Progress onTerminal(TerminalLine line, Clock clock) {
        Progress p = new Progress(line, null, ticker(), clock, HEARTBEAT);
        p.ticker.scheduleWithFixedDelay(p::tick, 1, 1, TimeUnit.SECONDS);
        return p;
    }

    /** Timestamped lines on a log, a heartbeat at most every {@code heartbeat} while a step lasts. */
    static Progress inLog(PrintWriter log, Clock clock, Duration heartbeat) {
        Progress p = new Progress(null, log, ticker(), clock, heartbeat);
        long checkMillis = Math.max(50, Math.min(1000, heartbeat.toMillis() / 10));
        p.ticker.scheduleWithFixedDelay(p::tick, checkMillis, checkMillis, TimeUnit.MILLISECONDS);
        return p;
    }

    private static ScheduledExecutorService ticker() {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dicom-cmk-progress");
            t.setDaemon(true);
            return t;
        });
    }

    /** Something new is under way; the same step twice in a row (a poll that says "running" again) is one step. */
    synchronized void step(String status) {
        if (ticker == null || status.equals(step)) {
            return;
        }
        Instant now = clock.instant();
        if (line != null && step != null) {
            line.keep("  ... " + text + took(now));
        }
        step = status;
        text = status;
        since = now;
        if (log != null) {
            logLine(now, text);
        } else {
            line.draw(statusLine(now));
        }
    }

    /** A wait that {@link #slowWait} announces only if it lasts; closing it ends it (and its status). */
    interface Wait extends AutoCloseable {
        Wait NONE = () -> { };

        @Override
        void close();
    }

    /**
     * A wait that is usually quick (a sign-in): it becomes a step only when it lasts longer than
     * {@link #SLOW_ON_TERMINAL} on a terminal, {@link #SLOW_IN_LOG} in a log, so a quick one prints nothing; closing
     * it ends that step, so a log's heartbeat does not go on saying "still signing in" while the run does
     * something else.
     */
    Wait slowWait(String status) {
        Duration after = line != null ? SLOW_ON_TERMINAL : SLOW_IN_LOG;
        if (ticker == null) {
            return Wait.NONE;
        }
        java.util.concurrent.ScheduledFuture<?> announce;
        try {
            announce = ticker.schedule(() -> step(status), after.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            return Wait.NONE;
        }
        return () -> {
            announce.cancel(false);
            finish(status);
        };
    }

    /** The step with this status is over (on a terminal it stays as an ordinary line); nothing new replaces it yet. */
    synchronized void finish(String status) {
        if (ticker == null || !status.equals(step)) {
            return;
        }
        if (line != null) {
            line.keep("  ... " + text + took(clock.instant()));
        }
        step = null;
    }

    /** The current wait, told more precisely (a count, a countdown); a new step if none is under way. */
    synchronized void update(String status) {
        if (ticker == null) {
            return;
        }
        if (step == null) {
            step(status);
            return;
        }
        text = status;
        if (line != null) {
            line.draw(statusLine(clock.instant()));
        }
    }

    private synchronized void tick() {
        if (step == null) {
            return;
        }
        Instant now = clock.instant();
        if (line != null) {
            line.redraw(statusLine(now));
        } else if (!Duration.between(lastLogged, now).minus(heartbeat).isNegative()) {
            logLine(now, "still " + text + " (" + seconds(Duration.between(since, now)) + ")");
        }
    }

    private void logLine(Instant now, String message) {
        log.println(Text.instant(now) + " ... " + Text.escapeControls(message));
        log.flush();
        lastLogged = now;
    }

    private String statusLine(Instant now) {
        Duration elapsed = Duration.between(since, now);
        return "... " + text + (elapsed.compareTo(SHOW_ELAPSED_AFTER) < 0 ? "" : " (" + seconds(elapsed) + ")");
    }

    private String took(Instant now) {
        Duration elapsed = Duration.between(since, now);
        return elapsed.compareTo(SHOW_ELAPSED_AFTER) < 0 ? "" : " (" + seconds(elapsed) + ")";
    }

    private static String seconds(Duration d) {
        long s = d.toSeconds();
        return s < 60 ? s + "s" : s / 60 + "m" + String.format("%02d", s % 60) + "s";
    }

    /** The work is over: the ticker stops and the status line is erased (what the step ended in is the output). */
    @Override
    public synchronized void close() {
        if (ticker == null) {
            return;
        }
        ticker.shutdownNow();
        if (line != null) {
            line.erase();
        }
        step = null;
    }
}
