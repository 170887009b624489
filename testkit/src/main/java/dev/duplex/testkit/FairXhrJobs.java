package dev.duplex.testkit;

import org.htmlunit.corejs.javascript.ContextAction;
import org.htmlunit.corejs.javascript.ContextFactory;
import org.htmlunit.javascript.background.BackgroundJavaScriptFactory;
import org.htmlunit.javascript.background.JavaScriptJob;

/**
 * Makes HtmlUnit queue its asynchronous XMLHttpRequests with the page's timers, by due time, as a browser's event
 * loop does.
 *
 * <p>Why: HtmlUnit 5 runs each async XHR as a job on the window's one JavaScript thread, performing the request
 * there (so a parked long-poll holds that thread for the server's whole poll time), and it ranks XHR jobs ahead of
 * every timer ({@code BasicJavaScriptJob.isExecuteAsap}). A long-poll client starts its next poll from the
 * previous poll's callback, so an XHR job is always waiting and no timer of the page ever fires again: duplex.js's
 * upgrade timer never ran, and the WebSocket was never constructed. Real browsers run due timers between network
 * events, and never wait for the network on their event loop; with this factory HtmlUnit does neither.
 *
 * <p>The factory is JVM-wide in HtmlUnit ({@link BackgroundJavaScriptFactory#setFactory}); it changes only the
 * ordering of XHR jobs, which is what every HtmlUnit session in this kit wants.
 */
final class FairXhrJobs extends BackgroundJavaScriptFactory {
    private static boolean installed;

    private FairXhrJobs() {
    }

    /** Installs the factory once per JVM, before the first HtmlUnit session. */
    static synchronized void install() {
        if (!installed) {
            BackgroundJavaScriptFactory.setFactory(new FairXhrJobs());
            installed = true;
        }
    }

    @Override
    public JavaScriptJob createJavascriptXMLHttpRequestJob(ContextFactory contextFactory,
            ContextAction<Object> action) {
        return new DueTimeJob(super.createJavascriptXMLHttpRequestJob(contextFactory, action));
    }

    /** HtmlUnit's XHR job, ranked by due time (then id) like a timer, never ahead of due timers. */
    private static final class DueTimeJob implements JavaScriptJob {
        private final JavaScriptJob xhr;

        DueTimeJob(JavaScriptJob xhr) {
            this.xhr = xhr;
        }

        /**
         * Performs the request on a thread of its own, so a parked long-poll no longer holds the window's
         * JavaScript thread for the server's whole poll time (every send and timer of the page waited behind it:
         * the first echo took one poll hold, 25 s). A browser's network never blocks its event loop. The XHR's
         * events still run one script at a time: HtmlUnit runs every script of a page under the page's lock.
         */
        @Override
        public void run() {
            Thread request = new Thread(xhr::run, "htmlunit-xhr-" + xhr.getId());
            request.setDaemon(true);
            request.start();
        }

        @Override
        public Integer getId() {
            return xhr.getId();
        }

        @Override
        public void setId(Integer id) {
            xhr.setId(id);
        }

        @Override
        public long getTargetExecutionTime() {
            return xhr.getTargetExecutionTime();
        }

        @Override
        public void setTargetExecutionTime(long time) {
            xhr.setTargetExecutionTime(time);
        }

        @Override
        public Integer getPeriod() {
            return null;
        }

        @Override
        public boolean isPeriodic() {
            return false;
        }

        @Override
        public boolean isExecuteAsap() {
            return false;
        }

        /** The mirror of HtmlUnit's own order, so the job queue stays consistent: asap jobs first, then by time. */
        @Override
        public int compareTo(JavaScriptJob other) {
            if (other.isExecuteAsap()) {
                return 1;
            }
            int byTime = Long.compare(getTargetExecutionTime(), other.getTargetExecutionTime());
            return byTime != 0 ? byTime : Integer.compare(getId(), other.getId());
        }

        @Override
        public String toString() {
            return "due-time " + xhr;
        }
    }
}
