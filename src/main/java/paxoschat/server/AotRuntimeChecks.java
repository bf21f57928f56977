package paxoschat.server;

import org.springframework.aot.AotDetector;
import org.springframework.boot.thread.Threading;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.tomcat.autoconfigure.TomcatVirtualThreadsWebServerFactoryCustomizer;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * What Spring AOT would otherwise freeze at build time. master-cli runs servers with the
 * bean definitions worked out at build time (-Dspring.aot.enabled=true), and the build
 * evaluates every condition once, on the build's JVM and with default settings.
 */
@Configuration(proxyBeanMethods = false)
class AotRuntimeChecks {

    /**
     * Boot puts Tomcat on virtual threads only if the JVM has them, a condition the build
     * (on Java 17) answers no. Decide it again when the server starts, on Java 21+.
     */
    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> virtualThreadsWhenTheJvmHasThem(Environment env) {
        return factory -> {
            if (AotDetector.useGeneratedArtifacts() && Threading.VIRTUAL.isActive(env)) {
                new TomcatVirtualThreadsWebServerFactoryCustomizer().customize(factory);
            }
        };
    }

    /**
     * The fault filter exists only with paxos.faults.enabled, a condition the build
     * answered with the default, false: refuse to start rather than run without faults.
     */
    @Bean
    Object faultsNeedSpringWithoutAot(Environment env) {
        if (AotDetector.useGeneratedArtifacts() && env.getProperty("paxos.faults.enabled", Boolean.class, false)) {
            throw new IllegalStateException("paxos.faults.enabled=true needs a server started without "
                    + "-Dspring.aot.enabled=true: its beans were decided at build time, without faults");
        }
        return new Object();
    }
}
