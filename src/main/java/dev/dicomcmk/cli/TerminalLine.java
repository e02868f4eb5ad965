package dev.dicomcmk.cli;

import dev.dicomcmk.model.Text;
import org.fusesource.jansi.Ansi;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * The live status line at the bottom of a terminal, on stderr. Everything else the run prints (stdout and
 * stderr) goes through {@link #wrap}, which erases the line first, so a report, a note or an error never lands
 * behind a half-drawn status; the line comes back at the next {@link #draw}.
 */
final class TerminalLine {

    private final Writer err;
    private boolean drawn;
    /** Other output came after the last status: the clock must not draw over it (a prompt waiting for input). */
    private boolean superseded;

    TerminalLine(Writer err) {
        this.err = err;
    }

    /** A writer that erases the status line before anything it writes. */
    PrintWriter wrap(Writer target, boolean autoFlush) {
        return new PrintWriter(new Writer() {
            @Override
            public void write(char[] buf, int off, int len) throws IOException {
                synchronized (TerminalLine.this) {
                    eraseIfDrawn();
                    err.flush();
                    superseded = true;
                    target.write(buf, off, len);
                    // stdout is buffered apart from stderr: out before the line can be drawn again
                    target.flush();
                }
            }

            @Override
            public void flush() throws IOException {
                target.flush();
            }

            @Override
            public void close() throws IOException {
                target.close();
            }
        }, autoFlush);
    }

    /** Draws the line in place for a new status: back to column 1, erase, the text, no line feed. */
    synchronized void draw(String text) {
        superseded = false;
        redraw(text);
    }

    /** Redraws the line (the clock ticking), unless other output has come since the last status. */
    synchronized void redraw(String text) {
        if (superseded) {
            return;
        }
        try {
            err.write(Ansi.ansi().cursorToColumn(1).eraseLine(Ansi.Erase.ALL).a(Text.escapeControls(text)).toString());
            err.flush();
            drawn = true;
        } catch (IOException e) {
            drawn = false;
        }
    }

    /** Keeps this text as an ordinary line above where the status line is drawn next. */
    synchronized void keep(String text) {
        try {
            eraseIfDrawn();
            err.write(Text.escapeControls(text) + "\n");
            err.flush();
        } catch (IOException ignored) {
            // stderr gone: nothing to tell anyone
        }
    }

    synchronized void erase() {
        try {
            eraseIfDrawn();
            err.flush();
        } catch (IOException ignored) {
            // stderr gone
        }
    }

    private void eraseIfDrawn() throws IOException {
        if (drawn) {
            err.write(Ansi.ansi().cursorToColumn(1).eraseLine(Ansi.Erase.ALL).toString());
            drawn = false;
        }
    }
}
