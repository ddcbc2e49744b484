/**
 * What every module may name: the identifier grammar and the endpoint and destination names of the
 * client contract (docs/contract.md). An open module without dependencies of its own.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Shared", type = org.springframework.modulith.ApplicationModule.Type.OPEN,
        allowedDependencies = {})
package com.attendancelive.shared;
