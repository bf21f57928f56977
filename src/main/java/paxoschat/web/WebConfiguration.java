package paxoschat.web;

import java.util.List;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.CharacterEncodingFilter;
import tools.jackson.databind.json.JsonMapper;

/** The web layer's filters, in their {@link WebFilterOrder}, and its problem writer in MVC. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebProperties.class)
class WebConfiguration {

    @Bean
    FastPathFilter fastPathFilter(List<FastPath> paths, JsonMapper json, WebProperties properties) {
        return new FastPathFilter(paths, new ResponseWriter(json), properties.fastPaths());
    }

    @Bean
    FilterRegistrationBean<FastPathFilter> fastPathRegistration(FastPathFilter filter) {
        FilterRegistrationBean<FastPathFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setUrlPatterns(filter.paths());
        registration.setOrder(WebFilterOrder.FAST_PATHS);
        registration.setAsyncSupported(true);
        return registration;
    }

    /**
     * Boot's own filter (server.servlet.encoding.*, which must stay enabled), moved behind
     * the fast paths: see {@link WebFilterOrder#CHARACTER_ENCODING}.
     */
    @Bean
    FilterRegistrationBean<CharacterEncodingFilter> characterEncodingRegistration(CharacterEncodingFilter filter) {
        FilterRegistrationBean<CharacterEncodingFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(WebFilterOrder.CHARACTER_ENCODING);
        registration.setAsyncSupported(true);
        return registration;
    }

    @Bean
    FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitRegistration(WebProperties properties) {
        FilterRegistrationBean<BodySizeLimitFilter> registration =
                new FilterRegistrationBean<>(new BodySizeLimitFilter(properties.maxPeerBodyBytes()));
        registration.setOrder(WebFilterOrder.BODY_LIMIT);
        registration.setAsyncSupported(true);
        return registration;
    }

    @Bean
    ServerHttpMessageConvertersCustomizer problemBodyConverter() {
        return converters -> converters.addCustomConverter(new ProblemBodyConverter());
    }
}
