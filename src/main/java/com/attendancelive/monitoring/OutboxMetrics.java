package com.attendancelive.monitoring;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.modulith.events.EventPublication;
import org.springframework.modulith.events.core.EventPublicationRepository;
import org.springframework.stereotype.Component;

/**
 * Events waiting for publication: Spring Modulith's event publication registry (the outbox) rows
 * not completed yet, by status. A growing {@code PUBLISHED} count means listeners (e.g. the broker
 * to the broker) are not keeping up or failing; {@code FAILED} ones wait for a resubmission.
 */
@Component
class OutboxMetrics implements MeterBinder {

    private final ObjectProvider<EventPublicationRepository> publications;

    OutboxMetrics(ObjectProvider<EventPublicationRepository> publications) {
        this.publications = publications;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (EventPublication.Status status : EventPublication.Status.values()) {
            if (status == EventPublication.Status.COMPLETED) {
                continue;
            }
            Gauge.builder("attendance.events.incomplete", this, m -> m.count(status))
                    .description("Event publications not completed yet (the outbox), by status")
                    .tag("status", status.name())
                    .register(registry);
        }
    }

    private double count(EventPublication.Status status) {
        EventPublicationRepository repository = publications.getIfAvailable();
        if (repository == null) {
            return Double.NaN;
        }
        try {
            return repository.countByStatus(status);
        }
        catch (RuntimeException noTableOrDatabaseDown) {
            return Double.NaN;
        }
    }
}
