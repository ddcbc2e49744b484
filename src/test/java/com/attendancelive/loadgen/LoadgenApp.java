package com.attendancelive.loadgen;

import com.attendancelive.AttendanceLiveApplication;
import com.attendancelive.limits.NoLimits;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The application as the load generator starts it: the real application plus {@link PublishHook}
 * (profile {@code loadgen}), which publishes timestamped events of a class as a committed change
 * publishes its event (through the outbox to the local hand-over and the broker), without the change
 * itself. With
 * {@code --loadgen.limits=off} the shared attempt counters are replaced by {@link NoLimits}, to
 * measure what they cost.
 */
public final class LoadgenApp {

    private LoadgenApp() {
    }

    public static void main(String[] args) {
        new SpringApplicationBuilder(AttendanceLiveApplication.class, PublishHook.class, LoadgenData.class,
                NoLimits.Replacement.class)
                .profiles("loadgen")
                .run(args);
    }
}
