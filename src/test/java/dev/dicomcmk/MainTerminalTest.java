package dev.dicomcmk;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Main's terminal check by device file (the launcher's tests run it in a real pseudo-terminal, see LauncherIT). */
class MainTerminalTest {

    @Test
    void terminalsAreTheTerminalDevices() {
        assertTrue(Main.isTerminalDevice("/dev/pts/3"));
        assertTrue(Main.isTerminalDevice("/dev/tty1"));
        assertTrue(Main.isTerminalDevice("/dev/ttyS0"));
        assertTrue(Main.isTerminalDevice("/dev/console"));
        assertFalse(Main.isTerminalDevice("/dev/null"));
        assertFalse(Main.isTerminalDevice("/proc/123/fd/pipe:[456]"));
        assertFalse(Main.isTerminalDevice("/home/admin/report.txt"));
        assertFalse(Main.isTerminalDevice("/dev/console.log"));
    }

    @Test
    void aTestRunIsNoTerminal() {
        // surefire's forked JVM reads and writes pipes
        assertFalse(Main.onTerminal());
    }
}
