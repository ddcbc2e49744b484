package com.attendancelive.loadgen;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scenario 3 with {@code checkinBy=student}: the current check-in code of each session, read as
 * the admin (the teacher's screen) every 5 s, well within a code's 30 s step and 15 s grace.
 */
final class CurrentCodes implements AutoCloseable {

    private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"(\\d+)\"");

    private final Target.AppTarget app;
    private final List<String> sessionIds;
    private final Map<Integer, String> codes = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "current-codes");
        thread.setDaemon(true);
        return thread;
    });

    CurrentCodes(Target.AppTarget app, List<String> sessionIds) throws Exception {
        this.app = app;
        this.sessionIds = sessionIds;
        refresh();
        timer.scheduleWithFixedDelay(() -> {
            try {
                refresh();
            }
            catch (Exception ex) {
                System.err.println("[checkins] reading the check-in codes failed: " + ex);
            }
        }, 5, 5, TimeUnit.SECONDS);
    }

    /** The current code of class {@code k}'s session. */
    String of(int k) {
        return codes.get(k);
    }

    private void refresh() throws Exception {
        for (int k = 0; k < sessionIds.size(); k++) {
            HttpResponse<String> response = Target.HTTP.send(HttpRequest.newBuilder(URI.create(app.httpBase()
                            + "/api/classes/" + LoadgenData.classId(k) + "/sessions/" + sessionIds.get(k) + "/code"))
                    .header("Authorization", "Bearer " + app.adminToken()).GET().build(), HttpResponse.BodyHandlers.ofString());
            Matcher code = CODE.matcher(response.body());
            if (response.statusCode() != 200 || !code.find()) {
                throw new IllegalStateException("code of " + LoadgenData.classId(k) + " answered " + response.statusCode());
            }
            codes.put(k, code.group(1));
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
