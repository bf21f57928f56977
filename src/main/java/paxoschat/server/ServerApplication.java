package paxoschat.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.admin.SpringApplicationAdminJmxAutoConfiguration;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.autoconfigure.info.ProjectInfoAutoConfiguration;
import org.springframework.boot.autoconfigure.jmx.JmxAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.application.DiskSpaceHealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.application.SslHealthContributorAutoConfiguration;
import org.springframework.boot.servlet.autoconfigure.MultipartAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAspectsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.logging.logback.LogbackMetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.ssl.SslMetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.startup.StartupTimeMetricsListenerAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.task.TaskExecutorMetricsAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ScheduledTasksObservationAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.metrics.TomcatMetricsAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcObservationAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * A paxos-chat server: one Paxos node (replica, acceptor, leader) behind the chat API, the
 * internal Paxos transport and the health endpoint. Start-up time matters (tests and the
 * master start many servers), so auto-configuration we do not use is excluded: of
 * Micrometer's, only the registry, the Prometheus endpoint and the JVM and system metrics
 * stay.
 */
@SpringBootApplication(
        scanBasePackages = {"paxoschat.server", "paxoschat.node", "paxoschat.transport", "paxoschat.health", "paxoschat.chat",
                "paxoschat.admin", "paxoschat.faults", "paxoschat.web", "paxoschat.auth", "paxoschat.browser",
                "paxoschat.metrics"},
        exclude = {JmxAutoConfiguration.class, SpringApplicationAdminJmxAutoConfiguration.class,
                AopAutoConfiguration.class, ProjectInfoAutoConfiguration.class, SslAutoConfiguration.class,
                SslHealthContributorAutoConfiguration.class, DiskSpaceHealthContributorAutoConfiguration.class,
                MultipartAutoConfiguration.class, TaskSchedulingAutoConfiguration.class,
                TomcatMetricsAutoConfiguration.class,
                // Metrics yes, observations no: they would put an observation filter in
                // front of every request (heartbeats and Paxos batches too) and time
                // scheduled tasks; paxoschat.metrics times what a dashboard needs itself.
                ObservationAutoConfiguration.class, ScheduledTasksObservationAutoConfiguration.class,
                WebMvcObservationAutoConfiguration.class,
                // Metrics nobody here reads, each a little start-up work.
                MetricsAspectsAutoConfiguration.class, TaskExecutorMetricsAutoConfiguration.class,
                StartupTimeMetricsListenerAutoConfiguration.class, LogbackMetricsAutoConfiguration.class,
                SslMetricsAutoConfiguration.class})
@EnableConfigurationProperties(PaxosProperties.class)
public class ServerApplication {

    public static void main(String[] args) {
        run(args);
    }

    /** Starts a server; the context is the caller's to close (the warm start's warm-up closes it). */
    public static ConfigurableApplicationContext run(String... args) {
        SpringApplication application = new SpringApplication(ServerApplication.class);
        // Spring AOT finds the generated initializer by the main class, which it would
        // otherwise guess from the stack: wrong when a WarmTemplate starts the server.
        application.setMainApplicationClass(ServerApplication.class);
        return application.run(args);
    }

    @Bean
    Halt halt() {
        return Halt.runtime();
    }
}
