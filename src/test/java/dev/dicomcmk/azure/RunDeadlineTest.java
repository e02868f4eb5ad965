package dev.dicomcmk.azure;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A fleet applies --timeout per service: a service that starts late still gets the whole budget. */
class RunDeadlineTest {

    @Test
    void aServiceStartedAfterTheRunsBudgetIsSpentGetsAWholeBudgetOfItsOwn() throws Exception {
        RunDeadline run = RunDeadline.start(Duration.ofMillis(50));
        Thread.sleep(80);
        assertTrue(run.nanosLeft() < 0, "the run's budget is spent");
        long inService = run.perService(run::nanosLeft);
        assertTrue(inService > TimeUnit.MILLISECONDS.toNanos(30), "the service's own budget: " + inService);
        assertTrue(run.nanosLeft() < 0, "outside the service, the run's budget again");
    }

    @Test
    void aServicesReadsOnOtherThreadsDrawFromItsBudget() throws Exception {
        RunDeadline run = RunDeadline.start(Duration.ofSeconds(5));
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            long[] seen = new long[2];
            Thread.sleep(20);
            run.perService(() -> {
                try {
                    Future<?> f = other.submit(RunDeadline.carried(() -> seen[0] = run.nanosLeft()));
                    f.get();
                    Future<?> bare = other.submit(() -> seen[1] = run.nanosLeft());
                    bare.get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return null;
            });
            assertTrue(seen[0] > seen[1], "the carried task sees the service's (later) deadline: " + seen[0] + " vs " + seen[1]);
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void theSessionsIoThreadsCarryTheServicesBudget() throws Exception {
        RunDeadline run = RunDeadline.start(Duration.ofMillis(50));
        AzureSession session = new AzureSession(CloudProfiles.resolve("AzureCloud"), null, null, null, run, "test");
        try {
            Thread.sleep(80);
            long left = session.perService(() -> {
                try {
                    return session.executor().submit(run::nanosLeft).get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(left > 0, "a read the service fans out keeps the service's budget: " + left);
        } finally {
            session.close();
        }
    }
}
