package com.attendancelive.realtime;

import com.attendancelive.attendance.AttendanceEventRecorded;
import com.attendancelive.system.DaemonTimer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.stereotype.Component;

/**
 * When the broker connection returns, sends the attendance events whose publication is still
 * incomplete ({@link AttendanceEventDelivery}'s publishes that failed while the broker was away)
 * again, on a thread of its own: the connection's thread does not wait for the database.
 */
@Component
class IncompleteEventResubmission implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(IncompleteEventResubmission.class);

    private final IncompleteEventPublications incomplete;
    private final DaemonTimer thread = new DaemonTimer("attendance-event-resubmit");

    IncompleteEventResubmission(IncompleteEventPublications incomplete) {
        this.incomplete = incomplete;
        thread.start();
    }

    @EventListener
    void onBrokerConnection(BrokerConnectionChanged change) {
        if (change.connected()) {
            thread.execute(this::resubmit);
        }
    }

    private void resubmit() {
        try {
            incomplete.resubmitIncompletePublications(
                    publication -> publication.getEvent() instanceof AttendanceEventRecorded);
        }
        catch (RuntimeException ex) {
            log.warn("Resubmitting unsent attendance events failed; they stay queued: {}", ex.toString());
        }
    }

    @Override
    public void destroy() {
        thread.stop();
    }
}
