package com.attendancelive.loadgen;

import com.attendancelive.AttendanceLiveApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The application as the load generator starts it: the real application plus {@link PublishHook}
 * (profile {@code loadgen}), which publishes timestamped messages through the app's own
 * {@code SimpMessagingTemplate}, the path every attendance event takes.
 */
public final class LoadgenApp {

    private LoadgenApp() {
    }

    public static void main(String[] args) {
        new SpringApplicationBuilder(AttendanceLiveApplication.class, PublishHook.class, LoadgenData.class)
                .profiles("loadgen")
                .run(args);
    }
}
