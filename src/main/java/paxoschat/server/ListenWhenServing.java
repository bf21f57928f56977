package paxoschat.server;

import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tomcat opens its listening socket only when it starts accepting, at the end of Spring's
 * start, instead of early in it (Tomcat's {@code bindOnInit}). Otherwise, for the second or
 * more that the rest of the start takes, the kernel completes connections nobody accepts:
 * peers' heartbeats and the master's probes took a listening port for a server that
 * answers, waited, and their abandoned connections filled the accept queue (100), after
 * which new connections lost their SYN and waited a second or three for its resend. A
 * port that refuses until the server serves tells the truth at once.
 */
@Configuration(proxyBeanMethods = false)
class ListenWhenServing {

    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> bindWhenStarting() {
        return factory -> factory.addConnectorCustomizers(connector -> connector.setProperty("bindOnInit", "false"));
    }
}
