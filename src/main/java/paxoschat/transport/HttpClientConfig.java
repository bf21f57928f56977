package paxoschat.transport;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import paxoschat.auth.PeerSigning;

/**
 * The one OkHttpClient of a server, shared by the Paxos transport and the heartbeats so
 * they share a connection pool and a dispatcher; it signs what they tag for a peer
 * (paxoschat.auth). Timeouts are short: on one machine a
 * healthy peer answers in milliseconds, and a dead one must never hold the protocol up.
 */
@Configuration(proxyBeanMethods = false)
class HttpClientConfig {

    @Bean(destroyMethod = "")
    OkHttpClient okHttpClient(PeerSigning signing) {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(256);
        dispatcher.setMaxRequestsPerHost(64);
        return signing.apply(new OkHttpClient.Builder())
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(32, 5, TimeUnit.MINUTES))
                .connectTimeout(Duration.ofMillis(200))
                .readTimeout(Duration.ofSeconds(1))
                .writeTimeout(Duration.ofSeconds(1))
                .callTimeout(Duration.ofSeconds(1))
                .socketFactory(new NoDelaySocketFactory())
                // Plain HTTP only: OkHttp then never loads the JDK's trust store and
                // certificates, which cost every server start tens of milliseconds.
                .connectionSpecs(java.util.List.of(okhttp3.ConnectionSpec.CLEARTEXT))
                .build();
    }

    /** Closes the client with the context, so a stopped server leaves no threads or sockets. */
    @Bean
    OkHttpShutdown okHttpShutdown(OkHttpClient client) {
        return new OkHttpShutdown(client);
    }

    record OkHttpShutdown(OkHttpClient client) implements org.springframework.beans.factory.DisposableBean {
        @Override
        public void destroy() {
            client.dispatcher().cancelAll();
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }
}
