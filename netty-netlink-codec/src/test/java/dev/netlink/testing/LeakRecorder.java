package dev.netlink.testing;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import io.netty.util.ResourceLeakTracker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Records every leak Netty's {@link ResourceLeakDetector} reports, so a test can fail on it instead of the
 * report ending up in a log nobody reads. Installed as the process-wide {@link ResourceLeakDetectorFactory}
 * before any buffer class loads (by {@link LeakDetectionSessionListener}), at PARANOID level.
 */
public final class LeakRecorder {
    private static final ConcurrentLinkedQueue<String> LEAKS = new ConcurrentLinkedQueue<>();
    private static final List<ResourceLeakDetector<?>> DETECTORS = new CopyOnWriteArrayList<>();
    private static volatile boolean installed;

    private LeakRecorder() {
    }

    /** Installs the recording factory and PARANOID level; idempotent. */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ResourceLeakDetectorFactory() {
            @Override
            public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval) {
                ResourceLeakDetector<T> detector = new RecordingDetector<>(resource, samplingInterval);
                DETECTORS.add(detector);
                return detector;
            }

            @Override
            @SuppressWarnings("deprecation")
            public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
                                                                       long maxActive) {
                return newResourceLeakDetector(resource, samplingInterval);
            }
        });
        installed = true;
    }

    /**
     * Collects garbage, lets every detector drain its reference queue, and returns (and forgets) the leaks
     * reported since the last call.
     */
    public static List<String> collectLeaks() {
        for (int round = 0; round < 3; round++) {
            System.gc();
            // Give the reference handler thread a moment to enqueue the collected trackers.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            for (ResourceLeakDetector<?> detector : DETECTORS) {
                poll(detector);
            }
        }
        List<String> leaks = new ArrayList<>();
        for (String leak; (leak = LEAKS.poll()) != null; ) {
            leaks.add(leak);
        }
        return leaks;
    }

    @SuppressWarnings("unchecked")
    private static <T> void poll(ResourceLeakDetector<T> detector) {
        // track() drains the detector's reference queue (reporting what was collected unreleased) before it
        // tracks the probe, which is closed at once so that it is never reported itself.
        Object probe = new Object();
        ResourceLeakTracker<T> tracker = detector.track((T) probe);
        if (tracker != null) {
            tracker.close((T) probe);
        }
    }

    private static final class RecordingDetector<T> extends ResourceLeakDetector<T> {
        RecordingDetector(Class<?> resourceType, int samplingInterval) {
            super(resourceType, samplingInterval);
        }

        @Override
        protected boolean needReport() {
            return true;
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            LEAKS.add("LEAK: " + resourceType + ".release() was not called before it was garbage-collected."
                    + records);
            super.reportTracedLeak(resourceType, records);
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            LEAKS.add("LEAK: " + resourceType + ".release() was not called before it was garbage-collected.");
            super.reportUntracedLeak(resourceType);
        }
    }
}
