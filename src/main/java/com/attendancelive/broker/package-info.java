/**
 * The message broker: the embedded ActiveMQ Classic broker and the address instances connect to.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Broker", allowedDependencies = {})
package com.attendancelive.broker;
