package paxoschat.browser;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The pages and their scripts, from {@code classpath:/static/}: only the top-level
 * {@code *.html} files and {@code /assets/**}, so that every other unknown path stays a 404
 * problem (Boot's catch-all static mapping is off: spring.web.resources.add-mappings).
 * The chat room at {@code /} is rendered with the log in it ({@link ChatRoomPage}).
 * Revalidated on every load (no-cache, with Last-Modified), so a page never runs a script
 * older than its server's.
 */
@Configuration(proxyBeanMethods = false)
class BrowserPages implements WebMvcConfigurer {

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        // A pattern's location receives the path below the pattern's fixed part.
        registry.addResourceHandler("/*.html").addResourceLocations("classpath:/static/")
                .setCacheControl(CacheControl.noCache());
        registry.addResourceHandler("/assets/**").addResourceLocations("classpath:/static/assets/")
                .setCacheControl(CacheControl.noCache());
    }
}
