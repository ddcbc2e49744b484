package com.attendancelive.loadgen;

/** Scenario 3: check-ins through REST with dashboards subscribed. Needs the core's check-in API. */
final class CheckInBurstScenario {

    private CheckInBurstScenario() {
    }

    static Figures run(Target target, Options options) {
        Figures figures = new Figures("checkins", target.name());
        figures.note("not implemented yet: needs the core's REST check-ins");
        return figures;
    }
}
