package com.attendancelive.realtime;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** This instance's subscriptions to class topics, by class and by session. Safe for concurrent use. */
final class ClassSubscriptions {

    record Subscriber(String sessionId, String subscriptionId) {
    }

    private final Map<String, Set<Subscriber>> byClass = new ConcurrentHashMap<>();
    /** Session id, then subscription id, to class id. */
    private final Map<String, Map<String, String>> bySession = new ConcurrentHashMap<>();

    /** A subscription id used again within its session replaces what it stood for. */
    void add(String sessionId, String subscriptionId, String classId) {
        String previous = bySession.computeIfAbsent(sessionId, id -> new ConcurrentHashMap<>()).put(subscriptionId, classId);
        Subscriber subscriber = new Subscriber(sessionId, subscriptionId);
        if (previous != null) {
            removeFromClass(previous, subscriber);
        }
        byClass.compute(classId, (id, subscribers) -> {
            Set<Subscriber> set = subscribers == null ? ConcurrentHashMap.newKeySet() : subscribers;
            set.add(subscriber);
            return set;
        });
    }

    /** False if the session has no class subscription with this id. */
    boolean remove(String sessionId, String subscriptionId) {
        Map<String, String> subscriptions = bySession.get(sessionId);
        String classId = subscriptions == null ? null : subscriptions.remove(subscriptionId);
        if (classId == null) {
            return false;
        }
        removeFromClass(classId, new Subscriber(sessionId, subscriptionId));
        return true;
    }

    /** False if the session had no class subscription. */
    boolean removeSession(String sessionId) {
        Map<String, String> subscriptions = bySession.remove(sessionId);
        if (subscriptions == null) {
            return false;
        }
        subscriptions.forEach((subscriptionId, classId) -> removeFromClass(classId, new Subscriber(sessionId, subscriptionId)));
        return true;
    }

    Set<Subscriber> ofClass(String classId) {
        return byClass.getOrDefault(classId, Set.of());
    }

    Set<String> sessions() {
        return Set.copyOf(bySession.keySet());
    }

    private void removeFromClass(String classId, Subscriber subscriber) {
        byClass.computeIfPresent(classId, (id, subscribers) -> {
            subscribers.remove(subscriber);
            return subscribers.isEmpty() ? null : subscribers;
        });
    }
}
