package dev.dicomcmk.azure;

import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Releasing the selector threads ends them, so the JVM's exit has no thread in native code to wait for.
 * Runs in a JVM of its own: the release stops every HTTP client of its process, and this one's tests share theirs.
 */
class HttpSelectorThreadsTest {

    @Test
    void aReleasedSelectorThreadEnds() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Child.class.getName()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM ended");
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.exitValue(), out);
        assertEquals("selector threads before 1, after 0", out.strip());
    }

    /** Makes an HttpClient (its selector thread starts with it), releases it, and says what is left. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            HttpClient client = HttpClient.newHttpClient();
            int before = selectorThreads();
            HttpSelectorThreads.releaseBeforeExit();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (selectorThreads() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            System.out.println("selector threads before " + before + ", after " + selectorThreads());
            System.out.flush();
            if (client.version() == null) { // keeps the client reachable until here
                System.exit(2);
            }
        }

        private static int selectorThreads() {
            return (int) Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.isAlive() && t.getName().matches("HttpClient-\\d+-SelectorManager")).count();
        }
    }
}
