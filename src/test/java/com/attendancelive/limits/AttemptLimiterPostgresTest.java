package com.attendancelive.limits;

class AttemptLimiterPostgresTest extends AttemptLimiterContract {

    @Override
    LimitStore createStore() {
        return LimitStore.postgres();
    }
}
