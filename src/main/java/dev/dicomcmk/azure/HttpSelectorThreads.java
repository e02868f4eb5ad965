package dev.dicomcmk.azure;

/**
 * The JDK HttpClient (azure-core's transport here) keeps a selector thread waiting in epoll, that is in
 * native code, until its client is garbage-collected; JDK 17's HttpClient has no close(). When the JVM
 * exits it waits up to 300 ms for every thread in native code to come back ({@code VM_Exit}), which was
 * a fifth of a whole validate-key run. A process that is done with Azure lets those threads go first.
 */
public final class HttpSelectorThreads {

    private HttpSelectorThreads() {
    }

    /**
     * Interrupts the JDK HttpClient's selector threads, which makes each close its selector and end.
     * Only for a process about to exit: every HTTP client of the process stops working.
     */
    public static void releaseBeforeExit() {
        Thread[] threads = new Thread[Thread.activeCount() + 16];
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        int n = root.enumerate(threads, true);
        for (int i = 0; i < n; i++) {
            String name = threads[i].getName();
            if (name.startsWith("HttpClient-") && name.endsWith("-SelectorManager")) {
                threads[i].interrupt();
            }
        }
    }
}
