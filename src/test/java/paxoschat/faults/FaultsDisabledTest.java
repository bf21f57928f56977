package paxoschat.faults;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import paxoschat.web.OneServer;

/** By default (paxos.faults.enabled=false) there is no fault filter and no /admin/faults. */
class FaultsDisabledTest extends OneServer {

    @Autowired
    private ApplicationContext context;

    @Test
    void theEndpointIs404AndThereIsNoFilter() {
        assertThat(http.postJson("/admin/faults", "{\"blockedPeers\":[]}").statusCode()).isEqualTo(404);
        assertThat(http.get("/admin/faults").statusCode()).isEqualTo(404);
        assertThat(context.getBeanNamesForType(FaultInjector.class)).isEmpty();
    }
}
