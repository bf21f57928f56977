package paxoschat.web;

import org.springframework.core.Ordered;

/**
 * Where the servlet filters sit (lower runs first). Boot puts its HTTP observation filter
 * (with metrics on the class path) at {@code HIGHEST_PRECEDENCE + 1}; then come ours: the
 * gate, the cross-origin policy, the fast paths, and after them what only Spring MVC's
 * requests need.
 */
public final class WebFilterOrder {

    /**
     * For a filter that must see every request before anything reads its body or answers
     * it, fast paths included: authentication of /paxos/** and /admin/**, metrics. It must
     * be async-supported, or the fast paths (and MVC's DeferredResults) cannot go async.
     */
    public static final int GATE = Ordered.HIGHEST_PRECEDENCE + 10;
    /**
     * The cross-origin policy of the public endpoints (paxoschat.browser): it must answer a
     * preflight, and refuse a POST from a foreign page, before a fast path answers.
     */
    public static final int CROSS_ORIGIN = Ordered.HIGHEST_PRECEDENCE + 15;
    /** {@link FastPathFilter}. */
    public static final int FAST_PATHS = Ordered.HIGHEST_PRECEDENCE + 20;
    /**
     * Boot's character encoding filter, which Boot puts first of all: it decodes parameters
     * and text bodies for MVC, while the fast paths read bytes and answer no parameter, so
     * the most frequent requests need not pay for it.
     */
    public static final int CHARACTER_ENCODING = Ordered.HIGHEST_PRECEDENCE + 30;
    /**
     * {@link BodySizeLimitFilter}: a fast path bounds what it reads itself and leaves a
     * larger body to MVC, so the 413 is the same whichever would have answered.
     */
    public static final int BODY_LIMIT = Ordered.HIGHEST_PRECEDENCE + 40;

    private WebFilterOrder() {
    }
}
