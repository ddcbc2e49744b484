package com.attendancelive.limits;

class AttemptLimiterH2Test extends AttemptLimiterContract {

    @Override
    LimitStore createStore() {
        return LimitStore.h2();
    }
}
