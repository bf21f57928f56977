package paxoschat.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import paxoschat.web.WebFilterOrder;

/** The commit timing filter, at the web layer's gate (before the fast paths). */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

    @Bean
    FilterRegistrationBean<CommitTimingFilter> commitTimingRegistration(MeterRegistry registry) {
        FilterRegistrationBean<CommitTimingFilter> registration =
                new FilterRegistrationBean<>(new CommitTimingFilter(registry));
        registration.addUrlPatterns(CommitTimingFilter.PATH);
        registration.setOrder(WebFilterOrder.GATE);
        registration.setAsyncSupported(true);
        return registration;
    }
}
