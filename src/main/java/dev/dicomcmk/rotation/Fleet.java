package dev.dicomcmk.rotation;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.BiFunction;

/**
 * Rotates many services with at most N at a time (ARM's write limits are per subscription, and a
 * fleet's blast radius should stay small). Each service's failure is its own row; none stops the rest.
 */
public final class Fleet {

    private Fleet() {
    }

    /**
     * @param services the services, in the order the summary lists them
     * @param rotate   rotates one service
     * @param failed   turns a failure outside the rotation's own handling into that service's row
     */
    public static <S> List<RotationResult> run(List<S> services, int parallel, Function<S, RotationResult> rotate,
                                               BiFunction<S, RuntimeException, RotationResult> failed) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallel), r -> {
            Thread t = new Thread(r, "dicom-cmk-rotate");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<RotationResult>> futures = new ArrayList<>();
            for (S service : services) {
                futures.add(pool.submit(() -> {
                    try {
                        return rotate.apply(service);
                    } catch (RuntimeException e) {
                        return failed.apply(service, e);
                    }
                }));
            }
            List<RotationResult> results = new ArrayList<>();
            for (Future<RotationResult> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rotating the fleet", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a rotation failed unexpectedly: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
