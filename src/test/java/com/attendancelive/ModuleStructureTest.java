package com.attendancelive;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

class ModuleStructureTest {

    @Test
    void modulesOnlyUseEachOthersPublicSurface() {
        ApplicationModules.of(AttendanceLiveApplication.class).verify();
    }
}
