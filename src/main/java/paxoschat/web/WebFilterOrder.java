package paxoschat.web;

import org.springframework.core.Ordered;

/**
 * Where the web layer's servlet filters sit (lower runs first). Boot's character encoding
 * filter runs at {@link Ordered#HIGHEST_PRECEDENCE} and its HTTP observation filter just
 * after; everything of ours that must see every request comes next, then the body limit,
 * then the fast paths, then the rest of Boot's filters and Spring MVC.
 */
public final class WebFilterOrder {

    /**
     * For a filter that must see every request before anything reads its body or answers
     * it, fast paths included: authentication of /paxos/** and /admin/**, metrics. It must
     * be async-supported, or the fast paths (and MVC's DeferredResults) cannot go async.
     */
    public static final int GATE = Ordered.HIGHEST_PRECEDENCE + 10;
    /** {@link BodySizeLimitFilter}: a body too large gets its 413 unread, whichever path would answer. */
    public static final int BODY_LIMIT = Ordered.HIGHEST_PRECEDENCE + 20;
    /** {@link FastPathFilter}. */
    public static final int FAST_PATHS = Ordered.HIGHEST_PRECEDENCE + 30;

    private WebFilterOrder() {
    }
}
