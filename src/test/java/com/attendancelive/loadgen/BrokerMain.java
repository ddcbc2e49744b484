package com.attendancelive.loadgen;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.broker.region.policy.PolicyEntry;
import org.apache.activemq.broker.region.policy.PolicyMap;

/**
 * A standalone ActiveMQ Classic broker for the load generator, configured like the embedded one
 * (non-persistent, no JMX, no advisories, STOMP over NIO, inactive queues collected): the broker
 * "in its own process" of the external mode, and the target of the direct baseline.
 * Arguments: port [maximumConnections].
 */
public final class BrokerMain {

    private BrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int maxConnections = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        BrokerService broker = new BrokerService();
        broker.setBrokerName("loadgen-broker");
        broker.setPersistent(false);
        broker.setUseJmx(false);
        broker.setUseShutdownHook(false);
        broker.setAdvisorySupport(false);
        PolicyEntry queues = new PolicyEntry();
        queues.setQueue(">");
        queues.setGcInactiveDestinations(true);
        queues.setInactiveTimeoutBeforeGC(60_000);
        PolicyMap policies = new PolicyMap();
        policies.setPolicyEntries(List.of(queues));
        broker.setDestinationPolicy(policies);
        broker.addConnector("stomp+nio://127.0.0.1:" + port + "?transport.hbGracePeriodMultiplier=1.5"
                + "&maximumConnections=" + maxConnections);
        broker.start();
        broker.waitUntilStarted();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                broker.stop();
                broker.waitUntilStopped();
            }
            catch (Exception ignored) {
                // exiting anyway
            }
            stopped.countDown();
        }));
        stopped.await();
    }
}
