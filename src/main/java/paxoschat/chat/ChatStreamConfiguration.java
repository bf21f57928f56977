package paxoschat.chat;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@link ChatStream} as the servlet of its exact path, beside Spring MVC's dispatcher. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StreamProperties.class)
class ChatStreamConfiguration {

    @Bean
    ServletRegistrationBean<ChatStream> chatStreamRegistration(ChatStream stream) {
        ServletRegistrationBean<ChatStream> registration = new ServletRegistrationBean<>(stream, ChatStream.PATH);
        registration.setAsyncSupported(true);
        return registration;
    }
}
